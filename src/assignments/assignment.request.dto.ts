import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, IsInt, Min } from 'class-validator';
import { ASSIGNMENT_EVENT_TYPES, ASSIGNMENT_STATES, type AssignmentEventType, type AssignmentState } from '../../workflows/assignment.machine.js';
import { IsInstant } from '../common/instants.js';
import { PageQueryDto } from '../common/paging.js';
import { Label } from '../common/labels.js';

/** Events a client may send; DEADLINE_PASSED and CLOSE come from the engine itself. */
export const CLIENT_ASSIGNMENT_EVENTS = ASSIGNMENT_EVENT_TYPES.filter((t) => t !== 'DEADLINE_PASSED' && t !== 'CLOSE' && t !== 'SAVE_DRAFT');

const TABLE_DESCRIPTION = '策略表（附件3）：{goals: [{goalCode, …各列}], contact: {…}}，按公文的策略表模板校验（见 GET /api/templates/strategy-table）';

export class AssignmentEventRequestDto {
  @ApiProperty({
    description:
      '事件：ACKNOWLEDGE 签收，SUBMIT 提交，WITHDRAW 撤回，START_REVIEW 开始审核，APPROVE 通过，RETURN 退回（须 reason），GIVE_FEEDBACK 反馈（须 feedback），EXTEND_DEADLINE 延期（须 until 与 reason）',
    enum: CLIENT_ASSIGNMENT_EVENTS,
    enumName: 'AssignmentEventType',
    example: 'SUBMIT',
  })
  @IsIn(CLIENT_ASSIGNMENT_EVENTS)
  @Label('操作')
  type!: AssignmentEventType;

  /** RETURN: why the table goes back to the center. */
  @ApiPropertyOptional({ description: '理由：退回（RETURN）与延期（EXTEND_DEADLINE）时必填', maxLength: 2000, example: '目标2022-03 的基线值缺少数据来源' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Label('理由')
  reason?: string;

  /** GIVE_FEEDBACK: the commission's feedback. */
  @ApiPropertyOptional({ description: '反馈意见：反馈（GIVE_FEEDBACK）时必填', maxLength: 20000, example: '策略可行，请按时间节点推进。' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Label('反馈意见')
  feedback?: string;

  /** EXTEND_DEADLINE: the new deadline, an instant with offset. */
  @ApiPropertyOptional({ description: '延期后的截止时间（EXTEND_DEADLINE），带时区偏移', format: 'date-time', example: '2022-05-06T17:00:00+08:00' })
  @IsOptional()
  @IsString()
  @IsInstant()
  @Label('延期后的截止时间')
  until?: string;

  /** APPROVE: an optional remark. */
  @ApiPropertyOptional({ description: '通过（APPROVE）时的意见，可不填', maxLength: 2000, example: '同意' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Label('审核意见')
  comment?: string;

  /** SUBMIT: the table to submit, instead of the saved draft. */
  @ApiPropertyOptional({ description: `提交（SUBMIT）的策略表；不填则提交已保存的草稿。${TABLE_DESCRIPTION}`, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Label('策略表')
  table?: Record<string, unknown>;
}

export class SaveDraftRequestDto {
  @ApiProperty({ description: `${TABLE_DESCRIPTION}；草稿可不完整，提交时才校验`, type: 'object', additionalProperties: true })
  @IsObject()
  @Label('策略表')
  table!: Record<string, unknown>;

  /** The version the editor read; a stale one answers VERSION_CONFLICT. */
  @ApiPropertyOptional({ description: '编辑者读到的任务版本号；已被他人修改时答 409 VERSION_CONFLICT', type: 'integer', minimum: 1, example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Label('版本号')
  version?: number;
}

export class SetReviewersRequestDto {
  @ApiProperty({ description: '审核人（reviewer 角色用户）的用户编号，整体替换', type: [String], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @Label('审核人')
  reviewerIds!: string[];
}

export class AssignmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只列此公文的任务', format: 'uuid', maxLength: 36 })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('公文编号')
  noticeId?: string;

  @ApiPropertyOptional({ description: '只列此状态的任务', enum: ASSIGNMENT_STATES, enumName: 'AssignmentState' })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  @Label('任务状态')
  state?: AssignmentState;
}
