import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Metrics } from '../common/metrics.js';
import { Db } from '../database/db.js';

const DEPTH = `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'`;

/** The outbox's depth and the age of its oldest waiting message, read at each scrape of /metrics. */
@Injectable()
export class OutboxGauges implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.observeOutbox(async () => {
      const row = await this.db.read((sql) => sql.one<{ n: number | string; oldest: string | null }>(DEPTH));
      const oldest = row?.oldest ? Date.parse(row.oldest) : NaN;
      const age = Number.isNaN(oldest) ? 0 : Math.max(0, (this.clock.now().getTime() - oldest) / 1000);
      return { pending: Number(row?.n ?? 0), oldestPendingSeconds: age };
    });
  }
}
