import { Inject, Injectable } from '@nestjs/common';
import { initialTransition } from 'xstate';
import {
  NOTICE_MACHINE_VERSION,
  NOTICE_STATE_LABELS,
  noticeMachine,
  noticeRefusal,
  type NoticeAction,
  type NoticeEvent,
  type NoticeState,
} from '../../workflows/notice.machine.js';
import { DONE_STATES } from '../../workflows/assignment.machine.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { DomainError, validationFailed } from '../common/errors.js';
import { formatDeadline, formatLocal, yearIn } from '../common/beijing-time.js';
import type { Sql } from '../database/db.js';
import { nextInSequence } from '../database/counters.repository.js';
import { auditRepository, type AuditEntry } from '../audit/audit.repository.js';
import { outboxRepository } from '../outbox/outbox.repository.js';
import { identityRepository } from '../identity/identity.repository.js';
import { assignmentRepository, type AssignedGoal, type Assignment } from '../assignments/assignment.repository.js';
import { noticeRepository, type Notice, type NoticeChanges } from '../notices/notice.repository.js';
import { persistSnapshot, restoreSnapshot, step } from './machine-runtime.js';
import { timerRepository } from '../deadlines/timer.repository.js';
import { assignmentTimers, noticeSummaryTimer } from '../deadlines/deadline-planner.js';
import { AssignmentRuntime } from './assignment-runtime.js';
import { SYSTEM, type Acting } from './acting.js';

const EFFECTS: readonly NoticeAction[] = ['numberNotice', 'createAssignments', 'distributeNotice', 'closeAssignments'];

/** Applies one event to a notice inside the caller's transaction, with its effects. */
@Injectable()
export class NoticeRuntime {
  constructor(
    @Inject(AssignmentRuntime) private readonly assignments: AssignmentRuntime,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
  ) {}

  initialSnapshot(): { state: NoticeState; snapshot: string; machineVersion: number } {
    const [snapshot] = initialTransition(noticeMachine);
    return { state: snapshot.value as NoticeState, snapshot: persistSnapshot(snapshot), machineVersion: NOTICE_MACHINE_VERSION };
  }

  restore(notice: Notice) {
    return restoreSnapshot(noticeMachine, NOTICE_MACHINE_VERSION, notice, `notice ${notice.id}`);
  }

  async openAssignments(sql: Sql, noticeId: string): Promise<number> {
    const marks = DONE_STATES.map((_, i) => `$${i + 2}`).join(',');
    const row = await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM assignments WHERE notice_id = $1 AND state NOT IN (${marks})`, [
      noticeId,
      ...DONE_STATES,
    ]);
    return Number(row?.n ?? 0);
  }

  async apply(sql: Sql, notice: Notice, event: NoticeEvent, actor: Acting): Promise<Notice> {
    const at = event.at;
    if (event.type === 'ISSUE' && notice.division.length === 0) {
      throw validationFailed('尚未设置分工（附件2），不能印发', [{ field: 'division', message: 'empty' }]);
    }
    const s = step(noticeMachine, this.restore(notice), event, EFFECTS, noticeRefusal, (code) =>
      code === 'DEADLINE_PASSED'
        ? `截止时间 ${formatDeadline(notice.deadline, notice.timeZone)}（北京时间）已过（现在是 ${formatLocal(at, notice.timeZone)}），请先修改截止时间再印发`
        : event.type === 'CLOSE' && notice.state === 'issued'
          ? '仍有任务未办结：截止时间过后可填写理由办结'
          : `当前状态“${NOTICE_STATE_LABELS[notice.state]}”下不能执行 ${event.type}`,
    );
    const changes: NoticeChanges = { state: s.to as NoticeState, snapshot: persistSnapshot(s.next) };
    const audit: AuditEntry[] = [];
    let created: Assignment[] = [];
    for (const action of s.actions) {
      switch (action) {
        case 'numberNotice': {
          const issuer = await identityRepository.organisation(sql, notice.issuerId);
          const year = yearIn(at, notice.timeZone);
          // Gap-free per issuer and year: the counter rolls back with the transaction.
          const seq = await nextInSequence(sql, `doc:${notice.issuerId}:${year}`);
          Object.assign(changes, {
            docYear: year,
            docSeq: seq,
            docNumber: `${issuer?.docPrefix ?? issuer?.code ?? ''}〔${year}〕${seq}号`,
            issuedAt: at,
            // The campaign's template is frozen with the notice: later edits never change past rounds.
            tableSchema: this.catalogue.tableTemplate(notice.tableTemplate),
          });
          break;
        }
        case 'createAssignments': {
          const byOrg = new Map<string, AssignedGoal[]>();
          for (const entry of notice.division) {
            const goals = byOrg.get(entry.organisationId) ?? [];
            goals.push(...entry.goalCodes.map((code) => ({ code, role: entry.role })));
            byOrg.set(entry.organisationId, goals);
          }
          const issued = { ...notice, deadline: notice.deadline };
          created = [...byOrg].map(([orgId, goals]) =>
            this.assignments.initial(
              issued,
              orgId,
              goals.sort((a, b) => a.code.localeCompare(b.code)),
              at,
            ),
          );
          await assignmentRepository.insertMany(sql, created);
          // The deadline and the 催办 ladder live in the timers table, never in memory.
          await timerRepository.insert(
            sql,
            [...created.flatMap((a) => assignmentTimers(a.id, a.deadline, notice, at)), noticeSummaryTimer(notice.id, notice.deadline)],
            at,
          );
          audit.push(
            ...created.map((a): AuditEntry => ({
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
          break;
        }
        case 'distributeNotice':
          await outboxRepository.enqueue(
            sql,
            created.map((a) => ({
              dedupeKey: `notice-issued:${notice.id}:${a.organisationId}`,
              kind: 'mail.noticeIssued' as const,
              payload: { noticeId: notice.id, organisationId: a.organisationId, assignmentId: a.id },
            })),
            at,
          );
          break;
        case 'closeAssignments':
          changes.closedAt = at;
          for (const a of await assignmentRepository.list(sql, { noticeId: notice.id })) {
            if (a.state === 'closed') continue;
            await this.assignments.apply(sql, notice, a, { type: 'CLOSE', at }, SYSTEM);
          }
          break;
      }
    }
    // Compare-and-set: a notice read by two staff at once is changed by one of them.
    if (!(await noticeRepository.update(sql, notice.id, notice.version, changes, at))) {
      throw new DomainError('VERSION_CONFLICT', '该公文已被他人更新，请刷新后重试');
    }
    audit.unshift({
      at,
      actorId: actor.userId,
      actorOrgId: actor.organisationId,
      entity: 'notice',
      entityId: notice.id,
      event: event.type,
      kind: 'notice.transitioned',
      from: s.from,
      to: s.to,
      payload: event,
      detail: 'comment' in event && event.comment ? { comment: event.comment } : undefined,
    });
    await auditRepository.append(sql, audit);
    return { ...notice, ...changes, version: notice.version + 1, updatedAt: at } as Notice;
  }
}
