import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAppLog } from '../../src/common/app-log.js';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { DeadlineScheduler } from '../../src/scheduler/deadline-scheduler.service.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { passwordOf, startTestApp, type TestApp } from '../support/test-app.js';

// An operator's view: a request id on every answer and log line, one JSON line per state change,
// Prometheus metrics behind a token, and liveness/readiness that a load balancer can follow.

const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijklmnop';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Line = Record<string, unknown>;

describe('the operator’s view', () => {
  let t: TestApp;
  const lines: Line[] = [];
  const raw: string[] = [];
  let deadline = '';

  beforeAll(async () => {
    const log = createAppLog({
      destination: {
        write(line: string) {
          raw.push(line);
          lines.push(JSON.parse(line) as Line);
        },
      },
    });
    t = await startTestApp('2022-04-18T09:00:00+08:00', { METRICS_TOKEN }, undefined, log);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('request ids', () => {
    it('gives every request an id, answered in X-Request-Id and in the problem details', async () => {
      const res = await t.http.get('/api/nowhere');
      expect(res.status).toBe(404);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
      const other = await t.http.get('/api/nowhere');
      expect(other.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
    });

    it('keeps a sane incoming X-Request-Id and replaces anything else', async () => {
      const kept = await t.http.post('/api/auth/login').set('X-Request-Id', 'lb-7f3a9c.42').send({ username: 'staff', password: 'wrong-password-1' });
      expect(kept.headers['x-request-id']).toBe('lb-7f3a9c.42');
      expect(kept.body.requestId).toBe('lb-7f3a9c.42');
      for (const bad of ['a b', 'x'.repeat(101), '<script>']) {
        const res = await t.http.get('/api/health').set('X-Request-Id', bad);
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
    });

    it('logs each request as one JSON line with its id, route and status, without credentials or bodies', async () => {
      const res = await t.http.post('/api/auth/login').send({ username: 'staff', password: 'secret-wrong-pass' });
      const id = res.headers['x-request-id'];
      const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === id);
      expect(line).toMatchObject({ level: 'info', route: '/api/auth/login', req: { method: 'POST', path: '/api/auth/login' }, res: { status: 401 } });
      const headers = await t.login('staff');
      await t.http.get('/api/notices?q=secret').set(headers);
      const text = raw.join('');
      expect(text).not.toContain('secret-wrong-pass');
      expect(text).not.toContain(passwordOf('staff'));
      expect(text).not.toContain(headers.Authorization.slice('Bearer '.length));
      expect(text).not.toContain('q=secret');
    });
  });

  describe('state changes', () => {
    it('logs one line per committed state change, with entity, event, from, to and actor, and no document content', async () => {
      const { noticeId } = await seedIssuedReferenceNotice(t);
      const notice = await t.http.get(`/api/notices/${noticeId}`).set(await t.login('staff'));
      deadline = notice.body.deadline as string;
      const changes = lines.filter((l) => l.msg === 'state changed' && l.entityId === noticeId);
      // The seed wrote the draft at start; then the four steps over HTTP, each by its user.
      expect(changes.map((l) => [l.event, l.from, l.to])).toEqual([
        ['CREATE', null, 'draft'],
        ['SUBMIT_FOR_CHECK', 'draft', 'checking'],
        ['APPROVE_CHECK', 'checking', 'signing'],
        ['SIGN', 'signing', 'signed'],
        ['ISSUE', 'signed', 'issued'],
      ]);
      expect(changes.every((l) => l.entity === 'notice')).toBe(true);
      expect(changes.slice(1).every((l) => typeof l.actorId === 'string')).toBe(true);
      expect(raw.join('')).not.toContain(String(notice.body.body).slice(0, 12));
      // Issuing created one assignment per center: each its own line.
      expect(lines.filter((l) => l.msg === 'state changed' && l.entity === 'assignment').length).toBeGreaterThan(0);
    });
  });

  describe('/metrics', () => {
    const scrape = async () => {
      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      return res.text;
    };
    const value = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(series));
      if (!line) throw new Error(`no ${series} in\n${text}`);
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    };

    it('answers 401 without the token or with another', async () => {
      expect((await t.http.get('/metrics')).status).toBe(401);
      expect((await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    });

    it('counts latency by route pattern, transitions by event, sign-in failures, and the outbox depth', async () => {
      const text = await scrape();
      expect(text).toMatch(/gongwen_http_request_duration_seconds_count\{method="POST",route="\/api\/notices\/:id\/events",status="200"\} 4/);
      expect(text).not.toMatch(/route="\/api\/notices\/[0-9a-f-]{36}/);
      // Unknown paths (the first tests asked for /api/nowhere) are one series, not one per path.
      expect(text).toMatch(/gongwen_http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status="404"\} 2/);
      expect(value(text, 'gongwen_transitions_total{entity="notice",event="SIGN"}')).toBe(1);
      expect(value(text, 'gongwen_sign_in_failures_total{reason="unauthenticated"}')).toBe(2);
      // The issued notice's mail waits in the outbox (the relay does not poll in tests), queued at 09:00.
      expect(value(text, 'gongwen_outbox_pending ')).toBeGreaterThan(0);
      t.clock.set('2022-04-18T10:00:00+08:00');
      expect(value(await scrape(), 'gongwen_outbox_oldest_pending_age_seconds ')).toBe(3600);
    });

    it('observes how late each timer fired', async () => {
      // Fired 1 hour after the deadline, the deadline timers are 3600 s late.
      t.clock.set(new Date(Date.parse(deadline) + 3_600_000).toISOString());
      await t.app.get(DeadlineScheduler).runDue();
      const text = await scrape();
      expect(value(text, 'gongwen_timer_lateness_seconds_count{kind="assignment.deadline"}')).toBeGreaterThan(0);
      expect(value(text, 'gongwen_timer_lateness_seconds_bucket{le="3600",kind="assignment.deadline"}')).toBeGreaterThan(0);
      expect(value(text, 'gongwen_timer_lateness_seconds_bucket{le="300",kind="assignment.deadline"}')).toBe(0);
    });

    it('is not part of the API docs', async () => {
      const doc = await t.http.get('/api/docs-json');
      expect(Object.keys(doc.body.paths as object).some((p) => p.includes('metrics'))).toBe(false);
    });
  });

  describe('health', () => {
    it('answers live and ready, and /api/health as before', async () => {
      expect((await t.http.get('/api/health/live')).body).toEqual({ status: 'ok' });
      const ready = await t.http.get('/api/health/ready');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
      expect((await t.http.get('/api/health')).body).toMatchObject({ status: 'ok' });
    });
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not exist', async () => {
    const res = await t.http.get('/metrics').set('Authorization', 'Bearer anything-at-all-anything-at-all-0123');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('refuses a short token at start', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short-token' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'x'.repeat(31) })).toThrow(/METRICS_TOKEN/);
  });
});

describe('readiness while shutting down', () => {
  it('answers 503 draining on a shutdown signal, before the server closes, while live still answers', async () => {
    const t = await startTestApp(undefined, { SHUTDOWN_DRAIN_MS: '400' });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
    // What enableShutdownHooks does on SIGTERM, without signalling the test process.
    const closing = (t.app as unknown as { close(signal?: string): Promise<void> }).close('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await fetch(`${base}/api/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'draining' }]);
    expect((await fetch(`${base}/api/health/live`)).status).toBe(200);
    await closing;
    await expect(fetch(`${base}/api/health/live`)).rejects.toThrow();
    await t.close();
  });
});
