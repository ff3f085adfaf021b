import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { Db } from '../../src/database/db.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { operationsOf, type OpenApiDocument, type Operation } from '../support/openapi-contract.js';
import { addPerson } from '../support/people.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { smallPdf } from '../factories/files.factory.js';
import {
  exampleOf,
  HOSTILE_AUTHORIZATION,
  HOSTILE_IDEMPOTENCY_KEYS,
  HOSTILE_IDS,
  HOSTILE_VALUES,
  mutate,
  Random,
  RAW_BODIES,
  type Json,
  type Schema,
} from './hostile-values.js';

/**
 * A bounded, seeded fuzzer over every write operation of the committed
 * contract (openapi/openapi.json): each request is a plausible one made
 * hostile (a field replaced by a value that broke something once, a field
 * dropped, a prototype key, a raw body that is not JSON or nests 2,000 deep,
 * a path id that is not an id, a forged token, an odd idempotency key).
 *
 * No answer may be a 500, every refusal is problem details with a code, and a
 * refused request leaves the stored data exactly as it was (a digest of every
 * table, read after each answer). FUZZ_SEED and FUZZ_PER_ROUTE change the run;
 * a failure names the seed, the request number and the request.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20220429);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 30);

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as OpenApiDocument & {
  components: { schemas?: Record<string, Schema> };
};
const WRITE_OPERATIONS = operationsOf(doc).filter(({ method }) => method !== 'get');

/**
 * Tables that record the requests themselves rather than the data a request
 * would change: sessions (a sign-in), the audit log (denied writes are
 * audited), idempotency records, sign-in attempts. Everything else must not move.
 */
const BOOKKEEPING = /session|audit|idempotency|sign_?in|login|attempt|throttl/i;

type Actor = 'anonymous' | 'staff' | 'leader' | 'reviewer' | 'admin' | 'center-qc-cardio' | 'fuzz-person';

interface Sent {
  n: number;
  method: string;
  url: string;
  actor: Actor | string;
  body: string;
}

