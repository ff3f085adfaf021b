import type { Role } from '../../workflows/roles.js';
import { passwordOf, type TestApp } from './test-app.js';

/**
 * Another account beside the demo ones (a second reviewer, say), made as a
 * person would make it: the administrator creates it over HTTP in the
 * organisation of the given code, and the new user signs in with the one-time
 * password and sets `passwordOf(username)`, so that `t.login(username)` works.
 */
export async function addPerson(t: TestApp, person: { username: string; displayName: string; roles: Role[]; organisationCode: string }): Promise<string> {
  const admin = await t.login('admin');
  const organisations = await t.http.get('/api/organisations').query({ q: person.organisationCode, pageSize: 100 }).set(admin);
  const organisation = (organisations.body as { id: string; code: string }[]).find((o) => o.code === person.organisationCode);
  if (!organisation) throw new Error(`no organisation ${person.organisationCode}: ${JSON.stringify(organisations.body)}`);
  const created = await t.http
    .post('/api/users')
    .set(admin)
    .send({ username: person.username, displayName: person.displayName, organisationId: organisation.id, roles: person.roles });
  if (created.status !== 201) throw new Error(`create ${person.username}: ${created.status} ${JSON.stringify(created.body)}`);
  const { user, oneTimePassword } = created.body as { user: { id: string }; oneTimePassword: string };
  const signedIn = await t.http.post('/api/auth/login').send({ username: person.username, password: oneTimePassword });
  const changed = await t.http
    .post('/api/me/password')
    .set({ Authorization: `Bearer ${(signedIn.body as { accessToken: string }).accessToken}` })
    .send({ currentPassword: oneTimePassword, newPassword: passwordOf(person.username) });
  if (changed.status !== 200) throw new Error(`password of ${person.username}: ${changed.status} ${JSON.stringify(changed.body)}`);
  return user.id;
}
