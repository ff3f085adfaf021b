import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { forbidden, notFound, validationFailed } from '../common/errors.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { noticeRepository } from '../notices/notice.repository.js';
import { assignmentRepository } from '../assignments/assignment.repository.js';
import { auditRepository, type AuditRow } from './audit.repository.js';
import type { AuditQueryDto } from './audit.query.dto.js';

function mapRow(r: AuditRow) {
  return {
    id: Number(r.id),
    at: r.at,
    actorId: r.actor_id,
    actorOrganisationId: r.actor_org_id,
    entity: r.entity,
    entityId: r.entity_id,
    event: r.event,
    kind: r.kind,
    from: r.from_state,
    to: r.to_state,
    payloadDigest: r.payload_digest,
    detail: r.detail ? (JSON.parse(r.detail) as unknown) : null,
  };
}

@Injectable()
export class AuditService {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Staff read the trail of their commission's notices and assignments. */
  async list(user: AuthUser, query: AuditQueryDto) {
    if (!hasRole(user, 'staff', 'admin')) throw forbidden('只有工作人员可以查看审计记录');
    const [entity, idFromEntity] = query.entity.split(':') as ['notice' | 'assignment', string | undefined];
    const id = idFromEntity ?? query.entityId;
    if (!id) throw validationFailed('请指定对象编号', [{ field: 'entityId', message: 'required' }]);
    return this.db.read(async (sql) => {
      const noticeId = entity === 'notice' ? id : (await assignmentRepository.find(sql, id))?.noticeId;
      const notice = noticeId ? await noticeRepository.find(sql, noticeId) : undefined;
      if (!notice || (!hasRole(user, 'admin') && notice.issuerId !== user.organisationId)) throw notFound('对象');
      const rows = await auditRepository.forEntity(sql, entity, id);
      if (entity === 'notice') {
        // A notice's trail includes the creation of its assignments and what happened to them.
        const ids = (await assignmentRepository.list(sql, { noticeId: id })).map((a) => a.id);
        rows.push(...(await auditRepository.forEntities(sql, 'assignment', ids)));
        rows.sort((a, b) => Number(a.id) - Number(b.id));
      }
      return rows.map(mapRow);
    });
  }
}
