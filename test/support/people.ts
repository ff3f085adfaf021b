import { Db } from '../../src/database/db.js';
import { newId } from '../../src/common/ids.js';
import { OrganisationEntity, UserEntity } from '../../src/identity/identity.entities.js';
import { hashPassword } from '../../src/identity/password.js';
import type { Role } from '../../workflows/roles.js';
import { DEMO_PASSWORD, type TestApp } from './test-app.js';

/**
 * Another account beside the demo ones (a second reviewer, say), with the demo
 * password, in the organisation of the given code. Written straight to the
 * users table until accounts can be created over HTTP.
 */
export async function addPerson(t: TestApp, person: { username: string; displayName: string; roles: Role[]; organisationCode: string }): Promise<string> {
  const id = newId();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await t.app.get(Db).tx(async (sql) => {
    const organisation = await sql.manager.getRepository(OrganisationEntity).findOneByOrFail({ code: person.organisationCode });
    await sql.manager.getRepository(UserEntity).insert({
      id,
      username: person.username,
      displayName: person.displayName,
      organisationId: organisation.id,
      roles: person.roles,
      passwordHash,
      createdAt: t.clock.now().toISOString(),
    });
  });
  return id;
}
