import type { Sql, Statement } from './db.js';

/**
 * Gap-free sequences (document numbers, receipt numbers). The increment happens
 * inside the caller's transaction, so a rollback gives the number back; the row
 * lock serialises concurrent takers of the same sequence until commit.
 */
export async function nextInSequence(sql: Sql, key: string): Promise<number> {
  const { text, params } = nextInSequenceStatement(key);
  const row = await sql.one<{ value: number | string }>(text, params);
  return Number(row!.value);
}

/** The increment as a statement that answers `value`. */
export function nextInSequenceStatement(key: string): Statement {
  return { text: 'INSERT INTO counters (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = counters.value + 1 RETURNING value', params: [key] };
}
