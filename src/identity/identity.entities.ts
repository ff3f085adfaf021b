import { EntitySchema } from 'typeorm';
import type { Role } from '../../workflows/roles.js';
import { col } from '../database/columns.js';

export type OrganisationKind = 'commission' | 'center' | 'district' | 'hospital' | 'unit';

export interface Organisation {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  docPrefix: string | null;
  createdAt?: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  passwordHash: string;
  createdAt?: string;
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
    createdAt: col.instant('created_at'),
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
    createdAt: col.instant('created_at'),
  },
});

export const IDENTITY_ENTITIES = [OrganisationEntity, UserEntity];
