import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids.js';
import { jsonRows } from '../database/columns.js';
import type { Sql } from '../database/db.js';
import type { NewTimer, Timer } from './deadlines.entities.js';

/** A planned timer as the row it becomes, ready to travel as JSON in a batch write. */
export function timerRow(t: NewTimer) {
  return { id: newId(), due_at: t.dueAt, kind: t.kind, target_id: t.targetId, dedupe_key: t.dedupeKey, payload: JSON.stringify(t.payload) };
}

const PLAN = {
  postgres: `INSERT INTO timers (id, due_at, kind, target_id, dedupe_key, payload, status, attempts, created_at)
    SELECT r.id, r.due_at, r.kind, r.target_id, r.dedupe_key, r.payload, 'pending', 0, $2
      FROM jsonb_to_recordset($1::jsonb) AS r(id varchar, due_at varchar, kind varchar, target_id varchar, dedupe_key varchar, payload text)
    ON CONFLICT (dedupe_key) DO NOTHING`,
  sqlite: `INSERT INTO timers (id, due_at, kind, target_id, dedupe_key, payload, status, attempts, created_at)
    SELECT value ->> 'id', value ->> 'due_at', value ->> 'kind', value ->> 'target_id', value ->> 'dedupe_key', value ->> 'payload', 'pending', 0, $2
      FROM json_each($1) WHERE true
    ON CONFLICT (dedupe_key) DO NOTHING`,
} as const;

/**
 * Claims the earliest due timer inside the caller's transaction. On PostgreSQL
 * the row stays locked until commit and SKIP LOCKED lets other instances take
 * the next one: no timer fires twice. Ordered by due_at only, so the
 * (status, due_at) index answers it without sorting a backlog.
 */
const CLAIM = {
  postgres: `SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
  sqlite: `SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT 1`,
} as const;

interface TimerRow {
  id: string;
  due_at: string;
  kind: Timer['kind'];
  target_id: string;
  dedupe_key: string;
  payload: string;
  status: Timer['status'];
  attempts: number | string;
  fired_at: string | null;
  outcome: string | null;
  created_at: string;
}

/** Timers in the database, never in memory: planned in the act's transaction, claimed by the scheduler. */
@Injectable()
export class Timers {
  /** Plans any number of timers in one statement; one already planned under the same key is kept as it is. */
  async plan(sql: Sql, timers: readonly NewTimer[], at: string): Promise<void> {
    if (timers.length === 0) return;
    await sql.exec(PLAN[sql.dialect], [jsonRows(timers.map(timerRow)), at]);
  }

  async claimNext(sql: Sql, now: string): Promise<Timer | undefined> {
    const r = await sql.one<TimerRow>(CLAIM[sql.dialect], [now]);
    return (
      r && {
        id: r.id,
        dueAt: r.due_at,
        kind: r.kind,
        targetId: r.target_id,
        dedupeKey: r.dedupe_key,
        payload: JSON.parse(r.payload) as Timer['payload'],
        status: r.status,
        attempts: Number(r.attempts),
        firedAt: r.fired_at,
        outcome: r.outcome,
        createdAt: r.created_at,
      }
    );
  }

  async markFired(sql: Sql, id: string, at: string, outcome: string): Promise<void> {
    await sql.exec(`UPDATE timers SET status = 'fired', fired_at = $1, outcome = $2 WHERE id = $3`, [at, outcome.slice(0, 500), id]);
  }

  /** A timer whose handler failed unexpectedly: tried again later, up to a limit. */
  async markFailed(sql: Sql, id: string, retryAt: string | null, error: string): Promise<void> {
    await sql.exec(
      `UPDATE timers SET attempts = attempts + 1, due_at = COALESCE($1, due_at), status = CASE WHEN $1 IS NULL THEN 'fired' ELSE status END, outcome = $2 WHERE id = $3`,
      [retryAt, `error: ${error}`.slice(0, 500), id],
    );
  }
}
