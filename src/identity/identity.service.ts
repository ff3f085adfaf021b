import { Inject, Injectable } from '@nestjs/common';
import { Db, type Sql } from '../database/db.js';
import { DomainError, assertFound } from '../common/errors.js';
import type { AuthUser } from '../common/current-user.js';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password.js';
import { TokenService } from './token.service.js';
import type { Organisation, User } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  organisation: { id: string; code: string; name: string; kind: string };
  roles: string[];
}

export function mapOrganisation(o: Organisation) {
  return { id: o.id, code: o.code, name: o.name, kind: o.kind, email: o.email };
}

function mapUser(u: User, o: Organisation): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    organisation: { id: o.id, code: o.code, name: o.name, kind: o.kind },
    roles: u.roles,
  };
}

@Injectable()
export class IdentityService {
  /** Checked against when the user does not exist, so that costs a full scrypt too. */
  private readonly decoyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(IdentityRepository) private readonly repository: IdentityRepository,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; expiresAt: string; user: UserView }> {
    const found = await this.db.read(async (sql) => {
      const user = await this.repository.userByUsername(sql, username);
      const organisation = user && (await this.repository.organisation(sql, user.organisationId));
      return user && organisation ? { user, organisation } : undefined;
    });
    // The same answer, in the same time, for an unknown user and a wrong password: usernames leak nothing.
    const matches = await verifyPassword(password, found?.user.passwordHash ?? (await this.decoyHash));
    if (!found || !matches) {
      throw new DomainError('UNAUTHENTICATED', '用户名或密码错误');
    }
    const { user, organisation } = found;
    const token = this.tokens.issue({ id: user.id, username: user.username, organisationId: user.organisationId, roles: user.roles });
    return { ...token, user: mapUser(user, organisation) };
  }

  async me(auth: AuthUser): Promise<UserView> {
    return this.db.read(async (sql) => {
      const user = await this.repository.user(sql, auth.id);
      assertFound(user, '用户');
      const organisation = await this.repository.organisation(sql, user.organisationId);
      assertFound(organisation, '机构');
      return mapUser(user, organisation);
    });
  }

  async organisations() {
    return (await this.db.read((sql) => this.repository.organisations(sql))).map(mapOrganisation);
  }

  async countUsers(): Promise<number> {
    return this.db.read((sql) => this.repository.countUsers(sql));
  }

  /** Reference data on a fresh install, inside the caller's transaction. */
  async provision(sql: Sql, organisations: Organisation[], users: User[], at: string): Promise<void> {
    await this.repository.insertOrganisations(sql, organisations, at);
    await this.repository.insertUsers(sql, users, at);
  }
}