describe(`fuzzing every write route (seed ${SEED}, ${PER_ROUTE} requests each)`, () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const campaign = await seedIssuedReferenceNotice(t);
    ids.issued = campaign.noticeId;
    ids.assignment = await campaign.assignmentOf('qc-cardio');
    const center = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${ids.assignment}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const staff = await t.login('staff');
    const draft = {
      title: '模糊测试草稿',
      recipients: ['各市级医疗质量控制中心'],
      body: '正文',
      deadline: '2022-05-20T09:00:00+08:00',
      mailbox: 'zwyx@wjw.tj.example',
      campaignYear: 2022,
    };
    ids.draft = (await t.http.post('/api/notices').set(staff).send(draft)).body.id;
    ids.eventDraft = (await t.http.post('/api/notices').set(staff).send(draft)).body.id;
    const attachment = await t.http
      .post(`/api/notices/${ids.draft}/attachments`)
      .set(staff)
      .attach('file', await smallPdf('fuzz'), 'fuzz.pdf');
    expect(attachment.status).toBe(201);
    ids.attachment = attachment.body.id;
    const admin = await t.login('admin');
    const organisation = await t.http.post('/api/organisations').set(admin).send({ kind: 'center', code: 'fuzz-org', name: '模糊测试中心' });
    expect(organisation.status).toBe(201);
    ids.organisation = organisation.body.id;
    ids.user = (
      await t.http
        .post('/api/users')
        .set(admin)
        .send({ username: 'fuzz-target', displayName: '模糊测试', organisationId: ids.organisation, roles: ['center'] })
    ).body.user.id;
    await addPerson(t, { username: 'fuzz-person', displayName: '改密码的人', roles: ['reviewer'], organisationCode: 'qc-cardio' });
    const outbox = await t.http.get('/api/outbox').set(staff);
    ids.outbox = (outbox.body as { messages: { id: string }[] }).messages[0].id;
    for (const who of ['staff', 'leader', 'reviewer', 'admin', 'center-qc-cardio', 'fuzz-person']) await t.login(who);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A digest of every table but the bookkeeping ones, row order aside. */
  async function digest(): Promise<string> {
    const db = t.app.get(Db);
    const tables = db.dataSource.entityMetadatas.map((m) => m.tableName).filter((name) => !BOOKKEEPING.test(name));
    const hash = createHash('sha256');
    await db.read(async (sql) => {
      if (sql.dialect === 'postgres') {
        // One round trip, hashed by the server: each table's rows as text, in order.
        const union = tables
          .sort()
          .map((table) => `SELECT '${table}' AS name, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS rows FROM "${table}" r`)
          .join(' UNION ALL ');
        for (const { name, rows } of await sql.many<{ name: string; rows: string }>(`${union} ORDER BY name`)) hash.update(`${name}:${rows}\n`);
        return;
      }
      for (const table of tables.sort()) {
        const rows = await sql.many<Record<string, unknown>>(`SELECT * FROM "${table}"`);
        // Files by their hash: JSON.stringify would spell a Buffer out byte by byte.
        const lines = rows.map((row) => JSON.stringify(Object.values(row).map((v) => (Buffer.isBuffer(v) ? createHash('sha1').update(v).digest('hex') : v))));
        hash.update(`${table}\n${lines.sort().join('\n')}\n`);
      }
    });
    return hash.digest('hex');
  }

  /** Who calls each operation, so that most requests get past sign-in and the role check and reach validation and the services. */
  function actorFor(method: string, path: string): Actor {
    if (path === '/api/auth/login' || path === '/api/auth/logout') return 'anonymous';
    if (path === '/api/me/password') return 'fuzz-person';
    if (path.startsWith('/api/organisations') || path.startsWith('/api/users')) return 'admin';
    if (path.startsWith('/api/assignments/{id}/reviewers')) return 'staff';
    if (path.startsWith('/api/assignments')) return 'center-qc-cardio';
    if (path === '/api/notices/{id}/events') return method === 'post' ? 'staff' : 'leader';
    return 'staff';
  }

  /** The real id each path parameter names: a sacrificial draft, organisation and user, so a request that succeeds harms no other. */
  function idFor(path: string, name: string): string {
    if (name === 'attachmentId') return ids.attachment;
    if (path.startsWith('/api/organisations')) return ids.organisation;
    if (path.startsWith('/api/users')) return ids.user;
    if (path.startsWith('/api/assignments')) return ids.assignment;
    if (path.startsWith('/api/outbox')) return ids.outbox;
    if (path === '/api/notices/{id}/events') return ids.eventDraft;
    if (path === '/api/notices/{id}/reminders') return ids.issued;
    return ids.draft;
  }

  /** A plausible body; sign-in and password bodies name no real account's password, so none is locked out and none changed. */
  function baseBody(path: string, op: Operation): Json {
    if (path === '/api/auth/login') return { username: 'nobody-fuzz', password: 'not-the-password' };
    if (path === '/api/me/password') return { currentPassword: 'not-the-password', newPassword: 'fuzz-new-password-2022' };
    const schema = op.requestBody?.content?.['application/json']?.schema ?? op.requestBody?.content?.['multipart/form-data']?.schema;
    const body = schema ? exampleOf(doc, schema) : {};
    // The example's `version` is 1, stale for most rows: without it more requests reach the write itself.
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'version' in body) delete body.version;
    return body;
  }

  async function send(random: Random, n: number, method: string, path: string, op: Operation): Promise<{ sent: Sent; res: Response }> {
    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (random.chance(0.15) ? random.pick(HOSTILE_IDS) : idFor(path, name)));
    let actor: string = actorFor(method, path);
    let authorization: string | undefined;
    const roll = random.next();
    let label: string = actor;
    if (roll < 0.1) authorization = random.pick(HOSTILE_AUTHORIZATION);
    else if (roll < 0.18) actor = label = random.pick(['anonymous', 'staff', 'leader', 'reviewer', 'admin', 'center-qc-cardio']);
    // The logout route gets only foreign tokens: a real one would end the session the next requests need.
    if (path === '/api/auth/logout' && authorization === undefined) authorization = random.pick(HOSTILE_AUTHORIZATION);
    if (authorization !== undefined) label = `Authorization: ${authorization.slice(0, 40)}`;
    else if (actor !== 'anonymous') authorization = (await t.login(actor)).Authorization;

    const req = (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url);
    if (authorization !== undefined) void req.set('Authorization', authorization);
    if (op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key') && random.chance(0.2)) {
      void req.set('Idempotency-Key', random.pick(HOSTILE_IDEMPOTENCY_KEYS));
    }
    const multipart = Boolean(op.requestBody?.content?.['multipart/form-data']);
    let body: string;
    const shape = random.next();
    if (shape < 0.2) {
      const raw = random.pick(RAW_BODIES)();
      body = `${raw.type}: ${raw.text.slice(0, 120)}`;
      void req.set('Content-Type', raw.type).send(raw.text);
    } else if (multipart && shape < 0.75) {
      const fields = mutate(random, baseBody(path, op));
      const bytes = random.pick([
        Buffer.alloc(0),
        Buffer.from('%PDF-1.4\n%%EOF'),
        Buffer.from('PK\u0003\u0004garbage'),
        Buffer.from(JSON.stringify(random.pick(HOSTILE_VALUES)())),
      ]);
      const filename = random.pick(['a.pdf', '附件.pdf', 'a\u202egpj.exe', '..\\..\\x.xlsx', '', 'x'.repeat(300), '%00.pdf']);
      body = `multipart fields ${JSON.stringify(fields).slice(0, 200)} file ${filename.slice(0, 40)} (${bytes.length} bytes)`;
      if (fields !== null && typeof fields === 'object' && !Array.isArray(fields)) {
        for (const [k, v] of Object.entries(fields)) void req.field(k, typeof v === 'string' ? v : JSON.stringify(v));
      }
      if (random.chance(0.8)) {
        void req.attach(random.chance(0.9) ? 'file' : 'other', bytes, { filename: filename || 'f', contentType: 'application/octet-stream' });
      }
    } else if (!op.requestBody && random.chance(0.5)) {
      body = '(none)';
      void req.send();
    } else {
      let value = op.requestBody ? baseBody(path, op) : {};
      const rounds = shape < 0.3 ? 0 : random.chance(0.7) ? 1 : 2 + random.int(2);
      for (let i = 0; i < rounds; i++) value = mutate(random, value);
      body = JSON.stringify(value);
      void req.set('Content-Type', 'application/json').send(body);
    }
    const res = await req.catch((error: Error) => ({ status: 599, headers: {}, body: { error: error.message }, text: error.message }) as unknown as Response);
    return { sent: { n, method: method.toUpperCase(), url: url.slice(0, 200), actor: label, body: body.slice(0, 300) }, res };
  }

  it('answers no 500, refuses with problem details, and leaves stored data untouched by refused requests', async () => {
    const random = new Random(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    // The digest must see a write, or "untouched" below would hold whatever happened.
    const unwritten = await digest();
    const edit = await t.http
      .patch(`/api/notices/${ids.draft}`)
      .set(await t.login('staff'))
      .send({ title: '模糊测试草稿（改）' });
    expect(edit.status).toBe(200);
    expect(await digest()).not.toBe(unwritten);
    let before = await digest();
    let n = 0;
    let digestMs = 0;
    for (let round = 0; round < PER_ROUTE; round++) {
      for (const { method, path, op } of WRITE_OPERATIONS) {
        n++;
        const { sent, res } = await send(random, n, method, path, op);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const started = Date.now();
        const after = await digest();
        digestMs += Date.now() - started;
        const where = `#${sent.n} ${sent.method} ${sent.url} as ${sent.actor} with ${sent.body}`;
        const problem = res.body as { code?: unknown; detail?: unknown };
        if (res.status >= 500) failures.push(`${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        else if (res.status >= 400 && (!String(res.headers['content-type']).includes('application/problem+json') || typeof problem.code !== 'string')) {
          failures.push(`${where} → ${res.status} without problem details: ${res.headers['content-type']} ${res.text.slice(0, 200)}`);
        } else if (res.status >= 400 && after !== before) {
          failures.push(`${where} → ${res.status} ${String(problem.code)}, yet stored data changed`);
        }
        before = after;
      }
    }
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, c]) => `${s}×${c}`);
    if (process.env.FUZZ_VERBOSE) console.log(`${n} requests: ${summary.join(' ')}; digest ${digestMs} ms`);
    expect({ requests: n, operations: WRITE_OPERATIONS.length, failures }).toEqual({
      requests: PER_ROUTE * WRITE_OPERATIONS.length,
      operations: 27,
      failures: [],
    });
    // A run that only ever hit the sign-in guard would prove nothing: most requests must reach validation or the services.
    expect(summary.join(' ')).toMatch(/400×\d+/);
    expect((statuses.get(400) ?? 0) + (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(n / 2);
  }, 120_000);
});
