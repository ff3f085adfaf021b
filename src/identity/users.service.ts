import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service.js';
import { Clock } from '../common/clock.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { DomainError, assertFound, forbidden, notFound } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { pageOf, type Paged } from '../common/paging.js';
import { Db, isUniqueViolation, type Sql } from '../database/db.js';
import { accountAudit, accountState, changesOf } from './account-audit.js';
import { assertMayManage, assertMayManageUsers, assertRolesFit, assertUsableOrganisation, staleVersion, usernameTaken } from './account-rules.js';
import type { Organisation, User } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';
import { hashPassword } from './password.js';
import { PasswordPolicy } from './password-policy.js';
import { SessionService } from './session.service.js';
import type { CreateUserRequestDto, ReviewerQueryDto, UpdateUserRequestDto, UserQueryDto } from './user.request.dto.js';
import { mapReviewer, mapUser, type IssuedPasswordView, type ReviewerView, type UserView } from './user.view.js';

const EDITABLE = ['username', 'displayName', 'organisationId', 'roles', 'email'] as const;

/** Accounts as administrators (all) and staff (their own commission's) manage them; every act audited in its transaction. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdentityRepository) private readonly repository: IdentityRepository,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** Admin: every account; staff: their own commission's (another organisation's filter finds nothing). */
  async list(actor: AuthUser, query: UserQueryDto): Promise<Paged<UserView>> {
    assertMayManageUsers(actor);
    const own = hasRole(actor, 'admin') ? undefined : actor.organisationId;
    if (own && query.organisationId && query.organisationId !== own) return { items: [], total: 0 };
    return this.db.read(async (sql) => {
      const filter = { q: query.q, organisationId: own ?? query.organisationId, role: query.role, disabled: query.disabled };
      const page = await this.repository.listUsers(sql, filter, pageOf(query));
      return { items: await this.views(sql, page.items), total: page.total };
    });
  }

  async get(actor: AuthUser, id: string): Promise<UserView> {
    return this.db.read(async (sql) => {
      const user = await this.repository.user(sql, id);
      const visible = user && (hasRole(actor, 'admin') || user.id === actor.id || (hasRole(actor, 'staff') && user.organisationId === actor.organisationId));
      if (!visible) throw notFound('用户');
      return (await this.views(sql, [user]))[0];
    });
  }

  /** Staff list the reviewers they may assign: their commission's, in use. */
  async reviewers(actor: AuthUser, query: ReviewerQueryDto): Promise<Paged<ReviewerView>> {
    if (!hasRole(actor, 'staff', 'admin')) throw forbidden('只有工作人员可以查看可指定的审核人');
    return this.db.read(async (sql) => {
      const filter = { q: query.q, organisationId: actor.organisationId, role: 'reviewer' as const, disabled: false };
      const page = await this.repository.listUsers(sql, filter, pageOf(query));
      return { items: page.items.map(mapReviewer), total: page.total };
    });
  }

  /** A new account with a one-time password, answered once: the user chooses their own at first sign-in. */
  async create(actor: AuthUser, body: CreateUserRequestDto): Promise<IssuedPasswordView> {
    assertMayManageUsers(actor);
    return this.insertWithOneTimePassword(actor, body);
  }

  /**
   * An administrator made from the command line (`npm run admin:create`), the way to the first one in
   * production: no one is signed in, so the audit row names no actor. Like any new account, a one-time password.
   */
  async createAdministrator(input: { username: string; displayName: string; organisationCode: string }): Promise<IssuedPasswordView> {
    const organisation = await this.db.read((sql) => this.repository.organisationByCode(sql, input.organisationCode));
    if (!organisation) throw new DomainError('NOT_FOUND', `没有代码为 ${input.organisationCode} 的机构`);
    return this.insertWithOneTimePassword(null, {
      username: input.username,
      displayName: input.displayName,
      organisationId: organisation.id,
      roles: ['admin'],
    });
  }

  /** `actor` null: the command line. */
  private async insertWithOneTimePassword(actor: AuthUser | null, body: CreateUserRequestDto): Promise<IssuedPasswordView> {
    const username = body.username.toLowerCase();
    const oneTimePassword = this.policy.generateOneTime();
    const passwordHash = await hashPassword(oneTimePassword);
    return this.db.tx(async (sql) => {
      const organisation = await this.repository.organisation(sql, body.organisationId);
      assertUsableOrganisation(organisation);
      if (actor) assertMayManage(actor, { organisationId: organisation.id, roles: body.roles });
      assertRolesFit(body.roles, organisation);
      if (await this.repository.userByUsername(sql, username)) throw usernameTaken(username);
      const at = this.clock.now().toISOString();
      const user: User = {
        id: newId(),
        username,
        displayName: body.displayName.trim(),
        organisationId: organisation.id,
        roles: body.roles,
        passwordHash,
        email: body.email ?? null,
        disabledAt: null,
        passwordKind: 'oneTime',
        sessionEpoch: 0,
        version: 1,
      };
      // The unique index decides between two requests racing for one username.
      await this.orTaken(username, () => this.repository.insertUsers(sql, [user], at));
      const detail = { username, displayName: user.displayName, organisationId: organisation.id, roles: user.roles, email: user.email };
      const recorded = actor ? detail : { ...detail, via: 'admin:create' };
      await this.audit.append(sql, [
        accountAudit(actor, at, { entity: 'user', id: user.id }, { kind: 'user.created', event: 'CREATE', from: null, to: 'active', detail: recorded }),
      ]);
      return { user: mapUser(user, organisation), oneTimePassword };
    });
  }

  /** Changes the fields given; new roles or a new organisation end every session of the user at once. */
  async update(actor: AuthUser, id: string, body: UpdateUserRequestDto): Promise<UserView> {
    assertMayManageUsers(actor);
    return this.db.tx(async (sql) => {
      const user = await this.managed(sql, actor, id);
      if (body.version !== undefined && body.version !== user.version) throw staleVersion('该账号');
      const next: User = {
        ...user,
        username: body.username?.toLowerCase() ?? user.username,
        displayName: body.displayName?.trim() ?? user.displayName,
        organisationId: body.organisationId ?? user.organisationId,
        roles: body.roles ?? user.roles,
        email: body.email === undefined ? user.email : body.email,
      };
      const organisation = await this.organisationOf(sql, user, next);
      assertMayManage(actor, next);
      assertRolesFit(next.roles, organisation);
      if (actor.id === user.id && user.roles.includes('admin') && !next.roles.includes('admin')) throw forbidden('不能取消自己的系统管理员角色');
      const changes = changesOf(user, next, EDITABLE);
      if (Object.keys(changes).length === 0) return mapUser(user, organisation);
      if (changes.username && (await this.repository.userByUsername(sql, next.username))) throw usernameTaken(next.username);
      const at = this.clock.now().toISOString();
      // Compare-and-set on the row version: of two edits read at the same version, one wins.
      if (!(await this.orTaken(next.username, () => this.repository.updateUser(sql, next, user.version, at)))) throw staleVersion('该账号');
      const sessionsEnded = 'roles' in changes || 'organisationId' in changes;
      if (sessionsEnded) await this.sessions.endAllOfUser(sql, id);
      const state = accountState(user);
      const act = { kind: 'user.edited' as const, event: 'EDIT', from: state, to: state, detail: { changes, sessionsEnded } };
      await this.audit.append(sql, [accountAudit(actor, at, { entity: 'user', id }, act)]);
      return mapUser({ ...next, version: user.version + 1 }, organisation);
    });
  }

  /** Disabling ends every session at once and refuses sign-in; enabling lets the user sign in again. */
  async setDisabled(actor: AuthUser, id: string, disabled: boolean): Promise<UserView> {
    assertMayManageUsers(actor);
    return this.db.tx(async (sql) => {
      const user = await this.managed(sql, actor, id);
      if (disabled && user.id === actor.id) throw forbidden('不能停用自己的账号');
      const at = this.clock.now().toISOString();
      // Compare-and-set on the disabled state: a second request finds it done and says so.
      if (!(await this.repository.setUserDisabled(sql, id, disabled ? at : null, at))) {
        throw new DomainError('INVALID_TRANSITION', disabled ? '该账号已是停用状态' : '该账号未停用，无需启用');
      }
      if (disabled) await this.sessions.endAllOfUser(sql, id);
      const act = disabled
        ? { kind: 'user.disabled' as const, event: 'DISABLE', from: 'active', to: 'disabled' }
        : { kind: 'user.enabled' as const, event: 'ENABLE', from: 'disabled', to: 'active' };
      await this.audit.append(sql, [accountAudit(actor, at, { entity: 'user', id }, act)]);
      return this.view(sql, id);
    });
  }

  /** A new one-time password, answered once; every session of the user ends. */
  async resetPassword(actor: AuthUser, id: string): Promise<IssuedPasswordView> {
    assertMayManageUsers(actor);
    const oneTimePassword = this.policy.generateOneTime();
    const hash = await hashPassword(oneTimePassword);
    return this.db.tx(async (sql) => {
      const user = await this.managed(sql, actor, id);
      const at = this.clock.now().toISOString();
      if (!(await this.repository.setPassword(sql, id, hash, 'oneTime', user.version, at))) throw staleVersion('该账号');
      await this.sessions.endAllOfUser(sql, id);
      const state = accountState(user);
      await this.audit.append(sql, [
        accountAudit(actor, at, { entity: 'user', id }, { kind: 'user.passwordReset', event: 'RESET_PASSWORD', from: state, to: state }),
      ]);
      return { user: await this.view(sql, id), oneTimePassword };
    });
  }

  // ---- helpers ---------------------------------------------------------

  /** The account, if it exists (404) and this actor may manage it as it is now (403). */
  private async managed(sql: Sql, actor: AuthUser, id: string): Promise<User> {
    const user = await this.repository.user(sql, id);
    assertFound(user, '用户');
    assertMayManage(actor, user);
    return user;
  }

  /** The organisation the account will belong to: a new one must exist and be in use. */
  private async organisationOf(sql: Sql, user: User, next: User): Promise<Organisation> {
    const organisation = await this.repository.organisation(sql, next.organisationId);
    if (next.organisationId !== user.organisationId) assertUsableOrganisation(organisation);
    assertFound(organisation, '机构');
    return organisation;
  }

  private async orTaken<T>(username: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken(username);
      throw error;
    }
  }

  private async view(sql: Sql, id: string): Promise<UserView> {
    const user = await this.repository.user(sql, id);
    assertFound(user, '用户');
    return (await this.views(sql, [user]))[0];
  }

  private async views(sql: Sql, users: User[]): Promise<UserView[]> {
    const orgs = new Map(
      (
        await this.repository.organisationsByIds(
          sql,
          users.map((u) => u.organisationId),
        )
      ).map((o) => [o.id, o]),
    );
    return users.map((u) => mapUser(u, orgs.get(u.organisationId)!));
  }
}
