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
  | 'mail.extension'; // a granted extension to the center

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
  async count(sql: Sql, kind?: OutboxKind): Promise<number> {
    const row = kind
      ? await sql.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM outbox WHERE kind = $1', [kind])
      : await sql.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM outbox');
    return Number(row?.n ?? 0);
  },
};
