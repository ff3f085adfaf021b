import { Inject, Injectable } from '@nestjs/common';
import { AppLog } from '../common/app-log.js';
import { linkRows } from '../common/audit-chain.js';
import { Metrics } from '../common/metrics.js';
import { canonicalJson, sha256 } from '../common/ids.js';
import type { Page, Paged } from '../common/paging.js';
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

const COLUMNS = 'at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail, chain_seq, prev_digest, digest';

const APPEND = {
  postgres: `INSERT INTO audit_log (${COLUMNS})
    SELECT r.at, r.actor_id, r.actor_org_id, r.entity, r.entity_id, r.event, r.kind, r.from_state, r.to_state, r.payload_digest, r.detail,
           r.chain_seq, r.prev_digest, r.digest
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n),
           jsonb_to_record(e.value) AS r(at varchar, actor_id varchar, actor_org_id varchar, entity varchar, entity_id varchar,
           event varchar, kind varchar, from_state varchar, to_state varchar, payload_digest varchar, detail text,
           chain_seq integer, prev_digest varchar, digest varchar)
     ORDER BY e.n`,
  sqlite: `INSERT INTO audit_log (${COLUMNS})
    SELECT value ->> 'at', value ->> 'actor_id', value ->> 'actor_org_id', value ->> 'entity', value ->> 'entity_id', value ->> 'event',
           value ->> 'kind', value ->> 'from_state', value ->> 'to_state', value ->> 'payload_digest', value ->> 'detail',
           value ->> 'chain_seq', value ->> 'prev_digest', value ->> 'digest'
      FROM json_each($1) ORDER BY key`,
} as const;

/**
 * The chain's head, locked until commit: on PostgreSQL every instance's appender waits here for the one
 * before it, so the chain stays linear and ids (taken after the lock) follow it. SQLite has one writer.
 */
const HEAD = {
  postgres: 'SELECT seq, digest FROM audit_chain WHERE id = 1 FOR UPDATE',
  sqlite: 'SELECT seq, digest FROM audit_chain WHERE id = 1',
} as const;
const MOVE_HEAD = 'UPDATE audit_chain SET seq = $1, digest = $2 WHERE id = 1';

interface AuditRow {
  id: number | string;
  at: string;
  actor_id: string | null;
  actor_org_id: string | null;
  entity: AuditedEntity;
  entity_id: string;
  event: string;
  kind: AuditKind;
  from_state: string | null;
  to_state: string | null;
  payload_digest: string | null;
  detail: string | null;
}

const recordOf = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: r.at,
  actorId: r.actor_id,
  actorOrgId: r.actor_org_id,
  entity: r.entity,
  entityId: r.entity_id,
  event: r.event,
  kind: r.kind,
  fromState: r.from_state,
  toState: r.to_state,
  payloadDigest: r.payload_digest,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
});

/**
 * One person's own acts, newest first, read along ix_audit_actor_at. The
 * assignments issuing creates are the cascade of the issuer's ISSUE, which is
 * listed itself: they are not acts of their own.
 */
/** 已办 is document work: acts on notices and assignments (account administration stays in the audit trail). */
const BY_ACTOR = {
  page: `SELECT * FROM audit_log WHERE actor_id = $1 AND entity IN ('notice', 'assignment') AND kind <> 'assignment.created'
    ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
  count: `SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = $1 AND entity IN ('notice', 'assignment') AND kind <> 'assignment.created'`,
};

/** The audit log: appended in the transaction of the act, read by entity. */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(AppLog) private readonly log: AppLog,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /**
   * Any number of rows, in the given order, at the end of the chain: three statements whatever the count
   * (lock and read the head, insert the rows in one statement with one parameter, move the head).
   * Call it as late in the transaction as possible: the head is held from here until commit.
   * Each state change is logged once committed.
   */
  async append(sql: Sql, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const head = await sql.one<{ seq: number | string; digest: string }>(HEAD[sql.dialect]);
    if (!head) throw new Error('audit_chain has no head row (migration ChainAuditLog not applied)');
    const linked = linkRows({ seq: Number(head.seq), digest: head.digest }, entries.map(auditRow));
    await sql.exec(APPEND[sql.dialect], [jsonRows(linked.rows)]);
    await sql.exec(MOVE_HEAD, [linked.head.seq, linked.head.digest]);
    const changes = entries.filter((e) => e.from !== e.to);
    if (changes.length > 0) sql.afterCommit(() => this.committed(changes));
  }

  /** One line per state change: what, which, by which event, from and to, by whom (ids only: no payload, no document). */
  private committed(changes: readonly AuditEntry[]): void {
    for (const e of changes) {
      this.metrics.transitions.inc({ entity: e.entity, event: e.event });
      this.log.pino.info({ entity: e.entity, entityId: e.entityId, event: e.event, from: e.from, to: e.to, actorId: e.actorId, at: e.at }, 'state changed');
    }
  }

  forEntity(sql: Sql, entity: AuditedEntity, entityId: string): Promise<AuditRecord[]> {
    return sql.manager.getRepository(AuditRecordEntity).find({ where: { entity, entityId }, order: { id: 'ASC' } });
  }

  /** What this person did on notices and assignments, newest first, one page. */
  async byActor(sql: Sql, actorId: string, page: Page): Promise<Paged<AuditRecord>> {
    const rows = await sql.many<AuditRow>(BY_ACTOR.page, [actorId, page.take, page.skip]);
    const count = await sql.one<{ n: number | string }>(BY_ACTOR.count, [actorId]);
    return { items: rows.map(recordOf), total: Number(count?.n ?? 0) };
  }

  /** The trail of one object and, optionally, of the given objects under it (a notice's assignments), oldest first, one page. */
  async trailPage(sql: Sql, of: { entity: AuditedEntity; entityId: string; children?: { entity: AuditedEntity; ids: string[] } }, page: Page) {
    const query = sql.manager
      .getRepository(AuditRecordEntity)
      .createQueryBuilder('r')
      .where('(r.entity = :entity AND r.entityId = :entityId)', { entity: of.entity, entityId: of.entityId });
    if (of.children && of.children.ids.length > 0) {
      query.orWhere('(r.entity = :childEntity AND r.entityId IN (:...childIds))', { childEntity: of.children.entity, childIds: of.children.ids });
    }
    const [items, total] = await query.orderBy('r.id', 'ASC').skip(page.skip).take(page.take).getManyAndCount();
    return { items, total };
  }
}
