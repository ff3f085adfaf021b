/**
 * bench:mail — the outbox relay into a real SMTP server. A local `smtp-server`
 * (in a worker thread, so it does not share the app's event loop) receives
 * what one app instance relays. The reference notice is issued and its 14
 * notice mails drained first (not measured); then ≥ 1,000 `mail.reminder`
 * rows are made by repeated manual 催办 over HTTP, and one `relay.drain()` is
 * timed. Prints messages/s, seconds, what the server received, and the goal
 * (≥ 200/s); then the same at OUTBOX_CONCURRENCY=1, and composing alone for
 * scale. On PostgreSQL when DATABASE_URL is set, else on a fresh SQLite file.
 * MAIL_COUNT (default 1000) and MAIL_CONCURRENCY (default: the config's) override.
 */
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { ManualClock } from '../src/common/clock.js';
import { Db } from '../src/database/db.js';
import { MailComposer } from '../src/mail/mail-composer.service.js';
import { OutboxRelay } from '../src/mail/outbox-relay.service.js';
import { OutboxDelivery } from '../src/outbox/outbox-delivery.service.js';
import { apiClient, issue } from './support/bench-campaign.js';

const COUNT = Number(process.env.MAIL_COUNT ?? 1000);
const GOAL_PER_SECOND = 200;
const PASSWORD = 'bench-password';
/** The reference campaign's time: the notice can still be issued (its deadline is 2022-04-29 09:00 Beijing time). */
const START = '2022-04-18T09:00:00+08:00';
const url = process.env.DATABASE_URL;

type SinkCount = { received: number; distinct: number };

/** Worker side: the SMTP server, counting messages and distinct Message-IDs. */
function runSink(): void {
  let received = 0;
  const ids = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    onData: (stream, _session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n') >>> 0);
        const id = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1];
        received += 1;
        if (id) ids.add(id);
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.server.address() as AddressInfo).port }));
  parentPort!.on('message', () => parentPort!.postMessage({ received, distinct: ids.size } satisfies SinkCount));
}

class Sink {
  private constructor(
    private readonly worker: Worker,
    readonly port: number,
  ) {}

  static async start(): Promise<Sink> {
    const worker = new Worker(new URL(import.meta.url));
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new Sink(worker, port);
  }

