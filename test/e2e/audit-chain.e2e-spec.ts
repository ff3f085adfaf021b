import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { Db } from '../../src/database/db.js';
import { ChainAuditLog1765100000000 } from '../../src/database/migrations/1765100000000-ChainAuditLog.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { passwordOf, startTestApp, type TestApp } from '../support/test-app.js';

type Auth = { Authorization: string };
interface Row {
  id: number;
  chain_seq: number;
  digest: string;
  [column: string]: unknown;
}
const COLUMNS = [
  'id',
  'at',
  'actor_id',
  'actor_org_id',
  'entity',
  'entity_id',
  'event',
  'kind',
  'from_state',
  'to_state',
  'payload_digest',
  'detail',
  'chain_seq',
  'prev_digest',
  'digest',
];

describe('the audit trail is a hash chain anchored outside the database', () => {
  let t: TestApp;
  let admin: Auth;
  let db: Db;

  beforeAll(async () => {
    t = await startTestApp();
    await seedIssuedReferenceNotice(t);
    admin = await t.login('admin');
    db = t.app.get(Db);
  });
  afterAll(async () => {
    await t.close();
  });

  const verify = async () => {
    const res = await t.http.get('/api/audit/verify').set(admin);
    expect(res.status).toBe(200);
    return res.body as {
      ok: boolean;
      count: number;
      lastId: number | null;
      headDigest: string;
      anchor: { lastId: number; count: number; headDigest: string } | null;
      firstBroken: { id: number | null; problem: string; detail: string } | null;
    };
  };
  const rows = async (): Promise<Row[]> =>
    (await db.read((sql) => sql.many<Row>(`SELECT ${COLUMNS.join(', ')} FROM audit_log ORDER BY id`))).map((r) => ({
      ...r,
      id: Number(r.id),
      chain_seq: Number(r.chain_seq),
    }));
  const exec = (text: string, params: unknown[] = []) => db.tx((sql) => sql.exec(text, params));
  const reinsert = (row: Row) =>
    exec(
      `INSERT INTO audit_log (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      COLUMNS.map((c) => row[c]),
    );

  it('verifies an untouched chain: every act so far, in order, with its head digest; only for administrators', async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((r) => r.chain_seq)).toEqual(all.map((_, i) => i + 1));
    const report = await verify();
    expect(report).toMatchObject({ ok: true, count: all.length, lastId: all.at(-1)!.id, headDigest: all.at(-1)!.digest, firstBroken: null });
    for (const who of ['staff', 'leader', 'center-qc-cardio']) {
      const res = await t.http.get('/api/audit/verify').set(await t.login(who));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await t.http.get('/api/audit/verify')).status).toBe(401);
  });

  it('names the row whose content was changed', async () => {
    const victim = (await rows())[5];
    await exec('UPDATE audit_log SET actor_id = $1 WHERE id = $2', ['someone-else', victim.id]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ id: victim.id, problem: 'content' });
    expect(report.firstBroken!.detail).toContain('被修改');
    expect(report.count).toBe(5);
    await exec('UPDATE audit_log SET actor_id = $1 WHERE id = $2', [victim.actor_id, victim.id]);
    expect((await verify()).ok).toBe(true);
  });

  it('names the row after a deleted one', async () => {
    const all = await rows();
    const [gone, next] = [all[3], all[4]];
    await exec('DELETE FROM audit_log WHERE id = $1', [gone.id]);
    expect((await verify()).firstBroken).toMatchObject({ id: next.id, problem: 'missing' });
    await reinsert(gone);
    expect((await verify()).ok).toBe(true);
  });

  it('names a forged row, whether appended with a made-up digest or with a stolen place in the chain', async () => {
    const all = await rows();
    const last = all.at(-1)!;
    const forged = { ...all[2], id: last.id + 1000, chain_seq: last.chain_seq + 1, prev_digest: last.digest, digest: 'f'.repeat(64) };
    await reinsert(forged);
    expect((await verify()).firstBroken).toMatchObject({ id: forged.id, problem: 'content' });
    await exec('DELETE FROM audit_log WHERE id = $1', [forged.id]);
    // A plain INSERT, as a hand-written statement would be: no place in the chain at all.
    await reinsert({ ...all[2], id: last.id + 1000, chain_seq: null, prev_digest: null, digest: null } as unknown as Row);
    expect((await verify()).firstBroken).toMatchObject({ id: last.id + 1000, problem: 'unchained' });
    await exec('DELETE FROM audit_log WHERE id = $1', [last.id + 1000]);
    expect((await verify()).ok).toBe(true);
  });

  it('names the first row of two whose places were swapped', async () => {
    const all = await rows();
    const [a, b] = [all[6], all[9]];
    const swap = () =>
      db.tx(async (sql) => {
        await sql.exec('UPDATE audit_log SET id = $1 WHERE id = $2', [-a.id, a.id]);
        await sql.exec('UPDATE audit_log SET id = $1 WHERE id = $2', [a.id, b.id]);
        await sql.exec('UPDATE audit_log SET id = $1 WHERE id = $2', [b.id, -a.id]);
      });
    await swap();
    expect((await verify()).firstBroken).toMatchObject({ id: a.id, problem: 'order' });
    await swap();
    expect((await verify()).ok).toBe(true);
  });

  it('detects the newest rows deleted after a checkpoint, even with the head put back', async () => {
    const before = await verify();
    expect(before.ok).toBe(true);
    // Each whole verification leaves a signed checkpoint under DATA_DIR.
    const file = join(t.dataDir, 'audit-anchors.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const latest = JSON.parse(lines.at(-1)!) as { lastId: number; count: number; headDigest: string; signature: string };
    expect(latest).toMatchObject({ lastId: before.lastId, count: before.count, headDigest: before.headDigest });
    expect(latest.signature).toMatch(/^[0-9a-f]{64}$/);

    const all = await rows();
    const kept = all.at(-3)!;
    await exec('DELETE FROM audit_log WHERE id > $1', [kept.id]);
    expect((await verify()).firstBroken).toMatchObject({ id: before.lastId, problem: 'truncated' });
    // Without any checkpoint, the head row left as it was still tells.
    renameSync(file, `${file}.away`);
    expect((await verify()).firstBroken).toMatchObject({ id: null, problem: 'truncated' });
    renameSync(`${file}.away`, file);
    // Put back too: only the checkpoint outside the database tells.
    await exec('UPDATE audit_chain SET seq = $1, digest = $2 WHERE id = 1', [kept.chain_seq, kept.digest]);
    const cut = await verify();
    expect(cut.firstBroken).toMatchObject({ id: before.lastId, problem: 'truncated' });
    expect(cut.count).toBe(before.count - 2);
    expect(cut.anchor).toMatchObject({ lastId: before.lastId, count: before.count });
    // A checkpoint forged without the secret is ignored, not believed.
    appendFileSync(file, `${JSON.stringify({ ...latest, lastId: kept.id, seq: kept.chain_seq, count: kept.chain_seq, headDigest: kept.digest })}\n`);
    expect((await verify()).firstBroken).toMatchObject({ id: before.lastId, problem: 'truncated' });
  });
});

describe('the trail records sign-ins, refusals, downloads and resends, each a link of the chain', () => {
  let t: TestApp;
  let noticeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    noticeId = (await seedIssuedReferenceNotice(t)).noticeId;
  });
  afterAll(async () => {
    await t.close();
  });

  interface Logged {
    kind: string;
    actor_id: string | null;
    entity: string;
    entity_id: string;
    event: string;
    detail: string | null;
  }
  /** The rows of these kinds written since the row `after`. */
  const since = async (after: number, kinds: string[]) =>
    (
      await t.app
        .get(Db)
        .read((sql) =>
          sql.many<Logged & { id: number }>('SELECT id, kind, actor_id, entity, entity_id, event, detail FROM audit_log WHERE id > $1 ORDER BY id', [after]),
        )
    )
      .filter((r) => kinds.includes(r.kind))
      .map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }));
  const lastId = async () => Number((await t.app.get(Db).read((sql) => sql.one<{ id: number | string }>('SELECT MAX(id) AS id FROM audit_log')))!.id);
  const me = async (who: string) => (await t.http.get('/api/me').set(await t.login(who))).body as { id: string; organisation: { id: string } };

  it('records sign-ins that succeed and fail, naming the account when it exists', async () => {
    const from = await lastId();
    const staff = await me('staff');
    expect((await t.http.post('/api/auth/login').send({ username: 'staff', password: 'not-the-password-1' })).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ username: 'nobody-here', password: 'not-the-password-1' })).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ username: 'Staff', password: passwordOf('staff') })).status).toBe(200);
    expect(await since(from, ['session.signedIn', 'session.signInFailed'])).toMatchObject([
      { kind: 'session.signInFailed', actor_id: null, entity: 'session', entity_id: staff.id, detail: { username: 'staff', code: 'UNAUTHENTICATED' } },
      { kind: 'session.signInFailed', actor_id: null, entity_id: '-', detail: { username: 'nobody-here', code: 'UNAUTHENTICATED' } },
      { kind: 'session.signedIn', actor_id: staff.id, entity_id: staff.id, detail: { username: 'staff' } },
    ]);
  });

  it('records a denied write and a refused event, though the act itself wrote nothing', async () => {
    const from = await lastId();
    const center = await me('center-qc-cardio');
    const staff = await me('staff');
    const denied = await t.http
      .post('/api/notices')
      .set(await t.login('center-qc-cardio'))
      .send({ title: '越权起草' });
    expect(denied.status).toBe(403);
    const refused = await t.http
      .post(`/api/notices/${noticeId}/events`)
      .set(await t.login('staff'))
      .send({ type: 'SUBMIT_FOR_CHECK' });
    expect(refused.status).toBe(409);
    expect(await since(from, ['access.writeDenied', 'access.transitionRefused'])).toMatchObject([
      {
        kind: 'access.writeDenied',
        actor_id: center.id,
        entity: 'access',
        entity_id: '-',
        detail: { route: 'POST /api/notices', status: 403, code: 'FORBIDDEN' },
      },
      {
        kind: 'access.transitionRefused',
        actor_id: staff.id,
        entity_id: noticeId,
        event: 'SUBMIT_FOR_CHECK',
        detail: { route: 'POST /api/notices/:id/events', status: 409, code: 'INVALID_TRANSITION' },
      },
    ]);
    // Nothing of the refused acts themselves: no notice drafted, the notice still issued.
    expect((await t.http.get(`/api/notices/${noticeId}`).set(await t.login('staff'))).body.state).toBe('issued');
  });

  it('records who downloaded which document', async () => {
    const from = await lastId();
    const center = await me('center-qc-cardio');
    const pdf = await t.http.get(`/api/notices/${noticeId}/document.pdf`).set(await t.login('center-qc-cardio'));
    expect(pdf.status).toBe(200);
    const sheet = await t.http.get(`/api/notices/${noticeId}/strategy-table.xlsx`).set(await t.login('center-qc-cardio'));
    expect(sheet.status).toBe(200);
    const exported = await t.http.get(`/api/notices/${noticeId}/export.xlsx`).set(await t.login('staff'));
    expect(exported.status).toBe(200);
    const rows = await since(from, ['access.downloaded']);
    expect(rows.map((r) => [r.actor_id === center.id, r.entity_id, (r.detail as { route: string }).route])).toEqual([
      [true, noticeId, 'GET /api/notices/:id/document.pdf'],
      [true, noticeId, 'GET /api/notices/:id/strategy-table.xlsx'],
      [false, noticeId, 'GET /api/notices/:id/export.xlsx'],
    ]);
  });

  it('records a resent message, and the chain of it all verifies', async () => {
    await t.app.get(OutboxRelay).drain();
    const staff = await t.login('staff');
    const sent = await t.http.get('/api/outbox?status=sent').set(staff);
    const messageId = (sent.body.messages as { id: string }[])[0].id;
    const from = await lastId();
    expect((await t.http.post(`/api/outbox/${messageId}/resend`).set(staff)).status).toBe(200);
    expect(await since(from, ['mail.resent'])).toMatchObject([{ kind: 'mail.resent', entity: 'mail', entity_id: messageId, event: 'RESEND' }]);
    const report = (await t.http.get('/api/audit/verify').set(await t.login('admin'))).body;
    expect(report).toMatchObject({ ok: true, firstBroken: null, lastId: await lastId() });
  });
});

describe('the migration chains the rows written before it', () => {
  it('backfills the chain in id order, and the head continues it', async () => {
    const t = await startTestApp();
    try {
      await seedIssuedReferenceNotice(t);
      const runner = t.app.get(DataSource).createQueryRunner();
      const migration = new ChainAuditLog1765100000000();
      try {
        await migration.down(runner);
        const unchained = await runner.query('SELECT COUNT(*) AS n FROM audit_log');
        expect(Number(unchained[0].n)).toBeGreaterThan(10);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      const admin = await t.login('admin');
      const report = (await t.http.get('/api/audit/verify').set(admin)).body;
      expect(report).toMatchObject({ ok: true, firstBroken: null });
      const total = await t.app.get(Db).read((sql) => sql.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_log'));
      expect(report.count).toBe(Number(total!.n));
    } finally {
      await t.close();
    }
  });
});

describe('concurrent acts extend one linear chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps 20 parallel acts in one gap-free chain', async () => {
    const admin = await t.login('admin');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post('/api/organisations')
          .set(admin)
          .send({ kind: 'center', code: `qc-par-${i}`, name: `并发测试质控中心${i}`, email: `par${i}@qc.tianjin.example` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const report = (await t.http.get('/api/audit/verify').set(admin)).body;
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    const n = await t.app.get(Db).read((sql) => sql.one<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'organisation.created'"));
    expect(Number(n!.n)).toBeGreaterThanOrEqual(20);
    const total = await t.app.get(Db).read((sql) => sql.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_log'));
    expect(report.count).toBe(Number(total!.n));
  });
});

describe('checkpoints of the chain head', () => {
  const secret = 'kY3v9-Qp2xL7mZ0rT5wB8nC1dF4gH6jS';

  it('takes AUDIT_ANCHOR_SECRET under the rules of AUTH_SECRET, else signs with AUTH_SECRET', () => {
    expect(() => loadConfig({ AUTH_SECRET: secret, AUDIT_ANCHOR_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_SECRET: secret, AUDIT_ANCHOR_SECRET: 'a'.repeat(40) })).toThrow(/AUDIT_ANCHOR_SECRET/);
    expect(() => loadConfig({ AUTH_SECRET: secret, AUDIT_ANCHOR_INTERVAL_MS: '-1' })).toThrow(/AUDIT_ANCHOR_INTERVAL_MS/);
    expect(loadConfig({ AUTH_SECRET: secret }).audit.anchorSecret).toBe(secret);
    const own = `${secret}-audit`;
    expect(loadConfig({ AUTH_SECRET: secret, AUDIT_ANCHOR_SECRET: own }).audit.anchorSecret).toBe(own);
  });

  it('are written by each instance on a timer when the head moved, and verification trusts them', async () => {
    const t = await startTestApp(undefined, { AUDIT_ANCHOR_INTERVAL_MS: '100' });
    try {
      await t.login('admin');
      const head = await t.app.get(Db).read((sql) => sql.one<{ seq: number | string; digest: string }>('SELECT seq, digest FROM audit_chain WHERE id = 1'));
      const file = join(t.dataDir, 'audit-anchors.jsonl');
      const anchored = async () => {
        for (let i = 0; i < 100; i++) {
          const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
          const found = lines.map((l) => JSON.parse(l) as { seq: number; headDigest: string }).find((a) => a.seq === Number(head!.seq));
          if (found) return found;
          await new Promise((r) => setTimeout(r, 50));
        }
        return undefined;
      };
      expect(await anchored()).toMatchObject({ seq: Number(head!.seq), headDigest: head!.digest });
      const report = (await t.http.get('/api/audit/verify').set(await t.login('admin'))).body;
      expect(report).toMatchObject({ ok: true, ignoredAnchors: 0 });
      expect(report.anchor.count).toBeGreaterThanOrEqual(Number(head!.seq));
    } finally {
      await t.close();
    }
  });
});
