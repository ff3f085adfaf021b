import { EntitySchema } from 'typeorm';
import type { Role } from '../../workflows/roles.js';
import { col } from '../database/columns.js';

export const ORGANISATION_KINDS = ['commission', 'center', 'district', 'hospital', 'unit'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * How a user's password came to be: chosen by the user, or a one-time password
 * handed out by an administrator (still unused, or used for the one sign-in it
 * allows); until the user chooses one, only `me`, the password change and logout answer.
 */
export const PASSWORD_KINDS = ['chosen', 'oneTime', 'oneTimeUsed'] as const;
export type PasswordKind = (typeof PASSWORD_KINDS)[number];

/** An organisation as it is created (reference data, an administrator); the rest has defaults. */
export interface NewOrganisation {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  docPrefix: string | null;
}

export interface Organisation extends NewOrganisation {
  disabledAt: string | null;
  version: number;
  createdAt?: string;
  updatedAt?: string | null;
}

/** A user as the reference data creates one; the rest has defaults. */
export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  passwordHash: string;
}

export interface User extends NewUser {
  email: string | null;
  disabledAt: string | null;
  passwordKind: PasswordKind;
  /** Bumped to end every session of the user at once; a session is valid only at the epoch it was opened in. */
  sessionEpoch: number;
  version: number;
  createdAt?: string;
  updatedAt?: string | null;
}

/** One signed-in session: its id travels in the access token. Times are real time, like the token's lifetime. */
export interface Session {
  id: string;
  userId: string;
  userEpoch: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** Roles are stored comma-separated (the column of the first migration). */
const roleList = {
  to: (roles: Role[] | undefined) => roles?.join(','),
  from: (text: string) => text.split(',').filter(Boolean) as Role[],
};

export const OrganisationEntity = new EntitySchema<Organisation>({
  name: 'Organisation',
  tableName: 'organisations',
  columns: {
    id: col.id(),
    code: col.str('code', 64),
    name: col.str('name', 200),
    kind: col.str('kind', 20),
    email: col.str('email', 200, true),
    docPrefix: col.str('doc_prefix', 32, true),
    disabledAt: col.instant('disabled_at', true),
    // Defaults as the migration declares them, so an insert that leaves them out (reference data) gets them.
    version: { ...col.int('version'), default: 1 },
    createdAt: col.instant('created_at'),
    updatedAt: col.instant('updated_at', true),
  },
});

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: col.id(),
    username: col.str('username', 64),
    displayName: col.str('display_name', 200),
    organisationId: col.ref('organisation_id'),
    roles: { ...col.str('roles', 100), transformer: roleList },
    passwordHash: col.str('password_hash', 200),
    email: col.str('email', 200, true),
    disabledAt: col.instant('disabled_at', true),
    passwordKind: { ...col.str('password_kind', 16), default: 'chosen' },
    sessionEpoch: { ...col.int('session_epoch'), default: 0 },
    version: { ...col.int('version'), default: 1 },
    createdAt: col.instant('created_at'),
    updatedAt: col.instant('updated_at', true),
  },
});

export const SessionEntity = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: col.id(),
    userId: col.ref('user_id'),
    userEpoch: col.int('user_epoch'),
    createdAt: col.instant('created_at'),
    expiresAt: col.instant('expires_at'),
    revokedAt: col.instant('revoked_at', true),
  },
});

export const IDENTITY_ENTITIES = [OrganisationEntity, UserEntity, SessionEntity];
