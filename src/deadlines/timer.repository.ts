import type { Sql, Statement } from '../database/db.js';
import { newId } from '../common/ids.js';

/** What falls due; each is applied through the same runtime as any other event. */
export type TimerKind =
  | 'assignment.deadline' // the effective deadline of an assignment: DEADLINE_PASSED
  | 'assignment.reminder' // a rung of the 催办 ladder
  | 'notice.deadlineSummary'; // staff's summary of the centers still missing at the deadline

export interface NewTimer {
  kind: TimerKind;
  dueAt: string;
  targetId: string;
  /** Unique: planning the same timer twice keeps one. */
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface Timer extends NewTimer {
  id: string;
  status: 'pending' | 'fired' | 'cancelled';
  attempts: number;
  firedAt: string | null;
  outcome: string | null;
}

interface TimerRow {
  id: string;
  due_at: string;
  kind: TimerKind;
  target_id: string;
  dedupe_key: string;
  payload: string;
  status: Timer['status'];
  attempts: number | string;
  fired_at: string | null;
  outcome: string | null;
}

const mapTimer = (r: TimerRow): Timer => ({
  id: r.id,
  dueAt: r.due_at,
  kind: r.kind,
  targetId: r.target_id,
  dedupeKey: r.dedupe_key,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status,
  attempts: Number(r.attempts),
  firedAt: r.fired_at,
  outcome: r.outcome,
});

export const timerRepository = {
  /** Plans timers; one already planned under the same key is kept as it is. */
  insertStatement(timers: NewTimer[], at: string): Statement {
    const params: unknown[] = [];
    const rows = timers.map((t) => {
      const base = params.length;
      params.push(newId(), t.dueAt, t.kind, t.targetId, t.dedupeKey, JSON.stringify(t.payload), at);
      const p = (i: number) => `$${base + i}`;
      return `(${p(1)},${p(2)},${p(3)},${p(4)},${p(5)},${p(6)},'pending',0,${p(7)})`;
    });
    return {
      text: `INSERT INTO timers (id, due_at, kind, target_id, dedupe_key, payload, status, attempts, created_at) VALUES ${rows.join(',')} ON CONFLICT (dedupe_key) DO NOTHING`,
      params,
    };
  },
  async insert(sql: Sql, timers: NewTimer[], at: string): Promise<void> {
    for (let i = 0; i < timers.length; i += 200) {
      const { text, params } = timerRepository.insertStatement(timers.slice(i, i + 200), at);
      await sql.exec(text, params);
    }
  },
  /**
   * Claims the earliest due timer inside the caller's transaction. On
   * PostgreSQL the row stays locked until commit and SKIP LOCKED lets other
   * instances take the next one: no timer fires twice. Ordered by due_at only,
   * so the (status, due_at) index answers it without sorting a backlog.
   */
  async claimNext(sql: Sql, now: string): Promise<Timer | undefined> {
    const lock = sql.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const row = await sql.one<TimerRow>(`SELECT * FROM timers WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT 1 ${lock}`, [now]);
    return row && mapTimer(row);
  },
  async markFired(sql: Sql, id: string, at: string, outcome: string): Promise<void> {
    await sql.exec(`UPDATE timers SET status = 'fired', fired_at = $1, outcome = $2 WHERE id = $3`, [at, outcome.slice(0, 500), id]);
  },
  /** A timer whose handler failed unexpectedly: tried again later, up to a limit. */
  async markFailed(sql: Sql, id: string, retryAt: string | null, error: string): Promise<void> {
    await sql.exec(
      `UPDATE timers SET attempts = attempts + 1, due_at = COALESCE($1, due_at), status = CASE WHEN $1 IS NULL THEN 'fired' ELSE status END, outcome = $2 WHERE id = $3`,
      [retryAt, `error: ${error}`.slice(0, 500), id],
    );
  },
};