  async count(): Promise<SinkCount> {
    const answer = new Promise<SinkCount>((resolve) => this.worker.once('message', resolve));
    this.worker.postMessage('count');
    return answer;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

async function withDatabase<T>(work: (dir: string, schema: string | undefined) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-mail-'));
  const schema = url ? `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}` : undefined;
  const admin = url ? new pg.Client({ connectionString: url }) : undefined;
  if (admin) {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  }
  try {
    return await work(dir, schema);
  } finally {
    if (admin) {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Run {
  concurrency: number;
  notices: { sent: number; seconds: number };
  queued: number;
  report: { sent: number; retried: number; dead: number };
  seconds: number;
  /** Share of the drain during which the app's event loop was busy (not waiting on sockets or the database). */
  busy: number;
  sink: SinkCount;
  composeMs: number[];
}

async function run(concurrency: string | undefined): Promise<Run> {
  const sink = await Sink.start();
  try {
    return await withDatabase(async (dir, schema) => {
      const config = loadConfig({
        DATA_DIR: dir,
        DEMO_PASSWORD: PASSWORD,
        AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        OUTBOX_POLL_MS: '0',
        SCHEDULER_POLL_MS: '0',
        ...(concurrency ? { OUTBOX_CONCURRENCY: concurrency } : {}),
        ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}),
      });
      const app: INestApplication = await createApp({ config, clock: new ManualClock(START), logger: false });
      try {
        await app.listen(0, '127.0.0.1');
        const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
        const call = apiClient(base, PASSWORD);

        // The seeded reference notice, taken through check, sign-off and issue.
        const noticeId = ((await call('staff', 'GET', '/notices')) as { id: string }[])[0].id;
        await issue(call, noticeId);
        const relay = app.get(OutboxRelay);
        // Not measured: the notice mails (PDF and .ics each), and the pool's first connections.
        const t0 = performance.now();
        const noticeReport = await relay.drain();
        const notices = { sent: noticeReport.sent, seconds: (performance.now() - t0) / 1000 };

        let queued = 0;
        for (let k = 1; queued < COUNT; k++) {
          const answer = (await call('staff', 'POST', `/notices/${noticeId}/reminders`, { message: `压测催办第${k}次：请尽快报送策略表。` })) as {
            sent: number;
          };
          if (answer.sent === 0) throw new Error('no center owes its table: nothing to remind');
          queued += answer.sent;
        }

        const before = await sink.count();
        const elu = performance.eventLoopUtilization();
        const started = performance.now();
        const report = await relay.drain();
        const seconds = (performance.now() - started) / 1000;
        const busy = performance.eventLoopUtilization(elu).utilization;
        const after = await sink.count();

        // For scale: composing the same messages alone, one after another (no SMTP).
        const composer = app.get(MailComposer);
        const sent = await app
          .get(Db)
          .read((sql) => app.get(OutboxDelivery).listPage(sql, { status: 'sent', noticeIds: null }, { skip: 0, take: COUNT + 1000 }));
        const rows = sent.items.filter((r) => r.kind === 'mail.reminder');
        const composeMs: number[] = [];
        for (const row of rows.slice(0, 300)) {
          const c0 = performance.now();
          await composer.compose(row);
          composeMs.push(performance.now() - c0);
        }
        return {
          concurrency: config.outbox.concurrency,
          notices,
          queued,
          report,
          seconds,
          busy,
          sink: { received: after.received - before.received, distinct: after.distinct - before.distinct },
          composeMs,
        };
      } finally {
        await app.close();
      }
    });
  } finally {
    await sink.stop();
  }
}

async function main(): Promise<void> {
  const first = await run(process.env.MAIL_CONCURRENCY);
  const single = first.concurrency === 1 ? undefined : await run('1');
  const rate = (r: Run) => r.report.sent / r.seconds;
  const line = (r: Run) =>
    `  OUTBOX_CONCURRENCY=${String(r.concurrency).padEnd(3)} ${rate(r).toFixed(0).padStart(5)} messages/s   ${r.report.sent} sent in ${r.seconds.toFixed(2)} s ` +
    `(retried ${r.report.retried}, dead ${r.report.dead})   server received ${r.sink.received}, ${r.sink.distinct} distinct Message-IDs   ` +
    `app event loop busy ${(r.busy * 100).toFixed(0)} %`;
  const sorted = [...first.composeMs].sort((a, b) => a - b);
  const composeMedian = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  console.log(
    `bench:mail on ${url ? 'PostgreSQL' : 'SQLite (WAL)'}: ${first.queued} mail.reminder messages relayed by one drain() into smtp-server on 127.0.0.1 (in a worker thread)`,
  );
  console.log(`  warm-up            ${first.notices.sent} notice mails (PDF + .ics) in ${first.notices.seconds.toFixed(2)} s, not measured`);
  console.log(line(first));
  if (single) console.log(`${line(single)}   (${(rate(first) / rate(single)).toFixed(1)}× slower than ${first.concurrency})`);
  console.log(
    `  compose only       ${composeMedian.toFixed(2)} ms median per reminder, one at a time (${(1000 / composeMedian).toFixed(0)}/s): relay at ${first.concurrency} = ` +
      `${((rate(first) / (1000 / composeMedian)) * 100).toFixed(0)} % of that`,
  );
  console.log(
    `  goal               ≥ ${GOAL_PER_SECOND} messages/s at OUTBOX_CONCURRENCY=${first.concurrency}: ${rate(first) >= GOAL_PER_SECOND ? 'met' : 'NOT met'}`,
  );
}

if (isMainThread) void main();
else runSink();
