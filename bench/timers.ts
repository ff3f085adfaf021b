/**
 * bench:timers — 10,000 pending 催办 timers falling due at 100 a second, fired
 * by two app instances (two `createApp` on one fresh PostgreSQL schema, each
 * with its own scheduler loop, real system clock). Prints how many fired, the
 * lateness p50/p95/p99/max (planned due instant to fired_at, the claim, and to
 * the mark-fired just before commit, seen by a trigger the bench adds), how
 * many each instance fired (told apart by application_name), and duplicates:
 * timers marked fired twice, reminder, audit and outbox rows beyond one per
 * fired timer. Goals printed beside: p99 ≤ 1 s, duplicates 0.
 * Needs DATABASE_URL (two instances on SQLite is not a supported setup).
 * TIMERS_COUNT, TIMERS_RATE (per second), TIMERS_ASSIGNMENTS and
 * TIMERS_POLL_MS override the defaults for a quick run.
 */
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { Db } from '../src/database/db.js';
import type { NewTimer } from '../src/deadlines/deadlines.entities.js';
import { Timers } from '../src/deadlines/timers.service.js';
import { apiClient, issueCampaign, seedCenters } from './support/bench-campaign.js';

const COUNT = Number(process.env.TIMERS_COUNT ?? 10_000);
const RATE = Number(process.env.TIMERS_RATE ?? 100);
const ASSIGNMENTS = Number(process.env.TIMERS_ASSIGNMENTS ?? 1000);
const POLL_MS = String(process.env.TIMERS_POLL_MS ?? 50);
/** The first timer falls due this long after the inserts start, so none is late before it exists. */
const LEAD_MS = 5000;
/** Give up waiting this long after the last timer's due instant. */
const GRACE_MS = 120_000;
const GOAL_P99_MS = 1000;
const PASSWORD = 'bench-password';
const url = process.env.DATABASE_URL;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: unknown) => Number(v ?? 0);

/**
 * One app instance. Its connections carry an application_name, so a trigger
 * added by the bench can tell which instance marked each timer fired (and when,
 * by the database's clock, just before that transaction commits).
 */
