import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Sql } from '../database/db.js';
import { OrganisationEntity, UserEntity, type Organisation, type User } from './identity.entities.js';

/** Organisations and users: cold paths, through TypeORM's repositories. */
@Injectable()
export class IdentityRepository {
  organisations(sql: Sql): Promise<Organisation[]> {
    return sql.manager.getRepository(OrganisationEntity).find({ order: { kind: 'ASC', code: 'ASC' } });
  }

  async organisation(sql: Sql, id: string): Promise<Organisation | undefined> {
    return (await sql.manager.getRepository(OrganisationEntity).findOneBy({ id })) ?? undefined;
  }

  organisationsByIds(sql: Sql, ids: string[]): Promise<Organisation[]> {
    return ids.length === 0 ? Promise.resolve([]) : sql.manager.getRepository(OrganisationEntity).findBy({ id: In([...new Set(ids)]) });
  }

  async insertOrganisations(sql: Sql, organisations: Organisation[], at: string): Promise<void> {
    await sql.manager.getRepository(OrganisationEntity).insert(organisations.map((o) => ({ ...o, createdAt: at })));
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

  async insertUsers(sql: Sql, users: User[], at: string): Promise<void> {
    await sql.manager.getRepository(UserEntity).insert(users.map((u) => ({ ...u, createdAt: at })));
  }

  countUsers(sql: Sql): Promise<number> {
    return sql.manager.getRepository(UserEntity).count();
  }
}
