import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { IdempotencyService } from '../../src/idempotency/idempotency.service.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// An Idempotency-Key replays its first answer for IDEMPOTENCY_TTL_HOURS (here 2); after that it is free again,
// and expired keys are deleted. Time is the injected clock.
describe('idempotency keys expire', () => {
  let t: TestApp;
  let campaign: Awaited<ReturnType<typeof seedIssuedReferenceNotice>>;

  beforeAll(async () => {
    t = await startTestApp('2022-04-20T09:00:00+08:00', { IDEMPOTENCY_TTL_HOURS: '2' });
    campaign = await seedIssuedReferenceNotice(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const saves = async (id: string) => {
    const res = await t.http.get(`/api/audit?entity=assignment:${id}`).set(await t.login('staff'));
    return (res.body as { event: string }[]).filter((r) => r.event === 'SAVE_DRAFT').length;
  };

  it('replays within the TTL and acts afresh once the key has expired', async () => {
    const id = await campaign.assignmentOf('qc-cardio');
    const center = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const put = (goals: unknown[]) => t.http.put(`/api/assignments/${id}/draft`).set(center).set('Idempotency-Key', 'draft-expiry').send({ table: { goals } });

    expect((await put([])).status).toBe(200);
    t.clock.set('2022-04-20T10:59:00+08:00');
    const replayed = await put([]);
    expect(replayed.status).toBe(200);
    expect(await saves(id)).toBe(1);
    // Within the TTL the key belongs to the first request: another body is refused.
    expect((await put([{ code: '2022-01' }])).body.code).toBe('IDEMPOTENCY_MISMATCH');

    t.clock.set('2022-04-20T11:01:00+08:00');
    const afresh = await put([{ code: '2022-01' }]);
    expect(afresh.status).toBe(200);
    expect(await saves(id)).toBe(2);
    expect(afresh.body.version).toBeGreaterThan(replayed.body.version as number);
  });

  it('deletes expired keys and keeps the others', async () => {
    const id = await campaign.assignmentOf('qc-neuro');
    const center = await t.login('center-qc-neuro');
    const idempotency = t.app.get(IdempotencyService);
    t.clock.set('2022-04-21T09:00:00+08:00');
    await idempotency.purgeExpired();
    await t.http.post(`/api/assignments/${id}/events`).set(center).set('Idempotency-Key', 'old').send({ type: 'ACKNOWLEDGE' });
    t.clock.set('2022-04-21T10:30:00+08:00');
    await t.http
      .put(`/api/assignments/${id}/draft`)
      .set(center)
      .set('Idempotency-Key', 'young')
      .send({ table: { goals: [] } });
    t.clock.set('2022-04-21T11:10:00+08:00');
    expect(await idempotency.purgeExpired()).toBe(1);
    expect(await idempotency.purgeExpired()).toBe(0);
    // The younger key still replays (one save, not two).
    await t.http
      .put(`/api/assignments/${id}/draft`)
      .set(center)
      .set('Idempotency-Key', 'young')
      .send({ table: { goals: [] } });
    expect(await saves(id)).toBe(1);
    t.clock.set('2022-04-21T12:31:00+08:00');
    expect(await idempotency.purgeExpired()).toBe(1);
  });

  it('refuses a TTL that is not a whole number of hours from 1 to a year', () => {
    for (const bad of ['0', '1.5', 'abc', '8761']) expect(() => loadConfig({ IDEMPOTENCY_TTL_HOURS: bad })).toThrow(ConfigError);
    expect(loadConfig({}).idempotencyTtlHours).toBe(24);
  });
});