async function startInstance(name: string, schema: string, dir: string, listen: boolean): Promise<INestApplication> {
  const named = new URL(url!);
  named.searchParams.set('application_name', name);
  const config = loadConfig({
    DATA_DIR: dir,
    DEMO_PASSWORD: PASSWORD,
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    DATABASE_URL: named.toString(),
    DATABASE_SCHEMA: schema,
    SCHEDULER_POLL_MS: POLL_MS,
    OUTBOX_POLL_MS: '0',
  });
  const app = await createApp({ config, logger: false });
  if (listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  return app;
}

async function bench(schema: string, dir: string): Promise<void> {
  const a = await startInstance('bench_a', schema, dir, true);
  // The second instance starts once the first has migrated and seeded the schema.
  const b = await startInstance('bench_b', schema, dir, false);
  const base = `${(await a.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
  const db = a.get(Db);
  await db.read(async (sql) => {
    await sql.exec('CREATE TABLE bench_firings (timer_id varchar(36) NOT NULL, app text NOT NULL, at timestamptz NOT NULL)');
    await sql.exec(
      `CREATE FUNCTION bench_record_firing() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN ` +
        `INSERT INTO bench_firings (timer_id, app, at) VALUES (NEW.id, current_setting('application_name'), clock_timestamp()); RETURN NEW; END $f$`,
    );
    await sql.exec(
      `CREATE TRIGGER bench_firing AFTER UPDATE OF status ON timers FOR EACH ROW WHEN (NEW.status = 'fired') EXECUTE FUNCTION bench_record_firing()`,
    );
  });

  // N centers (organisations only: no one signs in as them here).
  const centers = await seedCenters(db, ASSIGNMENTS);
  const noticeId = await issueCampaign(apiClient(base, PASSWORD), centers, '压测：催办定时器');
  const assignments = await db.read((sql) =>
    sql.many<{ id: string; deadline: string }>('SELECT id, deadline FROM assignments WHERE notice_id = $1 ORDER BY id', [noticeId]),
  );
  // ISSUE planned the real ladder and deadline timers: out of the way, so only the bench's timers fire.
  const cancelled = await db.read((sql) => sql.exec(`UPDATE timers SET status = 'cancelled' WHERE status = 'pending'`));

  // Timer i falls due at start + i/RATE s; its planned instant is kept here (a retry would move due_at).
  const runId = Date.now().toString(36);
  const start = Date.now() + LEAD_MS;
  const dueOf = (i: number) => start + Math.round((i * 1000) / RATE);
  const timers: NewTimer[] = Array.from({ length: COUNT }, (_, i) => {
    const target = assignments[i % assignments.length];
    return {
      kind: 'assignment.reminder',
      dueAt: new Date(dueOf(i)).toISOString(),
      targetId: target.id,
      dedupeKey: `bench:${runId}:${i}`,
      payload: { deadline: target.deadline, rung: 0, label: 'bench' },
    };
  });
  const insertStarted = Date.now();
  await db.tx((sql) => a.get(Timers).plan(sql, timers, new Date().toISOString()));
  const insertMs = Date.now() - insertStarted;

  const pendingBench = async () =>
    num(
      (await db.read((sql) => sql.one<{ n: string }>(`SELECT COUNT(*) AS n FROM timers WHERE status = 'pending' AND dedupe_key LIKE $1`, [`bench:${runId}:%`])))
        ?.n,
    );
  const giveUpAt = dueOf(COUNT - 1) + GRACE_MS;
  let pending = await pendingBench();
  while (pending > 0 && Date.now() < giveUpAt) {
    await sleep(250);
    pending = await pendingBench();
  }

  const rows = await db.read((sql) =>
    sql.many<{ dedupe_key: string; status: string; fired_at: string | null; outcome: string | null; app: string | null; marked_ms: number | null }>(
      `SELECT t.dedupe_key, t.status, t.fired_at, t.outcome, f.app, (EXTRACT(EPOCH FROM f.at) * 1000)::float8 AS marked_ms
         FROM timers t LEFT JOIN bench_firings f ON f.timer_id = t.id WHERE t.dedupe_key LIKE $1`,
      [`bench:${runId}:%`],
    ),
  );
  const outcomes: Record<string, number> = {};
  const byInstance: Record<string, number> = {};
  const claimLateness: number[] = [];
  const markLateness: number[] = [];
  const seen = new Set<string>();
  let firedTwice = 0;
  let lastFired = 0;
  for (const r of rows) {
    if (r.app !== null) byInstance[r.app] = (byInstance[r.app] ?? 0) + 1;
    // A second row for one timer: it was marked fired twice.
    if (seen.has(r.dedupe_key)) {
      firedTwice += 1;
      continue;
    }
    seen.add(r.dedupe_key);
    const key = r.status === 'fired' ? (r.outcome ?? '?') : r.status;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (r.status !== 'fired' || !r.fired_at) continue;
    const due = dueOf(Number(r.dedupe_key.slice(r.dedupe_key.lastIndexOf(':') + 1)));
    claimLateness.push(Date.parse(r.fired_at) - due);
    if (r.marked_ms !== null) {
      markLateness.push(r.marked_ms - due);
      lastFired = Math.max(lastFired, r.marked_ms);
    }
  }
  claimLateness.sort((x, y) => x - y);
  markLateness.sort((x, y) => x - y);
  const reminded = outcomes.reminded ?? 0;
  const counts = await db.read(async (sql) => ({
    reminders: num((await sql.one<{ n: string }>(`SELECT COUNT(*) AS n FROM reminders WHERE label = 'bench'`))?.n),
    audit: num(
      (
        await sql.one<{ n: string }>(
          `SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'assignment.reminded' AND entity_id IN (SELECT id FROM assignments WHERE notice_id = $1)`,
          [noticeId],
        )
      )?.n,
    ),
    outbox: num((await sql.one<{ n: string }>(`SELECT COUNT(*) AS n FROM outbox WHERE dedupe_key LIKE $1`, [`reminder:bench:${runId}:%`]))?.n),
    repeatedKeys: (await sql.many<{ dedupe_key: string }>('SELECT dedupe_key, COUNT(*) AS n FROM outbox GROUP BY 1 HAVING COUNT(*) > 1')).length,
  }));
  await b.close();
  await a.close();

  const fired = claimLateness.length;
  const firstDue = dueOf(0);
  const extra = {
    reminders: counts.reminders - reminded,
    audit: counts.audit - reminded,
    outbox: counts.outbox - reminded,
  };
  const duplicates = Math.max(0, extra.reminders) + Math.max(0, extra.audit) + Math.max(0, extra.outbox) + counts.repeatedKeys + firedTwice;
  const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);
  const spread = (l: number[]) =>
    `p50 ${ms(pct(l, 50))} / p95 ${ms(pct(l, 95))} / p99 ${ms(pct(l, 99))} / max ${ms(l[l.length - 1])}   ` +
    `(${((l.filter((v) => v <= GOAL_P99_MS).length / l.length) * 100).toFixed(1)} % within ${GOAL_P99_MS} ms)`;
  console.log(
    `bench:timers on PostgreSQL: ${COUNT} reminder timers due at ${RATE}/s over ${((dueOf(COUNT - 1) - firstDue) / 1000).toFixed(0)} s, ` +
      `2 instances in one process (SCHEDULER_POLL_MS=${POLL_MS}), ${assignments.length} assignments`,
  );
  console.log(
    `  setup              ${cancelled} planned timers cancelled; ${COUNT} inserted in ${insertMs} ms (first due ${LEAD_MS} ms after the insert began)`,
  );
  console.log(
    `  fired              ${fired} of ${COUNT}${pending > 0 ? `   (${pending} still pending after ${GRACE_MS / 1000} s grace)` : ''}   outcomes ${JSON.stringify(outcomes)}`,
  );
  if (fired > 0) {
    console.log(`  lateness at claim  ${spread(claimLateness)}   fired_at (the clock read as the timer is claimed) − due`);
    if (markLateness.length > 0) {
      console.log(`  lateness at mark   ${spread(markLateness)}   database clock at mark-fired, just before commit − due`);
      console.log(
        `  throughput         ${(fired / ((lastFired - firstDue) / 1000)).toFixed(1)} fired/s from the first due instant to the last mark (offered ${RATE}/s)`,
      );
    }
    const p99 = pct(markLateness.length > 0 ? markLateness : claimLateness, 99);
    console.log(`  goal               p99 ≤ ${GOAL_P99_MS} ms: ${p99 <= GOAL_P99_MS ? 'met' : 'NOT met'} (${ms(p99)})`);
  }
  const total = Object.values(byInstance).reduce((x, y) => x + y, 0);
  console.log(
    `  by instance        ${Object.entries(byInstance)
      .sort()
      .map(([app, n]) => `${app} ${n} (${((n / Math.max(1, total)) * 100).toFixed(1)} %)`)
      .join('   ')}`,
  );
  console.log(
    `  duplicates         ${duplicates}   (goal: 0: ${duplicates === 0 ? 'met' : 'NOT met'})   timers marked fired twice ${firedTwice}; for ${reminded} timers reminded: ` +
      `reminders ${counts.reminders}, audit rows ${counts.audit}, mail.reminder outbox rows ${counts.outbox}; outbox keys seen twice ${counts.repeatedKeys}`,
  );
}

async function main(): Promise<void> {
  if (!url) {
    console.log('bench:timers needs PostgreSQL: two app instances share one database. Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-timers-'));
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    await bench(schema, dir);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
