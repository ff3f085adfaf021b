import type { Sql, Statement } from '../database/db.js';
import { canonicalJson, sha256 } from '../common/ids.js';

/**
 * Audit kinds, dot-cased past tense. One row per write; the payload is kept
 * as a digest (and a small, non-sensitive detail), never a document body.
 */
export type AuditKind =
  | 'notice.created' // a draft was written
  | 'notice.edited' // a draft was changed
  | 'notice.divisionSet' // the division of labour (附件2) was set
  | 'notice.transitioned' // a lifecycle event was applied
  | 'assignment.created' // issuing created it
  | 'assignment.draftSaved' // the center saved its table
  | 'assignment.transitioned' // a lifecycle event was applied
  | 'assignment.reviewersSet' // staff gave it reviewers
  | 'assignment.reminded'; // a 催办 was sent (ladder or staff)

export interface AuditEntry {
  at: string;
  actorId: string | null;
  actorOrgId: string | null;
  entity: 'notice' | 'assignment';
  entityId: string;
  event: string;
  kind: AuditKind;
  from: string | null;
  to: string | null;
  payload?: unknown;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  actor_org_id: string | null;
  entity: string;
  entity_id: string;
  event: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  payload_digest: string | null;
  detail: string | null;
}

export const auditRepository = {
  async append(sql: Sql, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { text, params } = auditRepository.appendStatement(entries);
    await sql.exec(text, params);
  },
  appendStatement(entries: AuditEntry[]): Statement {
    const values: unknown[] = [];
    const rows = entries.map((e) => {
      const base = values.length;
      values.push(
        e.at,
        e.actorId,
        e.actorOrgId,
        e.entity,
        e.entityId,
        e.event,
        e.kind,
        e.from,
        e.to,
        e.payload === undefined ? null : sha256(canonicalJson(e.payload)),
        e.detail ? JSON.stringify(e.detail) : null,
      );
      return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}`).join(',')})`;
    });
    return {
      text: `INSERT INTO audit_log (at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail) VALUES ${rows.join(',')}`,
      params: values,
    };
  },
  async forEntity(sql: Sql, entity: string, entityId: string): Promise<AuditRow[]> {
    return sql.many<AuditRow>('SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id', [entity, entityId]);
  },
  async forEntities(sql: Sql, entity: string, ids: string[]): Promise<AuditRow[]> {
    if (ids.length === 0) return [];
    const marks = ids.map((_, i) => `$${i + 2}`).join(',');
    return sql.many<AuditRow>(`SELECT * FROM audit_log WHERE entity = $1 AND entity_id IN (${marks}) ORDER BY id`, [entity, ...ids]);
  },
};
