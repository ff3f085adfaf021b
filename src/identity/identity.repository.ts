import type { Sql } from '../database/db.js';
import type { Role } from '../../workflows/roles.js';

export type OrganisationKind = 'commission' | 'center' | 'district' | 'hospital' | 'unit';

export interface Organisation {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  docPrefix: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  passwordHash: string;
}

interface OrganisationRow {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  doc_prefix: string | null;
}
interface UserRow {
  id: string;
  username: string;
  display_name: string;
  organisation_id: string;
  roles: string;
  password_hash: string;
}

const mapOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  email: r.email,
  docPrefix: r.doc_prefix,
});
const mapUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  organisationId: r.organisation_id,
  roles: r.roles.split(',').filter(Boolean) as Role[],
  passwordHash: r.password_hash,
});

/** Queries only: organisations and users. */
export const identityRepository = {
  async organisations(sql: Sql): Promise<Organisation[]> {
    return (await sql.many<OrganisationRow>('SELECT * FROM organisations ORDER BY kind, code')).map(mapOrganisation);
  },
  async organisation(sql: Sql, id: string): Promise<Organisation | undefined> {
    const row = await sql.one<OrganisationRow>('SELECT * FROM organisations WHERE id = $1', [id]);
    return row && mapOrganisation(row);
  },
  async organisationsByIds(sql: Sql, ids: string[]): Promise<Organisation[]> {
    if (ids.length === 0) return [];
    const marks = ids.map((_, i) => `$${i + 1}`).join(',');
    return (await sql.many<OrganisationRow>(`SELECT * FROM organisations WHERE id IN (${marks})`, ids)).map(mapOrganisation);
  },
  async insertOrganisation(sql: Sql, o: Organisation, at: string): Promise<void> {
    await sql.exec('INSERT INTO organisations (id, code, name, kind, email, doc_prefix, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
      o.id,
      o.code,
      o.name,
      o.kind,
      o.email,
      o.docPrefix,
      at,
    ]);
  },
  async userByUsername(sql: Sql, username: string): Promise<User | undefined> {
    const row = await sql.one<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return row && mapUser(row);
  },
  async user(sql: Sql, id: string): Promise<User | undefined> {
    const row = await sql.one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row && mapUser(row);
  },
  async usersByIds(sql: Sql, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const marks = ids.map((_, i) => `$${i + 1}`).join(',');
    return (await sql.many<UserRow>(`SELECT * FROM users WHERE id IN (${marks})`, ids)).map(mapUser);
  },
  async insertUser(sql: Sql, u: User, at: string): Promise<void> {
    await sql.exec('INSERT INTO users (id, username, display_name, organisation_id, roles, password_hash, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
      u.id,
      u.username,
      u.displayName,
      u.organisationId,
      u.roles.join(','),
      u.passwordHash,
      at,
    ]);
  },
  async countUsers(sql: Sql): Promise<number> {
    const row = await sql.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM users');
    return Number(row?.n ?? 0);
  },
};
