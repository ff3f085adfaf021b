import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Role } from '../../workflows/roles.js';
import type { Page, Paged } from '../common/paging.js';
import type { Sql } from '../database/db.js';
import {
  OrganisationEntity,
  UserEntity,
  type NewOrganisation,
  type NewUser,
  type Organisation,
  type OrganisationKind,
  type PasswordKind,
  type User,
} from './identity.entities.js';

export interface OrganisationFilter {
  q?: string;
  kind?: OrganisationKind;
  disabled?: boolean;
}

export interface UserFilter {
  q?: string;
  organisationId?: string;
  role?: Role;
  disabled?: boolean;
}

/** `%text%` for a case-insensitive LIKE, the text's own % and _ taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Organisations and users: cold paths, through TypeORM's repositories; every edit is a compare-and-set. */
@Injectable()
export class IdentityRepository {
  async listOrganisations(sql: Sql, filter: OrganisationFilter, page: Page): Promise<Paged<Organisation>> {
    const query = sql.manager.getRepository(OrganisationEntity).createQueryBuilder('o').orderBy('o.kind', 'ASC').addOrderBy('o.code', 'ASC');
    if (filter.q) query.andWhere("(LOWER(o.code) LIKE :q ESCAPE '\\' OR LOWER(o.name) LIKE :q ESCAPE '\\')", { q: containing(filter.q) });
    if (filter.kind) query.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.disabled !== undefined) query.andWhere(filter.disabled ? 'o.disabledAt IS NOT NULL' : 'o.disabledAt IS NULL');
    const [items, total] = await query.offset(page.skip).limit(page.take).getManyAndCount();
    return { items, total };
  }

  async organisation(sql: Sql, id: string): Promise<Organisation | undefined> {
    return (await sql.manager.getRepository(OrganisationEntity).findOneBy({ id })) ?? undefined;
  }

  async organisationByCode(sql: Sql, code: string): Promise<Organisation | undefined> {
    return (await sql.manager.getRepository(OrganisationEntity).findOneBy({ code })) ?? undefined;
  }

  organisationsByIds(sql: Sql, ids: string[]): Promise<Organisation[]> {
    return ids.length === 0 ? Promise.resolve([]) : sql.manager.getRepository(OrganisationEntity).findBy({ id: In([...new Set(ids)]) });
  }

  async insertOrganisations(sql: Sql, organisations: NewOrganisation[], at: string): Promise<void> {
    await sql.manager.getRepository(OrganisationEntity).insert(organisations.map((o) => ({ ...o, createdAt: at })));
  }

  /** The editable fields as `next` has them, if the row is still at `expectedVersion`. */
  async updateOrganisation(sql: Sql, next: Organisation, expectedVersion: number, at: string): Promise<boolean> {
    const changed = await sql.exec(
      `UPDATE organisations SET kind = $2, code = $3, name = $4, email = $5, doc_prefix = $6, version = version + 1, updated_at = $7
        WHERE id = $1 AND version = $8`,
      [next.id, next.kind, next.code, next.name, next.email, next.docPrefix, at, expectedVersion],
    );
    return changed === 1;
  }

  /** Disables (or enables, with null) unless it already is: of two such requests, one wins. */
  async setOrganisationDisabled(sql: Sql, id: string, disabledAt: string | null, at: string): Promise<boolean> {
    const changed = await sql.exec(
      disabledAt === null
        ? 'UPDATE organisations SET disabled_at = NULL, version = version + 1, updated_at = $2 WHERE id = $1 AND disabled_at IS NOT NULL'
        : 'UPDATE organisations SET disabled_at = $2, version = version + 1, updated_at = $2 WHERE id = $1 AND disabled_at IS NULL',
      [id, disabledAt ?? at],
    );
    return changed === 1;
  }

  async listUsers(sql: Sql, filter: UserFilter, page: Page): Promise<Paged<User>> {
    const query = sql.manager.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.username', 'ASC');
    if (filter.q) {
      query.andWhere("(LOWER(u.username) LIKE :q ESCAPE '\\' OR LOWER(u.displayName) LIKE :q ESCAPE '\\')", { q: containing(filter.q) });
    }
    if (filter.organisationId) query.andWhere('u.organisationId = :organisationId', { organisationId: filter.organisationId });
    // Roles are one comma-separated column: a role matches between commas.
    if (filter.role) query.andWhere("(',' || u.roles || ',') LIKE :role", { role: `%,${filter.role},%` });
    if (filter.disabled !== undefined) query.andWhere(filter.disabled ? 'u.disabledAt IS NOT NULL' : 'u.disabledAt IS NULL');
    const [items, total] = await query.offset(page.skip).limit(page.take).getManyAndCount();
    return { items, total };
  }

  async userByUsername(sql: Sql, username: string): Promise<User | undefined> {
    return (await sql.manager.getRepository(UserEntity).findOneBy({ username })) ?? undefined;
  }

  async user(sql: Sql, id: string): Promise<User | undefined> {
    return (await sql.manager.getRepository(UserEntity).findOneBy({ id })) ?? undefined;
  }

  usersByIds(sql: Sql, ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : sql.manager.getRepository(UserEntity).findBy({ id: In([...new Set(ids)]) });
  }

  usersOfOrganisation(sql: Sql, organisationId: string): Promise<User[]> {
    return sql.manager.getRepository(UserEntity).findBy({ organisationId });
  }

  async insertUsers(sql: Sql, users: (NewUser & { email?: string | null; passwordKind?: PasswordKind })[], at: string): Promise<void> {
    await sql.manager.getRepository(UserEntity).insert(users.map((u) => ({ ...u, createdAt: at })));
  }

  /** The editable fields as `next` has them, if the row is still at `expectedVersion`. */
  async updateUser(sql: Sql, next: User, expectedVersion: number, at: string): Promise<boolean> {
    const changed = await sql.exec(
      `UPDATE users SET username = $2, display_name = $3, organisation_id = $4, roles = $5, email = $6, version = version + 1, updated_at = $7
        WHERE id = $1 AND version = $8`,
      [next.id, next.username, next.displayName, next.organisationId, next.roles.join(','), next.email, at, expectedVersion],
    );
    return changed === 1;
  }

  /** Disables (or enables, with null) unless it already is: of two such requests, one wins. */
  async setUserDisabled(sql: Sql, id: string, disabledAt: string | null, at: string): Promise<boolean> {
    const changed = await sql.exec(
      disabledAt === null
        ? 'UPDATE users SET disabled_at = NULL, version = version + 1, updated_at = $2 WHERE id = $1 AND disabled_at IS NOT NULL'
        : 'UPDATE users SET disabled_at = $2, version = version + 1, updated_at = $2 WHERE id = $1 AND disabled_at IS NULL',
      [id, disabledAt ?? at],
    );
    return changed === 1;
  }

  async setPassword(sql: Sql, id: string, hash: string, kind: PasswordKind, expectedVersion: number, at: string): Promise<boolean> {
    const changed = await sql.exec(
      'UPDATE users SET password_hash = $2, password_kind = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $5',
      [id, hash, kind, at, expectedVersion],
    );
    return changed === 1;
  }

  /** The one sign-in a one-time password allows: of two racing with the same one, one wins; a reset since then, neither. */
  async spendOneTimePassword(sql: Sql, id: string, hash: string): Promise<boolean> {
    return (
      (await sql.exec("UPDATE users SET password_kind = 'oneTimeUsed' WHERE id = $1 AND password_kind = 'oneTime' AND password_hash = $2", [id, hash])) === 1
    );
  }

  countOrganisations(sql: Sql): Promise<number> {
    return sql.manager.getRepository(OrganisationEntity).count();
  }

  countUsers(sql: Sql): Promise<number> {
    return sql.manager.getRepository(UserEntity).count();
  }
}
