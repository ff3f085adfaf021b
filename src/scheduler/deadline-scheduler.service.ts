import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AWAITING_SUBMISSION } from '../../workflows/assignment.machine.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { Metrics } from '../common/metrics.js';
import { PollingLoop } from '../common/polling-loop.js';
import { SYSTEM } from '../common/acting.js';
import { Directory } from '../identity/directory.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { Timer } from '../deadlines/deadlines.entities.js';
import { Timers } from '../deadlines/timers.service.js';
import { WorkingCalendars } from '../deadlines/working-calendars.service.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import { AssignmentStore } from '../assignments/assignment-store.service.js';
import { planAssignmentEvent } from '../assignments/assignment-transition.js';
import { Reminders } from './reminders.js';

export interface SchedulerReport {
  fired: number;
  skipped: number;
  failed: number;
}

/**
 * Fires due timers, in due order, once: each timer is claimed and applied in
 * one transaction (SKIP LOCKED on PostgreSQL), through the same runtime as any
 * other event. Runs in every instance; after a restart it fires at once what
 * fell due while the app was down.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineScheduler');
  private readonly loop = new PollingLoop(
    () => this.pass(),
    (error: unknown) => this.logger.error(`scheduler pass failed: ${(error as Error).message}`),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Timers) private readonly timers: Timers,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(AssignmentStore) private readonly store: AssignmentStore,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Reminders) private readonly reminders: Reminders,
    @Inject(WorkingCalendars) private readonly calendars: WorkingCalendars,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(this.config.scheduler.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Fires every timer due now, earliest first; one pass at a time per instance. */
  async runDue(): Promise<SchedulerReport> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<SchedulerReport> {
    const report: SchedulerReport = { fired: 0, skipped: 0, failed: 0 };
    const failedThisPass = new Set<string>();
    while (!this.loop.isStopped) {
      let claimed: Timer | undefined;
      try {
        const outcome = await this.db.tx(async (sql) => {
          const now = this.clock.now().toISOString();
          claimed = await this.timers.claimNext(sql, now);
          if (!claimed) return undefined;
          let result: string;
          try {
            result = await this.fire(sql, claimed, now);
          } catch (error) {
            // The machine refused (state moved on, deadline extended): nothing was written; the timer is spent.
            if (error instanceof DomainError && error.code !== 'VERSION_CONFLICT' && error.code !== 'INTERNAL') result = `skipped: ${error.code}`;
            else throw error;
          }
          await this.timers.markFired(sql, claimed.id, now, result);
          const { kind, dueAt } = claimed;
          sql.afterCommit(() => this.metrics.timerLateness.observe({ kind }, Math.max(0, (Date.parse(now) - Date.parse(dueAt)) / 1000)));
          return result;
        });
        if (outcome === undefined) return report;
        if (outcome.startsWith('skipped')) report.skipped += 1;
        else report.fired += 1;
      } catch (error) {
        if (!claimed || failedThisPass.has(claimed.id)) return report;
        failedThisPass.add(claimed.id);
        report.failed += 1;
        const message = (error as Error).message;
        const attempts = claimed.attempts + 1;
        const retryAt = attempts >= 5 ? null : new Date(this.clock.now().getTime() + 1000 * 2 ** attempts).toISOString();
        this.logger.warn(`timer ${claimed.kind} ${claimed.id} failed (${message}); ${retryAt ? `retry at ${retryAt}` : 'given up'}`);
        await this.db.tx((sql) => this.timers.markFailed(sql, claimed!.id, retryAt, message));
      }
    }
    return report;
  }

  private async fire(sql: Sql, timer: Timer, now: string): Promise<string> {
    switch (timer.kind) {
      case 'assignment.deadline':
        return this.deadlinePassed(sql, timer, now);
      case 'assignment.reminder':
        return this.remind(sql, timer, now);
      case 'notice.deadlineSummary':
        return this.summarise(sql, timer, now);
    }
  }

  /** The assignment a timer is about, with its notice's head. */
  private async target(sql: Sql, timer: Timer) {
    const assignment = await this.assignments.find(sql, timer.targetId);
    const notice = assignment && (await this.notices.head(sql, assignment.noticeId));
    return assignment && notice ? { assignment, notice } : undefined;
  }

  private async deadlinePassed(sql: Sql, timer: Timer, now: string): Promise<string> {
    const found = await this.target(sql, timer);
    if (!found) return 'skipped: assignment gone';
    if (found.assignment.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    if (!AWAITING_SUBMISSION.includes(found.assignment.state) || found.assignment.state === 'overdue') return `skipped: ${found.assignment.state}`;
    await this.store.commit(
      sql,
      planAssignmentEvent({ ...found, event: { type: 'DEADLINE_PASSED', at: now }, actor: SYSTEM, calendar: this.calendars.current() }),
    );
    return 'overdue';
  }

  private async remind(sql: Sql, timer: Timer, now: string): Promise<string> {
    const found = await this.target(sql, timer);
    if (!found) return 'skipped: assignment gone';
    const { assignment, notice } = found;
    if (assignment.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    // Only centers that still owe a table: not submitted yet, or returned and not resubmitted.
    if (!AWAITING_SUBMISSION.includes(assignment.state) || assignment.state === 'overdue') return `skipped: ${assignment.state}`;
    // A 催办 that fell due while the app was down and whose deadline has passed would only confuse: drop it.
    if (Date.parse(now) >= Date.parse(assignment.deadline)) return 'skipped: deadline passed';
    const label = String(timer.payload.label ?? '催办');
    await this.reminders.send(
      sql,
      { assignmentId: assignment.id, noticeId: notice.id, organisationId: assignment.organisationId, deadline: assignment.deadline },
      {
        kind: 'ladder',
        label,
        message: null,
        actorId: null,
        at: now,
        dedupeKey: `reminder:${timer.dedupeKey}`,
      },
    );
    return 'reminded';
  }

  private async summarise(sql: Sql, timer: Timer, now: string): Promise<string> {
    const notice = await this.notices.head(sql, timer.targetId);
    if (!notice || notice.state !== 'issued') return `skipped: ${notice?.state ?? 'gone'}`;
    if (notice.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    const assignments = await this.assignments.list(sql, { noticeId: notice.id });
    // Missing: still owing a table and not given more time.
    const missing = assignments.filter((a) => AWAITING_SUBMISSION.includes(a.state) && Date.parse(a.deadline) <= Date.parse(now));
    const issuer = await this.directory.organisation(sql, notice.issuerId);
    const orgs = await this.directory.organisationsByIds(
      sql,
      missing.map((a) => a.organisationId),
    );
    await this.outbox.enqueue(
      sql,
      [
        {
          dedupeKey: `summary:${notice.id}:${notice.deadline}`,
          kind: 'mail.deadlineSummary',
          payload: {
            noticeId: notice.id,
            to: issuer?.email ?? null,
            total: assignments.length,
            missing: missing.map((a) => ({
              assignmentId: a.id,
              organisation: orgs.get(a.organisationId)?.name ?? a.organisationId,
              goals: a.goals.map((g) => g.code),
            })),
          },
        },
      ],
      now,
    );
    return `summary: ${missing.length} missing`;
  }
}
