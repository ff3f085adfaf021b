import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/current-user.js';
import { DomainError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { Db, type Sql } from '../database/db.js';
import { SessionRepository } from './session.repository.js';
import { TokenService } from './token.service.js';

/**
 * Sessions live in real time, like the tokens that name them: a test or the
 * demo moving the business clock must not end (or prolong) anyone's sign-in.
 */
const realNow = (): Date => new Date();

export interface OpenedSession {
  sessionId: string;
  accessToken: string;
  expiresAt: string;
}

/** Who a valid token belongs to, as read on this request. */
export interface Authenticated {
  user: AuthUser;
  sessionId: string;
  /** The user signed in with a one-time password and has not chosen their own yet. */
  mustChangePassword: boolean;
}

const EXPIRED = '登录已过期或令牌无效，请重新登录';
const ENDED = '会话已结束（已退出登录，或账号的角色、机构或密码已被更改），请重新登录';
const DISABLED = '账号已停用，会话已结束';

@Injectable()
export class SessionService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SessionRepository) private readonly repository: SessionRepository,
  ) {}

  /** Opens a session at the user's epoch as read before the password was checked: a change since then ends it. */
  async open(sql: Sql, user: { id: string; sessionEpoch: number }): Promise<OpenedSession> {
    const now = realNow();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.tokens.ttlSeconds;
    const expiresAt = new Date(exp * 1000).toISOString();
    const sessionId = newId();
    await this.repository.deleteExpired(sql, user.id, now.toISOString());
    await this.repository.insert(sql, {
      id: sessionId,
      userId: user.id,
      userEpoch: user.sessionEpoch,
      createdAt: now.toISOString(),
      expiresAt,
      revokedAt: null,
    });
    return { sessionId, accessToken: this.tokens.issue({ sub: user.id, sid: sessionId, iat, exp }), expiresAt };
  }

  /** A session for an account, without its password: for in-process callers (benchmarks) that seed accounts themselves. */
  async openForUser(userId: string): Promise<OpenedSession> {
    return this.db.tx(async (sql) => {
      const sessionEpoch = await this.repository.epochOf(sql, userId);
      if (sessionEpoch === undefined) throw new DomainError('NOT_FOUND', '用户不存在');
      return this.open(sql, { id: userId, sessionEpoch });
    });
  }

  /** The caller of this request, from the token and ONE read of its session joined to its user. */
  async authenticate(token: string): Promise<Authenticated> {
    const claims = this.tokens.verify(token);
    if (!claims) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    const found = await this.db.read((sql) => this.repository.check(sql, claims.sid));
    if (!found || found.userId !== claims.sub) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    if (found.disabledAt !== null) throw new DomainError('UNAUTHENTICATED', DISABLED);
    if (found.revokedAt !== null || found.userEpoch !== found.sessionEpoch) throw new DomainError('UNAUTHENTICATED', ENDED);
    if (Date.parse(found.expiresAt) <= realNow().getTime()) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    return {
      user: { id: found.userId, username: found.username, organisationId: found.organisationId, roles: found.roles },
      sessionId: claims.sid,
      mustChangePassword: found.passwordKind !== 'chosen',
    };
  }

  /** Logout: ends this one session. */
  async end(sessionId: string): Promise<void> {
    await this.db.read((sql) => this.repository.revoke(sql, sessionId, realNow().toISOString()));
  }

  /** Ends every session of the user (but `except`), in the caller's transaction; answers the user's new epoch. */
  endAllOfUser(sql: Sql, userId: string, except: string | null = null): Promise<number> {
    return this.repository.revokeAllOfUser(sql, userId, realNow().toISOString(), except);
  }

  /** Keeps the session that changed its own password valid after `endAllOfUser`. */
  carryTo(sql: Sql, sessionId: string, epoch: number): Promise<void> {
    return this.repository.carryTo(sql, sessionId, epoch);
  }

  endAllOfOrganisation(sql: Sql, organisationId: string): Promise<void> {
    return this.repository.revokeAllOfOrganisation(sql, organisationId, realNow().toISOString());
  }
}
