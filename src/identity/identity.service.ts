import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../audit/audit-log.service.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from '../common/current-user.js';
import { DomainError, assertFound } from '../common/errors.js';
import { Metrics } from '../common/metrics.js';
import { Db, type Sql } from '../database/db.js';
import { accountAudit } from './account-audit.js';
import type { NewOrganisation, NewUser, Organisation, User } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { PasswordHashGate } from './password-hash-gate.js';
import { PasswordPolicy } from './password-policy.js';
import { SignInThrottle, addressKey } from './sign-in-throttle.service.js';
import { SessionService } from './session.service.js';
import { mapUser, type LoginView, type UserView } from './user.view.js';

const WRONG_CREDENTIALS = '用户名或密码错误';

/** Signing in and out, and what every user does with their own account. */
@Injectable()
export class IdentityService {
  /** Checked against when the user does not exist, so that costs a full scrypt too. */
  private readonly decoyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(IdentityRepository) private readonly repository: IdentityRepository,
    @Inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
    @Inject(PasswordHashGate) private readonly gate: PasswordHashGate,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** Every attempt leaves an audit row, in a transaction of its own: who signed in, or which name was refused and why. */
  async login(username: string, password: string, ip: string | undefined): Promise<LoginView> {
    const typed = username.trim().toLowerCase().slice(0, 64);
    const record = (kind: 'session.signedIn' | 'session.signInFailed', who: { id: string; organisationId: string } | undefined, code?: string) =>
      this.db.tx((sql) =>
        this.audit.append(sql, [
          {
            at: this.clock.now().toISOString(),
            actorId: kind === 'session.signedIn' ? (who?.id ?? null) : null,
            actorOrgId: kind === 'session.signedIn' ? (who?.organisationId ?? null) : null,
            entity: 'session',
            entityId: who?.id ?? '-',
            event: 'SIGN_IN',
            kind,
            from: null,
            to: null,
            detail: { username: typed, ...(code ? { code } : {}) },
          },
        ]),
      );
    try {
      const view = await this.attemptLogin(username, password, ip);
      await record('session.signedIn', { id: view.user.id, organisationId: view.user.organisation.id });
      return view;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.metrics.signInFailures.inc({ reason: error.code.toLowerCase() });
      await record('session.signInFailed', await this.db.read((sql) => this.repository.userByUsername(sql, typed)), error.code);
      throw error;
    }
  }

  /**
   * Throttled before any hashing (a locked account or address answers 429 at
   * once), the hash itself behind the gate; a common password is refused
   * unhashed: no account may use one.
   */
  private async attemptLogin(username: string, password: string, ip: string | undefined): Promise<LoginView> {
    const address = addressKey(ip);
    await this.throttle.assertAllowed(username, address);
    const found = await this.db.read(async (sql) => {
      const user = await this.repository.userByUsername(sql, username.trim().toLowerCase());
      const organisation = user && (await this.repository.organisation(sql, user.organisationId));
      return user && organisation ? { user, organisation } : undefined;
    });
    // The same answer, in the same time, for an unknown user and a wrong password: usernames leak nothing.
    const matches =
      !this.policy.isCommon(password) &&
      (await this.gate.run(address, async () => {
        // Locked while this request waited for its turn (another request, another instance): no hash.
        await this.throttle.assertAllowed(username, address);
        return verifyPassword(password, found?.user.passwordHash ?? (await this.decoyHash));
      }));
    if (!found || !matches) {
      await this.throttle.recordFailure(username, address);
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(username);
    return this.signIn(found.user, found.organisation);
  }

  /** The password was right: a session, unless the account or its organisation is disabled or a one-time password was spent. */
  private async signIn(user: User, organisation: Organisation): Promise<LoginView> {
    // Only someone who knows the password learns that the account is disabled.
    if (user.disabledAt !== null) throw new DomainError('ACCOUNT_DISABLED', '账号已停用，无法登录；如有疑问请联系系统管理员');
    if (organisation.disabledAt !== null) throw new DomainError('ACCOUNT_DISABLED', `所在机构（${organisation.name}）已停用，账号无法登录`);
    return this.db.tx(async (sql) => {
      if (user.passwordKind !== 'chosen' && !(await this.repository.spendOneTimePassword(sql, user.id, user.passwordHash))) {
        throw new DomainError('UNAUTHENTICATED', '一次性密码已使用过，请联系管理员重新设置密码');
      }
      const session = await this.sessions.open(sql, user);
      const mustChangePassword = user.passwordKind !== 'chosen';
      const view = mapUser({ ...user, passwordKind: mustChangePassword ? 'oneTimeUsed' : 'chosen' }, organisation);
      return { accessToken: session.accessToken, expiresAt: session.expiresAt, mustChangePassword, user: view };
    });
  }

  /** Ends the session this request was made in. */
  async logout(sessionId: string): Promise<void> {
    await this.sessions.end(sessionId);
  }

  async me(auth: AuthUser): Promise<UserView> {
    return this.db.read((sql) => this.view(sql, auth.id));
  }

  /**
   * The user chooses a new password (after a one-time password, or any time):
   * every other session of theirs ends, this one stays.
   */
  async changePassword(auth: AuthUser, sessionId: string, currentPassword: string, newPassword: string): Promise<UserView> {
    const user = await this.db.read((sql) => this.repository.user(sql, auth.id));
    assertFound(user, '用户');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new DomainError('WRONG_PASSWORD', '当前密码不正确', { errors: [{ field: 'currentPassword', message: '当前密码不正确' }] });
    }
    this.policy.assertAcceptable(newPassword, user.username, currentPassword);
    const hash = await hashPassword(newPassword);
    return this.db.tx(async (sql) => {
      const at = this.clock.now().toISOString();
      // Compare-and-set: a reset or an edit since the read above wins, and this change is refused.
      if (!(await this.repository.setPassword(sql, user.id, hash, 'chosen', user.version, at))) {
        throw new DomainError('VERSION_CONFLICT', '账号刚被他人修改（如密码被重置），请重新登录后再试');
      }
      const epoch = await this.sessions.endAllOfUser(sql, user.id, sessionId);
      await this.sessions.carryTo(sql, sessionId, epoch);
      const was = user.passwordKind === 'chosen' ? 'chosen' : 'oneTime';
      await this.audit.append(sql, [
        accountAudit(auth, at, { entity: 'user', id: user.id }, { kind: 'user.passwordChanged', event: 'CHANGE_PASSWORD', from: was, to: 'chosen' }),
      ]);
      return this.view(sql, user.id);
    });
  }

  private async view(sql: Sql, userId: string): Promise<UserView> {
    const user = await this.repository.user(sql, userId);
    assertFound(user, '用户');
    const organisation = await this.repository.organisation(sql, user.organisationId);
    assertFound(organisation, '机构');
    return mapUser(user, organisation);
  }

  async countUsers(): Promise<number> {
    return this.db.read((sql) => this.repository.countUsers(sql));
  }

  async countOrganisations(): Promise<number> {
    return this.db.read((sql) => this.repository.countOrganisations(sql));
  }

  /** Why a password may not be set for `username` (none: it may). */
  passwordProblems(password: string, username: string): string[] {
    return this.policy.problems(password, username);
  }

  /** Reference data on a fresh install, inside the caller's transaction. */
  async provision(sql: Sql, organisations: NewOrganisation[], users: NewUser[], at: string): Promise<void> {
    await this.repository.insertOrganisations(sql, organisations, at);
    if (users.length > 0) await this.repository.insertUsers(sql, users, at);
  }
}
