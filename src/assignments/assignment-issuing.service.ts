import { Inject, Injectable } from '@nestjs/common';
import { DONE_STATES } from '../../workflows/assignment.machine.js';
import { SYSTEM, type Acting } from '../common/acting.js';
import type { Sql } from '../database/db.js';
import { AuditLog, type AuditEntry } from '../audit/audit-log.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { Timers } from '../deadlines/timers.service.js';
import { assignmentsTimers, noticeSummaryTimer } from '../deadlines/deadline-planner.js';
import { WorkingCalendars } from '../deadlines/working-calendars.service.js';
import type { Notice } from '../notices/notice.entities.js';
import type { AssignedGoal, Assignment } from './assignment.entities.js';
import { AssignmentRepository } from './assignment.repository.js';
import { AssignmentStore } from './assignment-store.service.js';
import { initialAssignments, planAssignmentEvent } from './assignment-transition.js';

/**
 * What a notice's transitions do to its assignments: issuing creates one per
 * responsible organisation (with its timers, audit rows and mail), closing
 * closes every open one. All in the caller's transaction, at any size: each
 * batch is one statement.
 */
@Injectable()
export class AssignmentIssuing {
  constructor(
    @Inject(AssignmentRepository) private readonly repository: AssignmentRepository,
    @Inject(AssignmentStore) private readonly store: AssignmentStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Timers) private readonly timers: Timers,
    @Inject(WorkingCalendars) private readonly calendars: WorkingCalendars,
  ) {}

  /** One assignment per organisation of the division (附件2), its deadline and 催办 ladder as timers. */
  async create(sql: Sql, notice: Notice, at: string, actor: Acting): Promise<Assignment[]> {
    const byOrg = new Map<string, AssignedGoal[]>();
    for (const entry of notice.division) {
      const goals = byOrg.get(entry.organisationId) ?? [];
      goals.push(...entry.goalCodes.map((code) => ({ code, role: entry.role })));
      byOrg.set(entry.organisationId, goals);
    }
    for (const goals of byOrg.values()) goals.sort((a, b) => a.code.localeCompare(b.code));
    const created = initialAssignments(notice, byOrg, at);
    await this.repository.insertMany(sql, created);
    // The deadline and the 催办 ladder live in the timers table, never in memory; all share the notice's deadline.
    const timers = assignmentsTimers(
      created.map((a) => a.id),
      notice.deadline,
      notice,
      at,
      this.calendars.current(),
    );
    await this.timers.plan(sql, [...timers, noticeSummaryTimer(notice.id, notice.deadline)], at);
    await this.audit.append(
      sql,
      created.map((a): AuditEntry => ({
        at,
        actorId: actor.userId,
        actorOrgId: actor.organisationId,
        entity: 'assignment',
        entityId: a.id,
        event: 'ISSUE',
        kind: 'assignment.created',
        from: null,
        to: a.state,
        payload: a.goals,
      })),
    );
    return created;
  }

  /** The issued notice to each responsible organisation, by mail. */
  async distribute(sql: Sql, notice: Notice, created: readonly Assignment[], at: string): Promise<void> {
    await this.outbox.enqueue(
      sql,
      created.map((a) => ({
        dedupeKey: `notice-issued:${notice.id}:${a.organisationId}`,
        kind: 'mail.noticeIssued' as const,
        payload: { noticeId: notice.id, organisationId: a.organisationId, assignmentId: a.id },
      })),
      at,
    );
  }

  /** 办结: every assignment not yet closed is closed by the engine. */
  async closeAll(sql: Sql, notice: Notice, at: string): Promise<void> {
    for (const assignment of await this.repository.list(sql, { noticeId: notice.id })) {
      if (assignment.state === 'closed') continue;
      await this.store.commit(
        sql,
        planAssignmentEvent({ notice, assignment, event: { type: 'CLOSE', at }, actor: SYSTEM, calendar: this.calendars.current() }),
      );
    }
  }

  /** Assignments not done yet: a notice closes early only when this is 0. */
  async openCount(sql: Sql, noticeId: string): Promise<number> {
    return this.repository.countNotIn(sql, noticeId, DONE_STATES);
  }
}
