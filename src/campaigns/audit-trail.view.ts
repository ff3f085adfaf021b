import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_KINDS, AUDITED_ENTITIES, type AuditedEntity, type AuditKind } from '../audit/audit.entities.js';

/** One row of the audit trail. The payload is kept as a digest, never the document itself. */
export class AuditRecordResponse {
  @ApiProperty({ description: '序号（递增）', type: 'integer' })
  id!: number;

  @ApiProperty({ description: '时刻', format: 'date-time' })
  at!: string;

  @ApiProperty({ description: '操作者（系统操作为 null）', type: 'string', format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ description: '操作者姓名（系统操作为 null）', type: 'string', nullable: true, example: '张明' })
  actorName!: string | null;

  @ApiProperty({ description: '操作者所在机构', type: 'string', format: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  @ApiProperty({ description: '操作者所在机构的名称', type: 'string', nullable: true, example: '天津市卫生健康委员会' })
  actorOrganisationName!: string | null;

  @ApiProperty({ description: '对象类别', enum: AUDITED_ENTITIES, enumName: 'AuditedEntity' })
  entity!: AuditedEntity;

  @ApiProperty({ description: '对象编号', format: 'uuid' })
  entityId!: string;

  @ApiProperty({ description: '事件', example: 'ISSUE' })
  event!: string;

  @ApiProperty({ description: '记录类别', enum: AUDIT_KINDS, enumName: 'AuditKind', example: 'notice.transitioned' })
  kind!: AuditKind;

  @ApiProperty({ description: '之前的状态', type: 'string', nullable: true })
  from!: string | null;

  @ApiProperty({ description: '之后的状态', type: 'string', nullable: true })
  to!: string | null;

  @ApiProperty({ description: '请求内容的 SHA-256', type: 'string', nullable: true })
  payloadDigest!: string | null;

  @ApiProperty({ description: '补充说明', type: 'object', additionalProperties: true, nullable: true })
  detail!: Record<string, unknown> | null;
}
