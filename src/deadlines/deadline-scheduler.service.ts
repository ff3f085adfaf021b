import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AWAITING_SUBMISSION } from '../../workflows/assignment.machine.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { PollingLoop } from '../common/polling-loop.js';
import { AssignmentRuntime } from '../workflow/assignment-runtime.js';
import { SYSTEM } from '../workflow/acting.js';
import { assignmentRepository } from '../assignments/assignment.repository.js';
import { noticeRepository } from '../notices/notice.repository.js';
import { auditRepository } from '../audit/audit.repository.js';
import { outboxRepository } from '../outbox/outbox.repository.js';
import { identityRepository } from '../identity/identity.repository.js';
import { reminderRepository } from './reminder.repository.js';
import { timerRepository, type Timer } from './timer.repository.js';

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
    @Inject(AssignmentRuntime) private readonly runtime: AssignmentRuntime,
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
          claimed = await timerRepository.claimNext(sql, now);
          if (!claimed) return undefined;
          let result: string;
          try {
            result = await this.fire(sql, claimed, now);
          } catch (error) {
            // The machine refused (state moved on, deadline extended): nothing was written; the timer is spent.
            if (error instanceof DomainError && error.code !== 'VERSION_CONFLICT' && error.code !== 'INTERNAL') result = `skipped: ${error.code}`;
            else throw error;
          }
          await timerRepository.markFired(sql, claimed.id, now, result);
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
        await this.db.tx((sql) => timerRepository.markFailed(sql, claimed!.id, retryAt, message));
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

  private async deadlinePassed(sql: Sql, timer: Timer, now: string): Promise<string> {
    const found = await assignmentRepository.findWithNotice(sql, timer.targetId);
    if (!found) return 'skipped: assignment gone';
    if (found.assignment.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    if (!AWAITING_SUBMISSION.includes(found.assignment.state) || found.assignment.state === 'overdue') return `skipped: ${found.assignment.state}`;
    await this.runtime.apply(sql, found.notice, found.assignment, { type: 'DEADLINE_PASSED', at: now }, SYSTEM);
    return 'overdue';
  }

  private async remind(sql: Sql, timer: Timer, now: string): Promise<string> {
    const found = await assignmentRepository.findWithNotice(sql, timer.targetId);
    if (!found) return 'skipped: assignment gone';
    const { assignment, notice } = found;
    if (assignment.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    // Only centers that still owe a table: not submitted yet, or returned and not resubmitted.
    if (!AWAITING_SUBMISSION.includes(assignment.state) || assignment.state === 'overdue') return `skipped: ${assignment.state}`;
    // A 催办 that fell due while the app was down and whose deadline has passed would only confuse: drop it.
    if (Date.parse(now) >= Date.parse(assignment.deadline)) return 'skipped: deadline passed';
    const label = String(timer.payload.label ?? '催办');
    await sendReminder(
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
    const notice = await noticeRepository.findHead(sql, timer.targetId);
    if (!notice || notice.state !== 'issued') return `skipped: ${notice?.state ?? 'gone'}`;
    if (notice.deadline !== timer.payload.deadline) return 'skipped: deadline moved';
    const assignments = await assignmentRepository.list(sql, { noticeId: notice.id });
    // Missing: still owing a table and not given more time.
    const missing = assignments.filter((a) => AWAITING_SUBMISSION.includes(a.state) && Date.parse(a.deadline) <= Date.parse(now));
    const issuer = await identityRepository.organisation(sql, notice.issuerId);
    const orgs = new Map(
      (
        await identityRepository.organisationsByIds(
          sql,
          missing.map((a) => a.organisationId),
        )
      ).map((o) => [o.id, o]),
    );
    await outboxRepository.enqueue(
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

/** One 催办: history row, audit row and mail, in the caller's transaction. */
export async function sendReminder(
  sql: Sql,
  target: { assignmentId: string; noticeId: string; organisationId: string; deadline: string },
  r: { kind: 'ladder' | 'manual'; label: string; message: string | null; actorId: string | null; actorOrgId?: string | null; at: string; dedupeKey: string },
): Promise<void> {
  const id = newId();
  await reminderRepository.insert(sql, {
    id,
    assignmentId: target.assignmentId,
    noticeId: target.noticeId,
    kind: r.kind,
    label: r.label,
    message: r.message,
    actorId: r.actorId,
    deadline: target.deadline,
    at: r.at,
  });
  await auditRepository.append(sql, [
    {
      at: r.at,
      actorId: r.actorId,
      actorOrgId: r.actorOrgId ?? null,
      entity: 'assignment',
      entityId: target.assignmentId,
      event: 'REMIND',
      kind: 'assignment.reminded',
      from: null,
      to: null,
      payload: { label: r.label, message: r.message },
      detail: { kind: r.kind, label: r.label },
    },
  ]);
  await outboxRepository.enqueue(
    sql,
    [
      {
        dedupeKey: r.dedupeKey,
        kind: 'mail.reminder',
        payload: { assignmentId: target.assignmentId, noticeId: target.noticeId, organisationId: target.organisationId, reminderId: id },
      },
    ],
    r.at,
  );
}
