import { Inject, Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import type { Organisation, User } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';

/** A person as other modules see them: the account without its password hash. */
export type Person = Omit<User, 'passwordHash'>;

/** Who and what exists, as other modules may ask it: the identity module's read port. */
@Injectable()
export class Directory {
  constructor(@Inject(IdentityRepository) private readonly repository: IdentityRepository) {}

  organisation(sql: Sql, id: string): Promise<Organisation | undefined> {
    return this.repository.organisation(sql, id);
  }

  async organisationsByIds(sql: Sql, ids: string[]): Promise<Map<string, Organisation>> {
    return new Map((await this.repository.organisationsByIds(sql, ids)).map((o) => [o.id, o]));
  }

  /** People by id, without their password hashes. */
  async peopleByIds(sql: Sql, ids: string[]): Promise<Map<string, Person>> {
    return new Map((await this.repository.usersByIds(sql, ids)).map(({ passwordHash: _hash, ...u }) => [u.id, u]));
  }
}
