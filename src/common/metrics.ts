import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the outbox gauges read at each scrape: messages waiting and the age of the oldest, in seconds. */
export type OutboxProbe = () => Promise<{ pending: number; oldestPendingSeconds: number }>;

/**
 * The app's Prometheus instruments, on a registry of its own per app instance (never prom-client's
 * global one, so several apps in one process, as in the tests, do not collide). Served at /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private outboxProbe: OutboxProbe | undefined;

  readonly httpDuration = new Histogram({
    name: 'gongwen_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly transitions = new Counter({
    name: 'gongwen_transitions_total',
    help: 'Committed state changes by entity and event',
    labelNames: ['entity', 'event'] as const,
    registers: [this.registry],
  });

  readonly timerLateness = new Histogram({
    name: 'gongwen_timer_lateness_seconds',
    help: 'How long after its due time a timer was fired (now - due)',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });

  readonly signInFailures = new Counter({
    name: 'gongwen_sign_in_failures_total',
    help: 'Refused sign-ins: wrong or unknown credentials, and attempts refused by a lock',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    const probe = () => this.outboxProbe?.();
    new Gauge({
      name: 'gongwen_outbox_pending',
      help: 'Outbox messages waiting to be sent',
      registers: [this.registry],
      async collect() {
        this.set((await probe())?.pending ?? 0);
      },
    });
    new Gauge({
      name: 'gongwen_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox message still waiting (0 when none)',
      registers: [this.registry],
      async collect() {
        this.set((await probe())?.oldestPendingSeconds ?? 0);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'gongwen_' });
  }

  /** The outbox module tells how to read its depth (common/ knows no table). */
  observeOutbox(probe: OutboxProbe): void {
    this.outboxProbe = probe;
  }
}
