import { describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { Db } from '../../src/database/db.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { OutboxDelivery } from '../../src/outbox/outbox-delivery.service.js';

const url = process.env.DATABASE_URL;

/** An empty database for several instances: a new SQLite directory, or a new PostgreSQL schema with no table in it. */
async function emptyDatabase(): Promise<{ dataDir: string; schema: string | undefined }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongwen-test-'));
  if (!url) return { dataDir, schema: undefined };
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return { dataDir, schema };
}

/** The last instance drops the database. */
async function closeAll(apps: TestApp[]): Promise<void> {
  for (const [i, t] of apps.entries()) await t.close({ keepData: i < apps.length - 1 });
}

/** What start-up wrote into the database, read through the first instance. */
async function startupRecord(t: TestApp) {
  return t.app.get(Db).read(async (sql) => ({
    migrations: (await sql.many<{ name: string; n: number | string }>(`SELECT name, COUNT(*) AS n FROM migrations GROUP BY name ORDER BY name`)).map((r) => [
      r.name,
      Number(r.n),
    ]),
    organisations: Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM organisations`))!.n),
    users: Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM users`))!.n),
    notices: (await sql.many<{ title: string }>(`SELECT title FROM notices`)).map((r) => r.title),
  }));
}

/** Each migration once; the reference case of domain.md once: 19 organisations, 18 demo accounts, one draft notice. */
const ONCE = {
  migrations: MIGRATIONS.map((m) => [m.name, 1]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
  organisations: 19,
  users: 18,
  notices: [expect.stringContaining('天津市')],
};

/** Every instance answers sign-in with the one demo password, and sees the one reference notice. */
async function expectServing(apps: TestApp[]): Promise<void> {
  for (const t of apps) {
    const list = await t.http.get('/api/notices').set(await t.login('staff'));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
  }
}

describe('starting the app again on the same database', () => {
  it('applies no migration a second time and loads the reference data only the first time', async () => {
    const first = await startTestApp();
    const before = await startupRecord(first);
    await first.close({ keepData: true });
    const second = await startTestApp(undefined, {}, { dataDir: first.dataDir, schema: first.schema });
    try {
      expect(before).toEqual(ONCE);
      expect(await startupRecord(second)).toEqual(ONCE);
      await expectServing([second]);
    } finally {
      await second.close();
    }
  });
});

// Several processes on one SQLite file is not a supported deployment (one process per file), so instances
// started at once are a PostgreSQL case only; the restart above is what SQLite's one process meets.
if (url) {
  describe('instances started at once on one empty PostgreSQL schema', () => {
    it.each([2, 4])('%i instances all come up; each migration is applied once and the reference data loaded once', async (count) => {
      const database = await emptyDatabase();
      const started = await Promise.allSettled(Array.from({ length: count }, () => startTestApp(undefined, {}, database)));
      const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect(started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []))).toEqual([]);
        expect(await startupRecord(apps[0])).toEqual(ONCE);
        await expectServing(apps);
      } finally {
        await closeAll(apps);
      }
    });
  });
}

/** The issued reference notice: 14 mails to the centers wait in the outbox. */
const ISSUED_MAILS = 14;
/** What one relay claims at once (OUTBOX_CONCURRENCY's default): the rows it is sending. */
const IN_FLIGHT = 8;

