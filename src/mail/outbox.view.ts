import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { countsSchema } from '../common/openapi.decorators.js';
import { OUTBOX_KINDS, OUTBOX_STATUSES, type OutboxKind, type OutboxStatus } from '../outbox/outbox.entities.js';

const OutboxStatusCounts = countsSchema('OutboxStatusCounts', OUTBOX_STATUSES);
const STATUS = { enum: OUTBOX_STATUSES, enumName: 'OutboxStatus' } as const;

/** One message of the outbox, as staff see it. */
export class OutboxMessageResponse {
  @ApiProperty({ description: '邮件编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '邮件类别', enum: OUTBOX_KINDS, enumName: 'OutboxKind', example: 'mail.noticeIssued' })
  kind!: OutboxKind;

  @ApiProperty({ description: 'pending 待发，sent 已发，dead 多次失败后放弃，dropped 已无需发送', ...STATUS, example: 'sent' })
  status!: OutboxStatus;

  @ApiProperty({ description: '已尝试发送的次数', type: 'integer', example: 1 })
  attempts!: number;

  @ApiProperty({ description: '下次（或最近一次）发送时刻', format: 'date-time' })
  dueAt!: string;

  @ApiProperty({ description: '最近一次发送失败的原因', type: 'string', nullable: true })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: '发出时刻', type: 'string', format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({
    description: '收件地址：最近一次发送所用的地址；尚未尝试发送时，只有报送政务邮箱、截止汇总的邮件已知地址，其余为 null',
    type: 'string',
    nullable: true,
    example: 'cardio@qc.tianjin.example',
  })
  to!: string | null;

  @ApiProperty({ description: '收件单位（质控中心名称、“指定政务邮箱”或“发文机关”）', example: '天津市心血管内科医疗质量控制中心' })
  recipientName!: string;

  @ApiPropertyOptional({ description: '相关任务（截止汇总的邮件没有）', format: 'uuid' })
  assignmentId?: string;

  @ApiProperty({ description: '相关公文', format: 'uuid' })
  noticeId!: string;
}

export class OutboxListResponse {
  @ApiProperty({ description: '各状态的邮件数（本委公文；系统管理员为全部公文）', type: () => OutboxStatusCounts })
  counts!: Record<OutboxStatus, number>;

  @ApiProperty({ description: '符合条件的邮件总数（所有页；同 X-Total-Count）', type: 'integer', minimum: 0, example: 120 })
  total!: number;

  @ApiProperty({ description: '本页邮件（本委公文的），新的在前', type: () => [OutboxMessageResponse] })
  messages!: OutboxMessageResponse[];
}
