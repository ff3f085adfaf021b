import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import { OutboxEntity, OUTBOX_STATUSES, type OutboxRow, type OutboxStatus } from './outbox.entities.js';

interface ClaimedRow {
  id: string;
  dedupe_key: string;
  kind: string;
  payload: string;
  status: OutboxStatus;
  attempts: number | string;
  due_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  recipient: string | null;
}

const fromClaim = (r: ClaimedRow): OutboxRow =>
  ({
    id: r.id,
    dedupeKey: r.dedupe_key,
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    status: r.status,
    attempts: Number(r.attempts),
    dueAt: r.due_at,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    recipient: r.recipient,
  }) as OutboxRow;

/**
 * Claims due messages for one relay: leases them to the claim's owner (a fresh
 * id per claim) and counts the attempt. On PostgreSQL, SKIP LOCKED lets relays
 * of several instances claim disjoint rows at once; a lease that ran out (a
 * relay that died mid-send) is claimable again, and the new claim's owner
 * replaces the old one.
 */
const CLAIM = {
  postgres: `UPDATE outbox SET lease_until = $1, lease_owner = $4, attempts = attempts + 1
    WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND due_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                 ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
    RETURNING *`,
  sqlite: `UPDATE outbox SET lease_until = $1, lease_owner = $4, attempts = attempts + 1
    WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND due_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                 ORDER BY due_at LIMIT $3)
    RETURNING *`,
} as const;

/**
 * Staff's list, newest first, one page: $1 a status or null for all, $2 a JSON
 * list of notice ids whose mail to show or null for all (an admin). The counts
 * per status: $1 that list of notice ids.
 */
