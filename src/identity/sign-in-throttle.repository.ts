import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';

/** What sign-in throttling counts by: the account (the username as typed) or the client address. */
export type ThrottleScope = 'account' | 'address';

export interface ThrottleKey {
  scope: ThrottleScope;
  subject: string;
}

/** A lock in force: the scope it holds and when it ends (ISO instant). */
export interface ActiveLock {
  scope: ThrottleScope;
  lockedUntil: string;
}

/**
 * The locks in force now for an account and an address. `locked_at <= now`
 * keeps a lock from a clock set later (a test, the demo) from holding forever.
 */
const ACTIVE_LOCKS = `SELECT scope, locked_until FROM sign_in_throttles
 WHERE ((scope = 'account' AND subject = $1) OR (scope = 'address' AND subject = $2))
   AND locked_at <= $3 AND locked_until > $3`;

/**
 * One more failure, as one atomic upsert (PostgreSQL takes the row lock, so
 * concurrent failures on two instances are each counted): inside the window
 * (`$4 < window_started_at <= $3`) it adds one, otherwise a new window starts
 * with this failure. Lockouts older than `$5` are forgotten: the next lock is
 * short again.
 */
const COUNT_FAILURE = `INSERT INTO sign_in_throttles AS t (scope, subject, failures, window_started_at, lockouts, locked_at, locked_until, updated_at)
VALUES ($1, $2, 1, $3, 0, NULL, NULL, $3)
ON CONFLICT (scope, subject) DO UPDATE SET
  failures = CASE WHEN t.window_started_at > $4 AND t.window_started_at <= $3 THEN t.failures + 1 ELSE 1 END,
  window_started_at = CASE WHEN t.window_started_at > $4 AND t.window_started_at <= $3 THEN t.window_started_at ELSE $3 END,
  lockouts = CASE WHEN t.locked_until IS NOT NULL AND t.locked_until <= $5 THEN 0 ELSE t.lockouts END,
  updated_at = $3
RETURNING failures, lockouts`;

/**
 * Locks the key, compare-and-set on the failure count: of two failures that
 * both reached the limit (two instances), only the first locks; the count
 * starts again, so the lock's end opens a fresh allowance.
 */
const LOCK = `UPDATE sign_in_throttles
   SET failures = 0, window_started_at = $3, lockouts = lockouts + 1, locked_at = $3, locked_until = $4, updated_at = $3
 WHERE scope = $1 AND subject = $2 AND failures >= $5`;

/** A successful sign-in clears the account's failures and its history of locks (not a lock in force). */
const FORGIVE = `UPDATE sign_in_throttles SET failures = 0, lockouts = 0, updated_at = $3 WHERE scope = $1 AND subject = $2 AND (failures > 0 OR lockouts > 0)`;

/** Rows untouched since `$1` and not locked any more carry nothing worth keeping. */
const PURGE = `DELETE FROM sign_in_throttles WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)`;

/** The counters of failed sign-ins and the locks they lead to, shared by every instance through the database. */
@Injectable()
export class SignInThrottleRepository {
  activeLocks(sql: Sql, account: string, address: string, now: string): Promise<ActiveLock[]> {
    return sql
      .many<{ scope: ThrottleScope; locked_until: string }>(ACTIVE_LOCKS, [account, address, now])
      .then((rows) => rows.map((r) => ({ scope: r.scope, lockedUntil: r.locked_until })));
  }

  /** Counts a failure; answers the failures in the window (this one included) and the locks in a row so far. */
  async countFailure(sql: Sql, key: ThrottleKey, now: string, windowStart: string, forgetBefore: string): Promise<{ failures: number; lockouts: number }> {
    const row = await sql.one<{ failures: number | string; lockouts: number | string }>(COUNT_FAILURE, [
      key.scope,
      key.subject,
      now,
      windowStart,
      forgetBefore,
    ]);
    return { failures: Number(row?.failures ?? 0), lockouts: Number(row?.lockouts ?? 0) };
  }

  /** Locks until `until` if the failures still reach `limit`; false when another request locked it first. */
  async lock(sql: Sql, key: ThrottleKey, now: string, until: string, limit: number): Promise<boolean> {
    return (await sql.exec(LOCK, [key.scope, key.subject, now, until, limit])) > 0;
  }

  async forgive(sql: Sql, key: ThrottleKey, now: string): Promise<void> {
    await sql.exec(FORGIVE, [key.scope, key.subject, now]);
  }

  async purge(sql: Sql, before: string): Promise<void> {
    await sql.exec(PURGE, [before]);
  }
}
