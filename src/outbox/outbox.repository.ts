import type { Sql, Statement } from '../database/db.js';
import { newId } from '../common/ids.js';

/** What must leave the system; written in the transaction of the transition that caused it. */
export type OutboxKind =
  | 'mail.noticeIssued' // the issued notice to a responsible organisation, with its PDF and .ics
  | 'mail.submission' // the table, receipt and JSON to the government mailbox (政务邮箱)
  | 'mail.receipt' // the receipt to the submitting center
  | 'mail.returned' // a returned table, with the reason, to the center
  | 'mail.approved' // an approved table to the center
  | 'mail.feedback' // the commission's feedback to the center
  | 'mail.extension' // a granted extension to the center
  | 'mail.reminder' // a 催办 to a center that still owes its table
  | 'mail.deadlineSummary'; // staff's list of the centers missing at the deadline

export interface OutboxMessage {
  /** Stable key: a replayed transition cannot enqueue a message twice, and it seeds the Message-ID. */
  dedupeKey: string;
  kind: OutboxKind;
  payload: Record<string, unknown>;
}

export const outboxRepository = {
  async enqueue(sql: Sql, messages: OutboxMessage[], at: string): Promise<void> {
    if (messages.length === 0) return;
    const { text, params } = outboxRepository.enqueueStatement(messages, at);
    await sql.exec(text, params);
  },
  enqueueStatement(messages: OutboxMessage[], at: string): Statement {
    const values: unknown[] = [];
    const rows = messages.map((m) => {
      const base = values.length;
      values.push(newId(), m.dedupeKey, m.kind, JSON.stringify(m.payload), at, at);
      const p = (i: number) => `$${base + i}`;
      return `(${p(1)},${p(2)},${p(3)},${p(4)},'pending',0,${p(5)},${p(6)})`;
    });
    return { text: `INSERT INTO outbox (id, dedupe_key, kind, payload, status, attempts, due_at, created_at) VALUES ${rows.join(',')}`, params: values };
  },
};

/** `dropped`: overtaken by events before it went out (a 催办 to a center that has since submitted). */
export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'dropped';

export interface OutboxRow {
  id: string;
  dedupeKey: string;
  kind: OutboxKind;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  dueAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface RawOutboxRow {
  id: string;
  dedupe_key: string;
  kind: OutboxKind;
  payload: string;
  status: OutboxStatus;
  attempts: number | string;
  due_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

const mapRow = (r: RawOutboxRow): OutboxRow => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  kind: r.kind,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status,
  attempts: Number(r.attempts),
  dueAt: r.due_at,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export const outboxDelivery = {
  /**
   * Claims due messages for one relay: leases them and counts the attempt. On
   * PostgreSQL, SKIP LOCKED lets relays of several instances claim disjoint rows
   * at once; a lease that ran out (a relay that died mid-send) is claimable again.
   */
  async claim(sql: Sql, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    const lock = sql.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const rows = await sql.many<RawOutboxRow>(
      `UPDATE outbox SET lease_until = $1, attempts = attempts + 1
        WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND due_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                     ORDER BY due_at LIMIT $3 ${lock})
        RETURNING *`,
      [leaseUntil, now, limit],
    );
    return rows.map(mapRow).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
  },
  /**
   * Marks a claimed row sent, only while this relay still holds its lease: a
   * relay whose lease ran out (another took the row over) changes nothing.
   */
  async markSent(sql: Sql, id: string, lease: string, at: string): Promise<boolean> {
    const sent = `UPDATE outbox SET status = 'sent', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2 AND status = 'pending' AND lease_until = $3`;
    return (await sql.exec(sent, [at, id, lease])) === 1;
  },
  async markDropped(sql: Sql, id: string, lease: string, reason: string): Promise<void> {
    const dropped = `UPDATE outbox SET status = 'dropped', lease_until = NULL, last_error = $1 WHERE id = $2 AND status = 'pending' AND lease_until = $3`;
    await sql.exec(dropped, [reason.slice(0, 2000), id, lease]);
  },
  /** A failed attempt (under this relay's lease): due again after `retryAt`, or dead when `retryAt` is null. */
  async markFailed(sql: Sql, id: string, lease: string, error: string, retryAt: string | null): Promise<void> {
    const failed = `UPDATE outbox SET status = $1, due_at = COALESCE($2, due_at), lease_until = NULL, last_error = $3
      WHERE id = $4 AND status = 'pending' AND lease_until = $5`;
    await sql.exec(failed, [retryAt ? 'pending' : 'dead', retryAt, error.slice(0, 2000), id, lease]);
  },
  async list(sql: Sql, status: OutboxStatus | null, limit = 200): Promise<OutboxRow[]> {
    const rows = status
      ? await sql.many<RawOutboxRow>('SELECT * FROM outbox WHERE status = $1 ORDER BY created_at DESC, id LIMIT $2', [status, limit])
      : await sql.many<RawOutboxRow>('SELECT * FROM outbox ORDER BY created_at DESC, id LIMIT $1', [limit]);
    return rows.map(mapRow);
  },
  async find(sql: Sql, id: string): Promise<OutboxRow | undefined> {
    const row = await sql.one<RawOutboxRow>('SELECT * FROM outbox WHERE id = $1', [id]);
    return row && mapRow(row);
  },
  /** Staff resend a dead (or sent) message: it becomes due now with a fresh count of attempts. */
  async resend(sql: Sql, id: string, at: string): Promise<boolean> {
    return (
      (await sql.exec(`UPDATE outbox SET status = 'pending', attempts = 0, due_at = $1, lease_until = NULL WHERE id = $2 AND status <> 'pending'`, [
        at,
        id,
      ])) === 1
    );
  },
  async counts(sql: Sql): Promise<Record<OutboxStatus, number>> {
    const rows = await sql.many<{ status: OutboxStatus; n: number | string }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
    const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, dead: 0, dropped: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  },
};
