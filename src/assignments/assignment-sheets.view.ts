import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What `PUT /api/assignments/:id/draft.xlsx` answers: the assignment after the
 * draft was saved, the same object as `PUT /api/assignments/:id/draft`. The
 * fields a client of the upload reads are described here; the answer carries
 * the assignment's other fields too (versions, reviews, history …).
 */
export class AssignmentDraftView {
  @ApiProperty({ description: '任务编号', example: '3f1c2a9e-5b7d-4c1e-9a0f-2d8b6e4c7a15' })
  id!: string;

  @ApiProperty({ description: '所属公文编号' })
  noticeId!: string;

  @ApiProperty({ description: '任务状态', example: 'drafting' })
  state!: string;

  @ApiProperty({ description: '任务状态（中文）', example: '填报中' })
  stateLabel!: string;

  @ApiProperty({ description: '当前用户现在可以发送的事件', type: [String], example: ['SUBMIT'] })
  nextEvents!: string[];

  @ApiProperty({ description: '任务版本号（乐观锁）；保存草稿后加一', type: 'integer', example: 4 })
  version!: number;

  @ApiProperty({
    description: '保存的策略表草稿（由上传的附件3转换而来，与表单保存的 JSON 结构相同）',
    type: 'object',
    additionalProperties: true,
    example: { goals: [{ goalCode: '2022-01', leadCenter: '天津市心血管内科医疗质量控制中心' }], contact: { name: '王芳', phone: '022-23456789' } },
  })
  draft!: Record<string, unknown>;

  @ApiPropertyOptional({ description: '草稿保存时间（带时区偏移）', example: '2022-04-20T10:15:00+08:00', nullable: true })
  draftUpdatedAt!: string | null;

  @ApiProperty({ description: '截止时间（带时区偏移）', example: '2022-04-29T09:00:00+08:00' })
  deadline!: string;
}
