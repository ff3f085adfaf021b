import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids.js';
import { jsonRows } from '../database/columns.js';
import type { Sql } from '../database/db.js';
import type { OutboxMessage } from './outbox.entities.js';

/** A message as the row it becomes, ready to travel as JSON in a batch write. */
export function outboxRow(m: OutboxMessage) {
  return { id: newId(), dedupe_key: m.dedupeKey, kind: m.kind, payload: JSON.stringify(m.payload) };
}

const ENQUEUE = {
  postgres: `INSERT INTO outbox (id, dedupe_key, kind, payload, status, attempts, due_at, created_at)
    SELECT r.id, r.dedupe_key, r.kind, r.payload, 'pending', 0, $2, $2
      FROM jsonb_to_recordset($1::jsonb) AS r(id varchar, dedupe_key varchar, kind varchar, payload text)`,
  sqlite: `INSERT INTO outbox (id, dedupe_key, kind, payload, status, attempts, due_at, created_at)
    SELECT value ->> 'id', value ->> 'dedupe_key', value ->> 'kind', value ->> 'payload', 'pending', 0, $2, $2 FROM json_each($1)`,
} as const;

/** The way into the outbox: rows written in the transaction of the act that caused them. */
@Injectable()
export class Outbox {
  /** Any number of messages in one statement with one row parameter. */
  async enqueue(sql: Sql, messages: readonly OutboxMessage[], at: string): Promise<void> {
    if (messages.length === 0) return;
    await sql.exec(ENQUEUE[sql.dialect], [jsonRows(messages.map(outboxRow)), at]);
  }
}