const LIST = {
  postgres: {
    page: `SELECT * FROM outbox WHERE ($1::varchar IS NULL OR status = $1)
      AND ($2::jsonb IS NULL OR (payload::jsonb ->> 'noticeId') IN (SELECT jsonb_array_elements_text($2::jsonb)))
      ORDER BY created_at DESC, id ASC LIMIT $3 OFFSET $4`,
    count: `SELECT COUNT(*) AS n FROM outbox WHERE ($1::varchar IS NULL OR status = $1)
      AND ($2::jsonb IS NULL OR (payload::jsonb ->> 'noticeId') IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
    perStatus: `SELECT status, COUNT(*) AS n FROM outbox
      WHERE ($1::jsonb IS NULL OR (payload::jsonb ->> 'noticeId') IN (SELECT jsonb_array_elements_text($1::jsonb))) GROUP BY status`,
  },
  sqlite: {
    page: `SELECT * FROM outbox WHERE ($1 IS NULL OR status = $1)
      AND ($2 IS NULL OR json_extract(payload, '$.noticeId') IN (SELECT value FROM json_each($2)))
      ORDER BY created_at DESC, id ASC LIMIT $3 OFFSET $4`,
    count: `SELECT COUNT(*) AS n FROM outbox WHERE ($1 IS NULL OR status = $1)
      AND ($2 IS NULL OR json_extract(payload, '$.noticeId') IN (SELECT value FROM json_each($2)))`,
    perStatus: `SELECT status, COUNT(*) AS n FROM outbox
      WHERE ($1 IS NULL OR json_extract(payload, '$.noticeId') IN (SELECT value FROM json_each($1))) GROUP BY status`,
  },
} as const;

/** The relay's side of the outbox: claim, mark under a lease; and staff's list and resend. */
@Injectable()
export class OutboxDelivery {
  async claim(sql: Sql, now: string, leaseUntil: string, limit: number, owner: string): Promise<OutboxRow[]> {
    const rows = await sql.many<ClaimedRow>(CLAIM[sql.dialect], [leaseUntil, now, limit, owner]);
    return rows.map(fromClaim).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /**
   * The heartbeat of a claim whose messages are still being sent: their lease
   * runs until `leaseUntil`, so no other relay takes a slow send over. Messages
   * another claim has since taken over are not this owner's any more.
   */
  async extend(sql: Sql, owner: string, leaseUntil: string): Promise<number> {
    return sql.exec(`UPDATE outbox SET lease_until = $1 WHERE status = 'pending' AND lease_owner = $2`, [leaseUntil, owner]);
  }

  /** Hands back what a claim still holds (its instance shuts down): due again at once for any relay. */
  async release(sql: Sql, owner: string): Promise<number> {
    return sql.exec(`UPDATE outbox SET lease_until = NULL, lease_owner = NULL WHERE status = 'pending' AND lease_owner = $1`, [owner]);
  }

  /**
   * Marks a claimed row sent, only while this claim still holds its lease: a
   * relay whose lease ran out and was taken over changes nothing.
   */
  async markSent(sql: Sql, id: string, owner: string, at: string, recipient: string): Promise<boolean> {
    const sent = `UPDATE outbox SET status = 'sent', sent_at = $1, lease_until = NULL, lease_owner = NULL, last_error = NULL, recipient = $4
      WHERE id = $2 AND status = 'pending' AND lease_owner = $3`;
    return (await sql.exec(sent, [at, id, owner, recipient.slice(0, 320)])) === 1;
  }

  async markDropped(sql: Sql, id: string, owner: string, reason: string): Promise<void> {
    const dropped = `UPDATE outbox SET status = 'dropped', lease_until = NULL, lease_owner = NULL, last_error = $1
      WHERE id = $2 AND status = 'pending' AND lease_owner = $3`;
    await sql.exec(dropped, [reason.slice(0, 2000), id, owner]);
  }

  /**
   * A failed attempt (under this claim's lease): due again after `retryAt`, or dead when `retryAt` is null.
   * `recipient` is the address the message was composed for, when composing got that far (the send failed).
   */
  async markFailed(sql: Sql, id: string, owner: string, error: string, retryAt: string | null, recipient: string | null): Promise<void> {
    const failed = `UPDATE outbox SET status = $1, due_at = COALESCE($2, due_at), lease_until = NULL, lease_owner = NULL, last_error = $3,
      recipient = COALESCE($6, recipient)
      WHERE id = $4 AND status = 'pending' AND lease_owner = $5`;
    await sql.exec(failed, [retryAt ? 'pending' : 'dead', retryAt, error.slice(0, 2000), id, owner, recipient?.slice(0, 320) ?? null]);
  }

  /** One page of the messages in a status (or all), of the given notices (or all), newest first. */
  async listPage(sql: Sql, filter: { status: OutboxStatus | null; noticeIds: string[] | null }, page: Page): Promise<Paged<OutboxRow>> {
    const params = [filter.status, filter.noticeIds && JSON.stringify(filter.noticeIds)];
    const rows = await sql.many<ClaimedRow>(LIST[sql.dialect].page, [...params, page.take, page.skip]);
    const count = await sql.one<{ n: number | string }>(LIST[sql.dialect].count, params);
    return { items: rows.map(fromClaim), total: Number(count?.n ?? 0) };
  }

  async find(sql: Sql, id: string): Promise<OutboxRow | undefined> {
    return ((await sql.manager.getRepository(OutboxEntity).findOneBy({ id })) ?? undefined) as OutboxRow | undefined;
  }

  /** Staff resend a dead (or sent) message: it becomes due now with a fresh count of attempts. */
  async resend(sql: Sql, id: string, at: string): Promise<boolean> {
    const resend = `UPDATE outbox SET status = 'pending', attempts = 0, due_at = $1, lease_until = NULL, lease_owner = NULL WHERE id = $2 AND status <> 'pending'`;
    return (await sql.exec(resend, [at, id])) === 1;
  }

  /** How many messages of the given notices (or all) are in each status. */
  async counts(sql: Sql, noticeIds: string[] | null): Promise<Record<OutboxStatus, number>> {
    const rows = await sql.many<{ status: OutboxStatus; n: number | string }>(LIST[sql.dialect].perStatus, [noticeIds && JSON.stringify(noticeIds)]);
    const out = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }
}
