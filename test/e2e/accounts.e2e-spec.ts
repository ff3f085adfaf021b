import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, passwordOf, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

describe('accounts and organisations', () => {
  let t: TestApp;
  let admin: Auth;
  let staff: Auth;
  let commissionId: string;
  let neuroId: string;
  let cardio: string;

  beforeAll(async () => {
    t = await startTestApp();
    cardio = await (await seedIssuedReferenceNotice(t)).assignmentOf('qc-cardio');
    admin = await t.login('admin');
    staff = await t.login('staff');
    commissionId = (await t.http.get('/api/me').set(staff)).body.organisation.id;
    neuroId = (await t.http.get('/api/organisations?q=qc-neuro').set(staff)).body[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  const signIn = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });

  async function auditKinds(who: Auth, entity: 'user' | 'organisation', id: string): Promise<string[]> {
    const res = await t.http.get(`/api/audit?entity=${entity}:${id}`).set(who);
    expect(res.status).toBe(200);
    return (res.body as { kind: string }[]).map((r) => r.kind);
  }

  /** A new account, signed in once with its one-time password and given a password of its own. */
  async function activeAccount(by: Auth, fields: { username: string; organisationId: string; roles: string[]; displayName?: string }) {
    const created = await t.http
      .post('/api/users')
      .set(by)
      .send({ displayName: fields.displayName ?? `${fields.username} 测试`, ...fields });
    expect(created.status).toBe(201);
    const first = await signIn(fields.username, created.body.oneTimePassword);
    expect(first.status).toBe(200);
    const password = 'Jinmen-Haihe-2022!';
    const changed = await t.http
      .post('/api/me/password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: created.body.oneTimePassword, newPassword: password });
    expect(changed.status).toBe(200);
    return { id: created.body.user.id as string, password, auth: bearer(first.body.accessToken) };
  }

  it('lets the admin create an organisation and a reviewer, each audited, the one-time password shown once', async () => {
    const org = await t.http
      .post('/api/organisations')
      .set(admin)
      .send({ kind: 'center', code: 'QC-Rehab', name: '天津市康复医学医疗质量控制中心', email: 'rehab@qc.tianjin.example' });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ code: 'qc-rehab', kind: 'center', disabled: false, docPrefix: null, version: 1 });
    const listed = await t.http.get('/api/organisations?kind=center&q=rehab').set(staff);
    expect(listed.body.map((o: { id: string }) => o.id)).toEqual([org.body.id]);
    expect(listed.headers['x-total-count']).toBe('1');

    const created = await t.http
      .post('/api/users')
      .set(admin)
      .send({ username: 'Expert-Zhang', displayName: '张专家', organisationId: commissionId, roles: ['reviewer'], email: 'zhang@example.cn' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      username: 'expert-zhang',
      displayName: '张专家',
      roles: ['reviewer'],
      mustChangePassword: true,
      disabled: false,
    });
    expect(created.body.user.organisation.id).toBe(commissionId);
    expect(created.body.oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(JSON.stringify(created.body.user)).not.toContain(created.body.oneTimePassword);
    const read = await t.http.get(`/api/users/${created.body.user.id}`).set(admin);
    expect(read.body).toEqual(created.body.user);

    expect(await auditKinds(admin, 'organisation', org.body.id)).toEqual(['organisation.created']);
    const trail = await t.http.get(`/api/audit?entity=user:${created.body.user.id}`).set(admin);
    expect(trail.body).toEqual([expect.objectContaining({ kind: 'user.created', event: 'CREATE', to: 'active' })]);
    expect(JSON.stringify(trail.body)).not.toContain(created.body.oneTimePassword);
  });

  it('keeps usernames and organisation codes unique (409, in Chinese), whatever their case', async () => {
    const again = await t.http
      .post('/api/users')
      .set(admin)
      .send({ username: 'STAFF', displayName: '重名', organisationId: commissionId, roles: ['staff'] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'USERNAME_TAKEN', detail: '用户名「staff」已被使用，请换一个' });
    const someone = await t.http.get('/api/users?q=center-qc-neuro').set(admin);
    const renamed = await t.http.patch(`/api/users/${someone.body[0].id}`).set(admin).send({ username: 'reviewer' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('USERNAME_TAKEN');
    const code = await t.http.post('/api/organisations').set(admin).send({ kind: 'center', code: 'qc-NEURO', name: '重复' });
    expect(code.status).toBe(409);
    expect(code.body).toMatchObject({ code: 'ORGANISATION_CODE_TAKEN', detail: '机构代码「qc-neuro」已被使用，请换一个' });
  });

  it('refuses bad input with problem details and stores nothing', async () => {
    const before = Number((await t.http.get('/api/users').set(admin)).headers['x-total-count']);
    const valid = { username: 'bad-input', displayName: '坏输入', organisationId: commissionId, roles: ['reviewer'] };
    const cases: [object, number, string][] = [
      [{ ...valid, isAdmin: true }, 400, 'isAdmin'],
      [{ ...valid, roles: 'reviewer' }, 400, 'roles'],
      [{ ...valid, roles: ['superuser'] }, 400, 'roles'],
      [{ ...valid, roles: [] }, 400, 'roles'],
      [{ ...valid, username: '../etc' }, 400, 'username'],
      [{ ...valid, email: 'not-an-address' }, 400, 'email'],
      [{ ...valid, organisationId: '00000000-0000-0000-0000-000000000000' }, 400, 'organisationId'],
      [{ ...valid, roles: ['center'] }, 400, 'roles'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.http.post('/api/users').set(admin).send(body);
      expect([res.status, res.body.code]).toEqual([status, 'VALIDATION_FAILED']);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const centerRole = await t.http
      .post('/api/users')
      .set(admin)
      .send({ ...valid, roles: ['center'] });
    expect(centerRole.body.detail).toContain('「质控中心联络员」角色只能属于质控中心');
    const kind = await t.http.post('/api/organisations').set(admin).send({ kind: 'ministry', code: 'x', name: '某部' });
    expect([kind.status, kind.body.errors[0].field]).toEqual([400, 'kind']);
    expect((await t.http.patch('/api/users/00000000-0000-0000-0000-000000000000').set(admin).send({ displayName: '无' })).status).toBe(404);
    expect((await t.http.post('/api/organisations/00000000-0000-0000-0000-000000000000/disable').set(admin)).status).toBe(404);
    expect((await t.http.get('/api/users?disabled=maybe').set(admin)).status).toBe(400);
    expect(Number((await t.http.get('/api/users').set(admin)).headers['x-total-count'])).toBe(before);
  });

  it('lets a one-time password sign in once, and nothing but me, the password change and logout until it is changed', async () => {
    const created = await t.http
      .post('/api/users')
      .set(admin)
      .send({ username: 'li-na', displayName: '李娜', organisationId: commissionId, roles: ['reviewer'] });
    const oneTime = created.body.oneTimePassword as string;
    const first = await signIn('li-na', oneTime);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const auth = bearer(first.body.accessToken);

    const blocked = await t.http.get('/api/notices').set(auth);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.body.detail).toContain('请先修改密码');
    expect((await t.http.get('/api/me').set(auth)).body.mustChangePassword).toBe(true);
    const twice = await signIn('li-na', oneTime);
    expect([twice.status, twice.body.detail]).toEqual([401, '一次性密码已使用过，请联系管理员重新设置密码']);

    const change = (currentPassword: string, newPassword: string) => t.http.post('/api/me/password').set(auth).send({ currentPassword, newPassword });
    const wrong = await change('not-the-password', 'Haihe-Bridge-2022');
    expect([wrong.status, wrong.body.code, wrong.body.detail]).toEqual([400, 'WRONG_PASSWORD', '当前密码不正确']);
    const short = await change(oneTime, 'Short-1');
    expect([short.status, short.body.code]).toEqual([400, 'WEAK_PASSWORD']);
    expect(short.body.detail).toContain('密码至少需要 10 个字符');
    const named = await change(oneTime, 'my-LI-NA-password');
    expect(named.body.detail).toContain('密码不能包含用户名');
    const common = await change(oneTime, 'QwertyUiop');
    expect(common.body.detail).toContain('密码过于常见');
    expect(common.body.errors).toEqual([{ field: 'newPassword', message: '密码过于常见，容易被猜中，请换一个' }]);
    const same = await change(oneTime, oneTime);
    expect(same.body.detail).toContain('新密码不能与当前密码相同');

    const done = await change(oneTime, 'Haihe-Bridge-2022');
    expect(done.status).toBe(200);
    expect(done.body.mustChangePassword).toBe(false);
    expect((await t.http.get('/api/notices').set(auth)).status).toBe(200);
    expect((await signIn('li-na', oneTime)).status).toBe(401);
    const chosen = await signIn('LI-NA', 'Haihe-Bridge-2022');
    expect([chosen.status, chosen.body.mustChangePassword]).toEqual([200, false]);
    expect(await auditKinds(admin, 'user', created.body.user.id)).toEqual(['user.created', 'user.passwordChanged']);
  });

  it('ends the current session on logout: its next call answers 401, another session of the same user goes on', async () => {
    const one = bearer((await signIn('leader', passwordOf('leader'))).body.accessToken);
    const two = bearer((await signIn('leader', passwordOf('leader'))).body.accessToken);
    const out = await t.http.post('/api/auth/logout').set(one);
    expect(out.status).toBe(204);
    const after = await t.http.get('/api/me').set(one);
    expect([after.status, after.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(after.body.detail).toContain('会话已结束');
    expect((await t.http.get('/api/me').set(two)).status).toBe(200);
  });

  it('ends every session of a disabled user at once, refuses their sign-in, and still tells strangers nothing', async () => {
    const wang = await activeAccount(admin, { username: 'wang-fang', organisationId: commissionId, roles: ['reviewer'] });
    expect((await t.http.get('/api/me').set(wang.auth)).status).toBe(200);
    const disabled = await t.http.post(`/api/users/${wang.id}/disable`).set(admin);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);

    const next = await t.http.get('/api/me').set(wang.auth);
    expect([next.status, next.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(next.body.detail).toContain('账号已停用');
    const signInDisabled = await signIn('wang-fang', wang.password);
    expect([signInDisabled.status, signInDisabled.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    expect(signInDisabled.body.detail).toContain('账号已停用');
    const wrongPassword = await signIn('wang-fang', 'not-the-password');
    const unknown = await signIn('nobody-at-all', 'not-the-password');
    expect([wrongPassword.status, wrongPassword.body.detail]).toEqual([401, unknown.body.detail]);

    expect((await t.http.post(`/api/users/${wang.id}/disable`).set(admin)).body.code).toBe('INVALID_TRANSITION');
    expect((await t.http.post(`/api/users/${wang.id}/enable`).set(admin)).status).toBe(200);
    expect((await signIn('wang-fang', wang.password)).status).toBe(200);
    expect(await auditKinds(admin, 'user', wang.id)).toEqual(['user.created', 'user.passwordChanged', 'user.disabled', 'user.enabled']);
  });

  it('ends the sessions of a user whose roles change, not of one whose name changes', async () => {
    const zhao = await activeAccount(admin, { username: 'zhao-lei', organisationId: commissionId, roles: ['reviewer'] });
    const renamed = await t.http.patch(`/api/users/${zhao.id}`).set(admin).send({ displayName: '赵磊（专家）' });
    expect([renamed.status, renamed.body.displayName]).toEqual([200, '赵磊（专家）']);
    expect((await t.http.get('/api/me').set(zhao.auth)).status).toBe(200);

    const version = renamed.body.version as number;
    const stale = await t.http
      .patch(`/api/users/${zhao.id}`)
      .set(admin)
      .send({ roles: ['reviewer', 'leader'], version: version - 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
    const promoted = await t.http
      .patch(`/api/users/${zhao.id}`)
      .set(admin)
      .send({ roles: ['reviewer', 'leader'], version });
    expect(promoted.status).toBe(200);
    expect(promoted.body.roles).toEqual(['reviewer', 'leader']);
    const next = await t.http.get('/api/me').set(zhao.auth);
    expect([next.status, next.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(next.body.detail).toContain('会话已结束');
    const again = await signIn('zhao-lei', zhao.password);
    expect(again.body.user.roles).toEqual(['reviewer', 'leader']);

    const trail = (await t.http.get(`/api/audit?entity=user:${zhao.id}`).set(admin)).body as { kind: string; detail: Record<string, unknown> }[];
    const edits = trail.filter((r) => r.kind === 'user.edited').map((r) => r.detail);
    expect(edits).toEqual([
      { changes: { displayName: { from: 'zhao-lei 测试', to: '赵磊（专家）' } }, sessionsEnded: false },
      { changes: { roles: { from: ['reviewer'], to: ['reviewer', 'leader'] } }, sessionsEnded: true },
    ]);
  });

  it('resets a password: the old sessions end, the new one-time password signs in once and must be changed', async () => {
    const sun = await activeAccount(staff, { username: 'sun-li', organisationId: commissionId, roles: ['reviewer'] });
    const reset = await t.http.post(`/api/users/${sun.id}/password-reset`).set(staff);
    expect(reset.status).toBe(200);
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await t.http.get('/api/me').set(sun.auth)).status).toBe(401);
    expect((await signIn('sun-li', sun.password)).status).toBe(401);
    const first = await signIn('sun-li', reset.body.oneTimePassword);
    expect(first.body.mustChangePassword).toBe(true);
    expect((await signIn('sun-li', reset.body.oneTimePassword)).status).toBe(401);
    const kinds = await auditKinds(staff, 'user', sun.id);
    expect(kinds).toEqual(['user.created', 'user.passwordChanged', 'user.passwordReset']);
  });

  it("keeps staff to their own commission's accounts, and away from the admin role and organisations", async () => {
    const center = (await t.http.get('/api/users?q=center-qc-neuro').set(admin)).body[0] as { id: string };
    const refusals = [
      await t.http
        .post('/api/users')
        .set(staff)
        .send({ username: 'neuro-2', displayName: '神经', organisationId: neuroId, roles: ['center'] }),
      await t.http.patch(`/api/users/${center.id}`).set(staff).send({ displayName: '改名' }),
      await t.http.post(`/api/users/${center.id}/password-reset`).set(staff),
      await t.http.post(`/api/users/${center.id}/disable`).set(staff),
      await t.http
        .post('/api/users')
        .set(staff)
        .send({ username: 'new-admin', displayName: '管理员', organisationId: commissionId, roles: ['admin'] }),
      await t.http.post('/api/organisations').set(staff).send({ kind: 'center', code: 'qc-x', name: '某中心' }),
    ];
    for (const res of refusals) expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(refusals[0].body.detail).toBe('工作人员只能管理本委机构的账号');
    expect(refusals[4].body.detail).toContain('不能授予系统管理员角色');
    const reviewer = (await t.http.get('/api/users?q=expert-zhang').set(staff)).body[0] as { id: string };
    const grant = await t.http
      .patch(`/api/users/${reviewer.id}`)
      .set(staff)
      .send({ roles: ['reviewer', 'admin'] });
    expect([grant.status, grant.body.code]).toEqual([403, 'FORBIDDEN']);

    const mine = await t.http.get('/api/users?pageSize=500').set(staff);
    expect(mine.body.every((u: { organisation: { id: string } }) => u.organisation.id === commissionId)).toBe(true);
    expect((await t.http.get(`/api/users?organisationId=${neuroId}`).set(staff)).body).toEqual([]);
    expect((await t.http.get(`/api/users/${center.id}`).set(staff)).status).toBe(404);
    expect((await t.http.get('/api/users').set(await t.login('center-qc-cardio'))).status).toBe(403);
  });

  it('pages and filters the users list', async () => {
    const centers = await t.http.get('/api/users?role=center&pageSize=5&page=2').set(admin);
    expect(centers.status).toBe(200);
    expect(centers.body).toHaveLength(5);
    expect(centers.headers['x-total-count']).toBe('14');
    expect(centers.headers['x-page']).toBe('2');
    expect(centers.body.every((u: { roles: string[] }) => u.roles.includes('center'))).toBe(true);
    const byOrg = await t.http.get(`/api/users?organisationId=${neuroId}`).set(admin);
    expect(byOrg.body.map((u: { username: string }) => u.username)).toEqual(['center-qc-neuro']);
  });

  it('lists the reviewers staff may assign, assigns them and names them in the assignment', async () => {
    const ma = await activeAccount(admin, { username: 'ma-jun', organisationId: commissionId, roles: ['reviewer'], displayName: '马骏' });
    const gone = await activeAccount(admin, { username: 'gone-reviewer', organisationId: commissionId, roles: ['reviewer'] });
    await t.http.post(`/api/users/${gone.id}/disable`).set(admin);
    const elsewhere = await activeAccount(admin, { username: 'neuro-reviewer', organisationId: neuroId, roles: ['reviewer'] });

    const list = await t.http.get('/api/reviewers?pageSize=100').set(staff);
    expect(list.status).toBe(200);
    const names = list.body.map((r: { username: string }) => r.username);
    expect(names).toEqual(expect.arrayContaining(['reviewer', 'ma-jun', 'expert-zhang']));
    expect(names).not.toContain('gone-reviewer');
    expect(names).not.toContain('neuro-reviewer');
    expect(list.body.find((r: { username: string }) => r.username === 'ma-jun')).toEqual({ id: ma.id, username: 'ma-jun', displayName: '马骏' });
    expect((await t.http.get('/api/reviewers').set(await t.login('reviewer'))).status).toBe(403);

    const refused = await t.http
      .put(`/api/assignments/${cardio}/reviewers`)
      .set(staff)
      .send({ reviewerIds: [ma.id, gone.id, elsewhere.id] });
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body.errors).toEqual([
      { field: 'reviewerIds[1]', message: 'gone-reviewer 测试（gone-reviewer）的账号已停用' },
      { field: 'reviewerIds[2]', message: 'neuro-reviewer 测试（neuro-reviewer）不是本委的审核人' },
    ]);
    const given = await t.http
      .put(`/api/assignments/${cardio}/reviewers`)
      .set(staff)
      .send({ reviewerIds: [ma.id] });
    expect(given.status).toBe(200);
    expect(given.body.reviewers).toEqual([{ id: ma.id, username: 'ma-jun', displayName: '马骏' }]);
    const detail = await t.http.get(`/api/assignments/${cardio}`).set(ma.auth);
    expect(detail.body.reviewers).toEqual([{ id: ma.id, username: 'ma-jun', displayName: '马骏' }]);
  });

  it('refuses sign-in to the users of a disabled organisation and ends their sessions', async () => {
    const org = await t.http.post('/api/organisations').set(admin).send({ kind: 'hospital', code: 'h-test', name: '测试医院' });
    const doctor = await activeAccount(admin, { username: 'doctor-liu', organisationId: org.body.id, roles: ['reviewer'] });
    const edited = await t.http.patch(`/api/organisations/${org.body.id}`).set(admin).send({ name: '天津市测试医院', docPrefix: '津测' });
    expect(edited.body).toMatchObject({ name: '天津市测试医院', docPrefix: '津测', version: 2 });
    const disabled = await t.http.post(`/api/organisations/${org.body.id}/disable`).set(admin);
    expect(disabled.body.disabled).toBe(true);
    expect((await t.http.get('/api/me').set(doctor.auth)).status).toBe(401);
    const refused = await signIn('doctor-liu', doctor.password);
    expect([refused.status, refused.body.code, refused.body.detail]).toEqual([403, 'ACCOUNT_DISABLED', '所在机构（天津市测试医院）已停用，账号无法登录']);
    const newUser = await t.http
      .post('/api/users')
      .set(admin)
      .send({ username: 'late', displayName: '迟到', organisationId: org.body.id, roles: ['reviewer'] });
    expect([newUser.status, newUser.body.errors[0].field]).toEqual([400, 'organisationId']);
    expect((await t.http.post(`/api/organisations/${commissionId}/disable`).set(admin)).status).toBe(403);
    expect((await t.http.get('/api/organisations?disabled=true').set(staff)).body.map((o: { code: string }) => o.code)).toEqual(['h-test']);
    expect(await auditKinds(admin, 'organisation', org.body.id)).toEqual(['organisation.created', 'organisation.edited', 'organisation.disabled']);
  });
});