/** Makes an instance's SMTP sends wait until the answered function is called (a slow or hung server). */
function holdSends(t: TestApp): { started: () => number; letGo: () => void } {
  const transport = t.app.get(OutboxRelay).transport;
  const send = transport.send.bind(transport);
  let started = 0;
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  jest.spyOn(transport, 'send').mockImplementation(async (mail) => {
    started += 1;
    await gate;
    await send(mail);
  });
  return { started: () => started, letGo };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mail an instance has claimed', () => {
  it('goes out from another instance within 15 s when the instance that claimed it dies mid-send', async () => {
    const sink = await new SmtpSink().start();
    const a = await startTestApp('2022-04-18T09:00:00+08:00', { SMTP_URL: sink.url });
    let b: TestApp | undefined;
    await seedIssuedReferenceNotice(a);
    const hung = holdSends(a);
    try {
      void a.app
        .get(OutboxRelay)
        .drain()
        .catch(() => undefined);
      await until(() => hung.started() === IN_FLIGHT, 'the first instance to start sending');
      // The instance dies: its database connections are gone, so nothing marks or renews its claim.
      await a.app.get(DataSource).destroy();
      b = await startTestApp(a.clock.now().toISOString(), { SMTP_URL: sink.url }, { dataDir: a.dataDir, schema: a.schema });
      const relay = b.app.get(OutboxRelay);
      b.clock.advance(14_000);
      expect(await relay.drain()).toEqual({ sent: ISSUED_MAILS - IN_FLIGHT, retried: 0, dead: 0, dropped: 0 });
      b.clock.advance(1_000);
      expect(await relay.drain()).toEqual({ sent: IN_FLIGHT, retried: 0, dead: 0, dropped: 0 });
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(ISSUED_MAILS);
      expect(sink.messages).toHaveLength(ISSUED_MAILS);
    } finally {
      hung.letGo();
      await a.close({ keepData: true });
      await b?.close();
      await sink.stop();
    }
  });

  it('stays with a live instance whose SMTP server is slow: its lease is renewed while it sends', async () => {
    const sink = await new SmtpSink().start();
    // A lease of 1.5 s renews every 0.5 s; the clocks move a minute on while the sends wait.
    const a = await startTestApp('2022-04-18T09:00:00+08:00', { SMTP_URL: sink.url, OUTBOX_LEASE_MS: '1500' });
    await seedIssuedReferenceNotice(a);
    const slow = holdSends(a);
    try {
      const draining = a.app.get(OutboxRelay).drain();
      await until(() => slow.started() === IN_FLIGHT, 'the instance to start sending');
      a.clock.advance(60_000);
      const now = a.clock.now().toISOString();
      const db = a.app.get(Db);
      const renewed = () =>
        db.read(async (sql) => Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM outbox WHERE lease_until > $1`, [now]))!.n));
      await until(async () => (await renewed()) === IN_FLIGHT, 'the heartbeat to renew the lease');
      // Another relay looking for due mail a minute later finds only what nobody is sending.
      const other = await db.read((sql) => a.app.get(OutboxDelivery).claim(sql, now, new Date(Date.parse(now) + 1500).toISOString(), 50, randomUUID()));
      expect(other).toHaveLength(ISSUED_MAILS - IN_FLIGHT);
      slow.letGo();
      expect(await draining).toEqual({ sent: IN_FLIGHT, retried: 0, dead: 0, dropped: 0 });
      expect(sink.messages).toHaveLength(IN_FLIGHT);
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(IN_FLIGHT);
    } finally {
      slow.letGo();
      await a.close();
      await sink.stop();
    }
  });

  it('is handed back when the instance shuts down while still sending, and another sends it at once', async () => {
    const sink = await new SmtpSink().start();
    // Shutdown waits for the sends in flight at most a lease (1 s here), then hands back what it holds.
    const a = await startTestApp('2022-04-18T09:00:00+08:00', { SMTP_URL: sink.url, OUTBOX_LEASE_MS: '1000' });
    await seedIssuedReferenceNotice(a);
    const hung = holdSends(a);
    void a.app
      .get(OutboxRelay)
      .drain()
      .catch(() => undefined);
    await until(() => hung.started() === IN_FLIGHT, 'the instance to start sending');
    await a.close({ keepData: true });
    const b = await startTestApp(a.clock.now().toISOString(), { SMTP_URL: sink.url }, { dataDir: a.dataDir, schema: a.schema });
    try {
      // Same instant: no lease had to run out.
      expect(await b.app.get(OutboxRelay).drain()).toEqual({ sent: ISSUED_MAILS, retried: 0, dead: 0, dropped: 0 });
      expect(sink.messages).toHaveLength(ISSUED_MAILS);
    } finally {
      hung.letGo();
      await b.close();
      await sink.stop();
    }
  });
});
