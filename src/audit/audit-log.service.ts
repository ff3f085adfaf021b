import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { canonicalJson, sha256 } from '../common/ids.js';
import { jsonRows } from '../database/columns.js';
import type { Sql } from '../database/db.js';
import { AuditRecordEntity, type AuditedEntity, type AuditKind, type AuditRecord } from './audit.entities.js';

/** One act to record: what happened to which object, by whom. */
export interface AuditEntry {
  at: string;
  actorId: string | null;
  actorOrgId: string | null;
  entity: AuditedEntity;
  entityId: string;
  event: string;
  kind: AuditKind;
  from: string | null;
  to: string | null;
  /** Digested, never stored: a document body must not sit in the audit log. */
  payload?: unknown;
  /** A little of the act worth reading in the history. */
  detail?: Record<string, unknown>;
}

/** An entry as the row it becomes, ready to travel as JSON in a batch write. */
export function auditRow(e: AuditEntry) {
  return {
    at: e.at,
    actor_id: e.actorId,
    actor_org_id: e.actorOrgId,
    entity: e.entity,
    entity_id: e.entityId,
    event: e.event,
    kind: e.kind,
    from_state: e.from,
    to_state: e.to,
    payload_digest: e.payload === undefined ? null : sha256(canonicalJson(e.payload)),
    detail: e.detail ? JSON.stringify(e.detail) : null,
  };
}

const APPEND = {
  postgres: `INSERT INTO audit_log (at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail)
    SELECT r.at, r.actor_id, r.actor_org_id, r.entity, r.entity_id, r.event, r.kind, r.from_state, r.to_state, r.payload_digest, r.detail
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n),
           jsonb_to_record(e.value) AS r(at varchar, actor_id varchar, actor_org_id varchar, entity varchar, entity_id varchar,
           event varchar, kind varchar, from_state varchar, to_state varchar, payload_digest varchar, detail text)
     ORDER BY e.n`,
  sqlite: `INSERT INTO audit_log (at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail)
    SELECT value ->> 'at', value ->> 'actor_id', value ->> 'actor_org_id', value ->> 'entity', value ->> 'entity_id', value ->> 'event',
           value ->> 'kind', value ->> 'from_state', value ->> 'to_state', value ->> 'payload_digest', value ->> 'detail'
      FROM json_each($1) ORDER BY key`,
} as const;

/** The audit log: appended in the transaction of the act, read by entity. */
@Injectable()
export class AuditLog {
  /** Any number of rows in one statement with one parameter, in the given order. */
  async append(sql: Sql, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await sql.exec(APPEND[sql.dialect], [jsonRows(entries.map(auditRow))]);
  }

  forEntity(sql: Sql, entity: AuditedEntity, entityId: string): Promise<AuditRecord[]> {
    return sql.manager.getRepository(AuditRecordEntity).find({ where: { entity, entityId }, order: { id: 'ASC' } });
  }

  forEntities(sql: Sql, entity: AuditedEntity, ids: string[]): Promise<AuditRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sql.manager.getRepository(AuditRecordEntity).find({ where: { entity, entityId: In(ids) }, order: { id: 'ASC' } });
  }
}
