import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import type { Role } from '../../workflows/roles.js';
import type { PasswordKind, Session } from './identity.entities.js';

/** A session with the user it belongs to, as the guard reads it on every request. */
export interface SessionCheck {
  userId: string;
  userEpoch: number;
  expiresAt: string;
  revokedAt: string | null;
  username: string;
  organisationId: string;
  roles: Role[];
  disabledAt: string | null;
  passwordKind: PasswordKind;
  sessionEpoch: number;
}

interface SessionCheckRow {
  user_id: string;
  user_epoch: number | string;
  expires_at: string;
  revoked_at: string | null;
  username: string;
  organisation_id: string;
  roles: string;
  disabled_at: string | null;
  password_kind: PasswordKind;
  session_epoch: number | string;
}

/** The hot path: one literal statement, two primary-key lookups. */
const CHECK = `SELECT s.user_id, s.user_epoch, s.expires_at, s.revoked_at, u.username, u.organisation_id, u.roles, u.disabled_at, u.password_kind, u.session_epoch
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.id = $1`;

/** Sessions: opened at sign-in, read by the guard on every request, revoked one by one or all of a user's at once. */
@Injectable()
export class SessionRepository {
  async check(sql: Sql, sessionId: string): Promise<SessionCheck | undefined> {
    const row = await sql.one<SessionCheckRow>(CHECK, [sessionId]);
    if (!row) return undefined;
    return {
      userId: row.user_id,
      userEpoch: Number(row.user_epoch),
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      username: row.username,
      organisationId: row.organisation_id,
      roles: row.roles.split(',').filter(Boolean) as Role[],
      disabledAt: row.disabled_at,
      passwordKind: row.password_kind,
      sessionEpoch: Number(row.session_epoch),
    };
  }

  async epochOf(sql: Sql, userId: string): Promise<number | undefined> {
    const row = await sql.one<{ session_epoch: number | string }>('SELECT session_epoch FROM users WHERE id = $1', [userId]);
    return row ? Number(row.session_epoch) : undefined;
  }

  async insert(sql: Sql, s: Session): Promise<void> {
    await sql.exec('INSERT INTO sessions (id, user_id, user_epoch, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, NULL)', [
      s.id,
      s.userId,
      s.userEpoch,
      s.createdAt,
      s.expiresAt,
    ]);
  }

  /** Expired sessions are of no use to anyone: dropped when their user signs in again. */
  async deleteExpired(sql: Sql, userId: string, now: string): Promise<void> {
    await sql.exec('DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2', [userId, now]);
  }

  /** Ends one session (logout); false when it had already ended. */
  async revoke(sql: Sql, sessionId: string, now: string): Promise<boolean> {
    return (await sql.exec('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now])) > 0;
  }

  /**
   * Ends every session of the user: the epoch bump is what the guard checks (it also ends a session that a
   * sign-in racing this change opens afterwards at the old epoch); `revoked_at` keeps the table truthful.
   */
  async revokeAllOfUser(sql: Sql, userId: string, now: string, except: string | null = null): Promise<number> {
    const bumped = await sql.one<{ session_epoch: number | string }>(
      'UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch',
      [userId],
    );
    await sql.exec('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND id <> $3', [
      userId,
      now,
      except ?? '',
    ]);
    return Number(bumped?.session_epoch ?? 0);
  }

  /** Keeps one session (the one changing its own password) valid at the user's new epoch. */
  async carryTo(sql: Sql, sessionId: string, epoch: number): Promise<void> {
    await sql.exec('UPDATE sessions SET user_epoch = $2 WHERE id = $1', [sessionId, epoch]);
  }

  /** Ends every session of every user of an organisation (it was disabled). */
  async revokeAllOfOrganisation(sql: Sql, organisationId: string, now: string): Promise<void> {
    await sql.exec('UPDATE users SET session_epoch = session_epoch + 1 WHERE organisation_id = $1', [organisationId]);
    await sql.exec(
      `UPDATE sessions SET revoked_at = $2
        WHERE revoked_at IS NULL AND expires_at > $2 AND user_id IN (SELECT id FROM users WHERE organisation_id = $1)`,
      [organisationId, now],
    );
  }
}
