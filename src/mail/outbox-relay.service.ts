import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { PollingLoop } from '../common/polling-loop.js';
import { OutboxDelivery } from '../outbox/outbox-delivery.service.js';
import type { OutboxRow } from '../outbox/outbox.entities.js';
import { MailComposer, SupersededError, UndeliverableError } from './mail-composer.service.js';
import { MailTransport, MailTransportFactory } from './mail-transport.js';

export interface DrainReport {
  sent: number;
  retried: number;
  dead: number;
  /** Overtaken by events, not sent (see SupersededError). */
  dropped: number;
}

/**
 * Delivers the outbox: runs in every app instance, claims due rows with a lease
 * (SKIP LOCKED on PostgreSQL), renders and sends each outside any transaction,
 * marks it sent; a failure is retried with exponential backoff and jitter, then
 * the row is marked dead for staff to see and resend. The lease is short (15 s
 * by default) and a heartbeat extends it while the messages are still being
 * sent, so a slow SMTP server does not let another instance take them over,
 * while the messages of an instance that died are due again within the lease.
 * A relay that dies between send and mark-sent leaves a lease that runs out:
 * the message is sent again with the same Message-ID, so the receiving side
 * can recognise it. An instance that shuts down hands back what it still holds.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly transport: MailTransport;
  /** The claims being sent now, each with its heartbeat. */
  private readonly heartbeats = new Map<string, NodeJS.Timeout>();
  private readonly loop = new PollingLoop(
    () => this.pass(),
    (error: unknown) => this.logger.error(`relay pass failed: ${(error as Error).message}`),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MailComposer) private readonly composer: MailComposer,
    @Inject(MailTransportFactory) factory: MailTransportFactory,
    @Inject(OutboxDelivery) private readonly delivery: OutboxDelivery,
  ) {
    this.transport = factory.create(config.mail, config.outbox.concurrency);
  }

  onApplicationBootstrap(): void {
    // Start-up picks up what a previous run left pending.
    this.loop.start(this.config.outbox.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    // Shutdown waits for the messages in flight, at most as long as a lease, then hands back what is still claimed.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.outbox.leaseMs)));
    await Promise.race([this.loop.stop(), waited]);
    clearTimeout(timer);
    for (const [owner, heartbeat] of this.heartbeats) {
      clearInterval(heartbeat);
      this.heartbeats.delete(owner);
      const released = await this.db
        .read((sql) => this.delivery.release(sql, owner))
        .catch((error: unknown) => {
          this.logger.error(`handing back claimed mail failed: ${(error as Error).message}`);
          return 0;
        });
      if (released > 0) this.logger.warn(`handed back ${released} message(s) still being sent at shutdown`);
    }
    await this.transport.close();
  }

  /** Sends everything due now; one pass at a time per instance. */
  async drain(): Promise<DrainReport> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retried: 0, dead: 0, dropped: 0 };
    const { batchSize, leaseMs, concurrency } = this.config.outbox;
    for (;;) {
      const now = this.clock.now();
      // Lease no more than can be sent at once: a row must not wait in a batch while its lease runs out.
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      const owner = randomUUID();
      const rows = await this.db.read((sql) => this.delivery.claim(sql, now.toISOString(), lease, Math.min(batchSize, concurrency), owner));
      if (rows.length === 0) return report;
      this.startHeartbeat(owner);
      let next = 0;
      const worker = async () => {
        for (let row = rows[next++]; row; row = rows[next++]) {
          const outcome = await this.deliver(row, owner);
          report[outcome] += 1;
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
      } finally {
        clearInterval(this.heartbeats.get(owner));
        this.heartbeats.delete(owner);
      }
      if (this.loop.isStopped) return report;
    }
  }

  /** Every third of a lease, the claim's messages still being sent get a full lease again (from the injected clock). */
  private startHeartbeat(owner: string): void {
    const { leaseMs } = this.config.outbox;
    const beat = () => {
      const until = new Date(this.clock.now().getTime() + leaseMs).toISOString();
      this.db
        .read((sql) => this.delivery.extend(sql, owner, until))
        .catch((error: unknown) => this.logger.warn(`extending the lease of claim ${owner} failed: ${(error as Error).message}`));
    };
    const heartbeat = setInterval(beat, Math.floor(leaseMs / 3));
    heartbeat.unref();
    this.heartbeats.set(owner, heartbeat);
  }

  private async deliver(row: OutboxRow, owner: string): Promise<keyof DrainReport> {
    let recipient: string | null = null;
    try {
      const mail = await this.composer.compose(row);
      recipient = mail.to.join(', ');
      await this.transport.send(mail);
      await this.db.read((sql) => this.delivery.markSent(sql, row.id, owner, this.clock.now().toISOString(), recipient!));
      this.logger.debug?.(`sent ${row.kind} ${row.id} ${mail.messageId}`);
      return 'sent';
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (error instanceof SupersededError) {
        await this.db.read((sql) => this.delivery.markDropped(sql, row.id, owner, `superseded: ${message}`));
        return 'dropped';
      }
      const permanent = error instanceof UndeliverableError;
      const dead = permanent || row.attempts >= this.config.outbox.maxAttempts;
      const retryAt = dead ? null : new Date(this.clock.now().getTime() + this.backoff(row.attempts)).toISOString();
      await this.db.read((sql) => this.delivery.markFailed(sql, row.id, owner, message, retryAt, recipient));
      this.logger.warn(`${row.kind} ${row.id} attempt ${row.attempts} failed (${message}); ${dead ? 'marked dead' : `retry at ${retryAt}`}`);
      return dead ? 'dead' : 'retried';
    }
  }

  /** Exponential backoff with jitter: base·2^(n−1), scaled by 0.5–1, at most an hour. */
  private backoff(attempt: number): number {
    const exp = this.config.outbox.backoffBaseMs * 2 ** Math.max(0, attempt - 1);
    return Math.min(3_600_000, Math.round(exp * (0.5 + Math.random() * 0.5)));
  }
}
