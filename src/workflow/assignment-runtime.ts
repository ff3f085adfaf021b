import { Inject, Injectable } from '@nestjs/common';
import { initialTransition } from 'xstate';
import {
  ASSIGNMENT_MACHINE_VERSION,
  ASSIGNMENT_STATE_LABELS,
  assignmentMachine,
  assignmentRefusal,
  type AssignmentAction,
  type AssignmentEvent,
  type AssignmentState,
} from '../../workflows/assignment.machine.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { DomainError, validationFailed, type FieldError } from '../common/errors.js';
import { formatDeadline, formatLocal } from '../common/beijing-time.js';
import { canonicalJson, newId, sha256 } from '../common/ids.js';
import { combineStatements, type Sql, type Statement } from '../database/db.js';
import { nextInSequence, nextInSequenceStatement } from '../database/counters.repository.js';
import { auditRepository } from '../audit/audit.repository.js';
import { outboxRepository, type OutboxMessage } from '../outbox/outbox.repository.js';
import { assignmentRepository, type AssignedGoal, type Assignment, type Review, type SubmissionVersion } from '../assignments/assignment.repository.js';
import type { NoticeHead } from '../notices/notice.repository.js';
import { assertDrawableDeep } from '../documents/cjk-fonts.js';
import { MissingGlyphError } from '../documents/missing-glyph.error.js';
import { persistSnapshot, restoreSnapshot, step } from './machine-runtime.js';
import { timerRepository } from '../deadlines/timer.repository.js';
import { assignmentTimers } from '../deadlines/deadline-planner.js';
import type { Acting } from './acting.js';

const EFFECTS: readonly AssignmentAction[] = [
  'freezeVersion',
  'issueReceipt',
  'sendToMailbox',
  'recordReview',
  'notifyReturned',
  'notifyApproved',
  'notifyFeedback',
  'notifyExtension',
  'replanDeadline',
];

export interface AppliedAssignment {
  assignment: Assignment;
  from: AssignmentState;
  to: AssignmentState;
  version?: SubmissionVersion;
}

/**
 * Applies one event to one assignment inside the caller's transaction: restore,
 * can(), transition(), compare-and-set, audit row, and the machine's effects as
 * rows (versions, reviews, outbox). The caller has checked who may act.
 */
@Injectable()
export class AssignmentRuntime {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  /** Builds the assignment rows issuing creates: one per responsible organisation. */
  initial(notice: NoticeHead, organisationId: string, goals: AssignedGoal[], at: string): Assignment {
    const [snapshot] = initialTransition(assignmentMachine, { deadline: notice.deadline, latePolicy: notice.latePolicy });
    return {
      id: newId(),
      noticeId: notice.id,
      organisationId,
      goals,
      role: goals.some((g) => g.role === 'lead') ? 'lead' : 'partner',
      state: snapshot.value as AssignmentState,
      snapshot: persistSnapshot(snapshot),
      machineVersion: ASSIGNMENT_MACHINE_VERSION,
      version: 1,
      deadline: notice.deadline,
      draft: null,
      draftUpdatedAt: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  restore(assignment: Assignment) {
    return restoreSnapshot(assignmentMachine, ASSIGNMENT_MACHINE_VERSION, assignment, `assignment ${assignment.id}`);
  }

  /** Checks a table against the campaign's template and the assignment's goals. */
  validateTable(notice: NoticeHead, assignment: Assignment, table: unknown): FieldError[] {
    if (!notice.tableSchema) return [{ field: 'table', message: 'the notice has no strategy-table template' }];
    const errors = this.catalogue.validateTable(notice.tableSchema, table);
    if (errors.length > 0) return errors;
    try {
      // A character the PDF font lacks would print as a box on the receipt: refuse it now, naming the field.
      assertDrawableDeep(table, 'table');
    } catch (error) {
      if (error instanceof MissingGlyphError) return [{ field: error.field, message: error.message }];
      throw error;
    }
    const entries = (table as { goals: { goalCode: string }[] }).goals.map((g) => g.goalCode);
    const expected = assignment.goals.map((g) => g.code);
    const problems: FieldError[] = [];
    for (const code of expected.filter((c) => !entries.includes(c))) {
      problems.push({ field: 'table.goals', message: `缺少目标 ${code}（${this.catalogue.goal(code)?.title ?? ''}）的条目` });
    }
    entries.forEach((code, i) => {
      if (!expected.includes(code)) problems.push({ field: `table.goals[${i}].goalCode`, message: `目标 ${code} 不属于本单位的分工` });
      else if (entries.indexOf(code) !== i) problems.push({ field: `table.goals[${i}].goalCode`, message: `目标 ${code} 重复填写` });
    });
    return problems;
  }

  async apply(
    sql: Sql,
    notice: NoticeHead,
    assignment: Assignment,
    event: AssignmentEvent,
    actor: Acting,
    table?: Record<string, unknown>,
  ): Promise<AppliedAssignment> {
    const at = event.at;
    const snapshot = this.restore(assignment);
    const s = step(assignmentMachine, snapshot, event, EFFECTS, assignmentRefusal, (code) =>
      code === 'DEADLINE_PASSED'
        ? `已超过截止时间 ${formatDeadline(snapshot.context.deadline, notice.timeZone)}（北京时间），` +
          `操作时间为 ${formatLocal(at, notice.timeZone)}；如需延期，请联系委医政医管处`
        : `当前状态“${ASSIGNMENT_STATE_LABELS[assignment.state]}”下不能执行 ${event.type}`,
    );

    const submitted = event.type === 'SUBMIT' ? (table ?? assignment.draft) : undefined;
    if (event.type === 'SUBMIT') {
      if (!submitted) throw validationFailed('尚未填写策略表，不能提交', [{ field: 'table', message: 'no draft saved' }]);
      const errors = this.validateTable(notice, assignment, submitted);
      if (errors.length > 0) throw validationFailed('策略表未通过校验，请按提示修改后再提交', errors);
    }

    const next = s.next.context;
    const changes = {
      state: s.to as AssignmentState,
      snapshot: persistSnapshot(s.next),
      deadline: next.deadline,
      ...(event.type === 'SAVE_DRAFT' || (event.type === 'SUBMIT' && table) ? { draft: (table ?? submitted)!, draftUpdatedAt: at } : {}),
    };
    const payload = { ...event, ...(table ? { table } : {}) };
    const audit = {
      at,
      actorId: actor.userId,
      actorOrgId: actor.organisationId,
      entity: 'assignment' as const,
      entityId: assignment.id,
      event: event.type,
      kind: event.type === 'SAVE_DRAFT' ? ('assignment.draftSaved' as const) : ('assignment.transitioned' as const),
      from: s.from,
      to: s.to,
      payload,
      detail: auditDetail(event),
    };

    const mail: OutboxMessage[] = [];
    const reviews: Review[] = [];
    const ref = { assignmentId: assignment.id, noticeId: notice.id, organisationId: assignment.organisationId };
    const versionNo = next.versions;
    const actorId = actor.userId ?? 'system';
    let frozen: SubmissionVersion | undefined;
    let replan: Statement | undefined;
    /** The review a notification is about: a mail sent late must still quote its own reason. */
    let decisionId: string | undefined;
    for (const action of s.actions) {
      switch (action) {
        case 'freezeVersion':
          frozen = {
            id: newId(),
            assignmentId: assignment.id,
            noticeId: notice.id,
            version: versionNo,
            table: submitted!,
            sha256: sha256(canonicalJson(submitted)),
            submittedAt: at,
            late: !(Date.parse(at) < Date.parse(next.originalDeadline)),
            receiptNo: '',
            receiptSeq: 0,
            submittedBy: actorId,
          };
          break;
        case 'issueReceipt':
          mail.push({ dedupeKey: `receipt:${assignment.id}:v${versionNo}`, kind: 'mail.receipt', payload: { ...ref, version: versionNo } });
          break;
        case 'sendToMailbox':
          mail.push({
            dedupeKey: `submission:${assignment.id}:v${versionNo}`,
            kind: 'mail.submission',
            payload: { ...ref, version: versionNo, to: notice.mailbox },
          });
          break;
        case 'recordReview':
          decisionId = newId();
          reviews.push({
            id: decisionId,
            assignmentId: assignment.id,
            version: versionNo,
            kind: event.type === 'RETURN' ? 'returned' : 'approved',
            text: event.type === 'RETURN' ? event.reason : event.type === 'APPROVE' ? (event.comment ?? null) : null,
            actorId,
            at,
          });
          break;
        case 'notifyReturned':
          mail.push({
            dedupeKey: `returned:${assignment.id}:v${versionNo}`,
            kind: 'mail.returned',
            payload: { ...ref, version: versionNo, reviewId: decisionId },
          });
          break;
        case 'notifyApproved':
          mail.push({
            dedupeKey: `approved:${assignment.id}:v${versionNo}`,
            kind: 'mail.approved',
            payload: { ...ref, version: versionNo, reviewId: decisionId },
          });
          break;
        case 'notifyFeedback': {
          const id = newId();
          reviews.push({
            id,
            assignmentId: assignment.id,
            version: versionNo,
            kind: 'feedback',
            text: event.type === 'GIVE_FEEDBACK' ? event.feedback : null,
            actorId,
            at,
          });
          mail.push({ dedupeKey: `feedback:${id}`, kind: 'mail.feedback', payload: { ...ref, reviewId: id } });
          break;
        }
        case 'notifyExtension': {
          const extensionId = newId();
          reviews.push({
            id: extensionId,
            assignmentId: assignment.id,
            version: null,
            kind: 'extension',
            text: event.type === 'EXTEND_DEADLINE' ? `${event.reason}（延期至 ${formatDeadline(event.until, notice.timeZone)}）` : null,
            actorId,
            at,
          });
          mail.push({
            dedupeKey: `extension:${assignment.id}:${next.extensions}`,
            kind: 'mail.extension',
            payload: { ...ref, until: next.deadline, reviewId: extensionId },
          });
          break;
        }
        case 'replanDeadline':
          // The effective deadline moved (extension, resubmission time): its timers and 催办 ladder follow it.
          if (next.deadline !== assignment.deadline) {
            replan = timerRepository.insertStatement(assignmentTimers(assignment.id, next.deadline, notice, at), at);
          }
          break;
      }
    }

    const receiptPrefix = `R${notice.docYear ?? ''}-${String(notice.docSeq ?? 0).padStart(3, '0')}-`;
    const counterKey = `receipt:${notice.id}`;
    const update = assignmentRepository.updateStatement(assignment.id, assignment.version, changes, at);
    if (sql.dialect === 'postgres') {
      // One round trip for every write of the transition. The per-notice receipt
      // counter is a hot row: taken last, in this statement, and held only until commit.
      // Every insert is conditional on the compare-and-set, so a lost race writes
      // nothing even when the statement is its own transaction (Db.atomic).
      const parts = [
        { name: 'cas', statement: update },
        { name: 'audit', statement: onlyIfWon(auditRepository.appendStatement([audit])) },
        ...(mail.length ? [{ name: 'mail', statement: onlyIfWon(outboxRepository.enqueueStatement(mail, at)) }] : []),
        ...reviews.map((r, i) => ({ name: `review${i}`, statement: onlyIfWon(assignmentRepository.insertReviewStatement(r)) })),
        // The old plan is not cancelled here (that would lock timer rows after the assignment,
        // the scheduler's opposite order): its timers find the deadline moved and stand down.
        ...(replan ? [{ name: 'replanned', statement: onlyIfWon(replan) }] : []),
        ...(frozen
          ? [
              { name: 'receipt', statement: onlyIfWon(nextInSequenceStatement(counterKey)) },
              { name: 'frozen', statement: assignmentRepository.insertVersionFromCounterStatement(frozen, receiptPrefix) },
            ]
          : []),
      ];
      const { text, params } = combineStatements(parts, `SELECT (SELECT COUNT(*) FROM cas) AS won${frozen ? ', (SELECT value FROM receipt) AS seq' : ''}`);
      const row = await sql.one<{ won: number | string; seq?: number | string }>(text, params);
      // Compare-and-set lost: a concurrent writer moved the row on; the transaction rolls back.
      if (Number(row?.won) !== 1) throw new DomainError('VERSION_CONFLICT', '该任务已被他人更新，请刷新后重试');
      if (frozen) {
        frozen.receiptSeq = Number(row!.seq);
        frozen.receiptNo = `${receiptPrefix}${String(frozen.receiptSeq).padStart(4, '0')}`;
      }
    } else {
      // SQLite: one writer at a time already; the same writes, one by one.
      if ((await sql.exec(update.text, update.params)) !== 1) throw new DomainError('VERSION_CONFLICT', '该任务已被他人更新，请刷新后重试');
      await auditRepository.append(sql, [audit]);
      await outboxRepository.enqueue(sql, mail, at);
      for (const r of reviews) await assignmentRepository.insertReview(sql, r);
      if (replan) await sql.exec(replan.text, replan.params);
      if (frozen) {
        frozen.receiptSeq = await nextInSequence(sql, counterKey);
        frozen.receiptNo = `${receiptPrefix}${String(frozen.receiptSeq).padStart(4, '0')}`;
        await assignmentRepository.insertVersion(sql, frozen);
      }
    }
    return {
      assignment: { ...assignment, ...changes, version: assignment.version + 1, updatedAt: at },
      from: s.from as AssignmentState,
      to: s.to as AssignmentState,
      version: frozen,
    };
  }
}

/**
 * PostgreSQL: `INSERT INTO t (…) VALUES (…)[ ON CONFLICT …]` made to insert only
 * when the `cas` CTE of the same statement updated its row.
 */
function onlyIfWon(statement: Statement): Statement {
  const match = /^(INSERT INTO [^(]+\([^)]*\))\s+VALUES\s+([\s\S]*?)(\s+ON CONFLICT[\s\S]*)?$/.exec(statement.text.trim());
  if (!match) throw new Error(`not an INSERT … VALUES statement: ${statement.text.slice(0, 60)}`);
  const [, head, rows, tail = ''] = match;
  return { text: `${head} SELECT * FROM (VALUES ${rows}) AS v WHERE EXISTS (SELECT 1 FROM cas)${tail}`, params: statement.params };
}

/** A little of the event worth reading in the history; never a document body. */
function auditDetail(event: AssignmentEvent): Record<string, unknown> | undefined {
  switch (event.type) {
    case 'RETURN':
      return { reason: event.reason };
    case 'EXTEND_DEADLINE':
      return { until: event.until, reason: event.reason };
    case 'APPROVE':
      return event.comment ? { comment: event.comment } : undefined;
    case 'GIVE_FEEDBACK':
      return { feedback: event.feedback.slice(0, 200) };
    case 'ACKNOWLEDGE':
    case 'SAVE_DRAFT':
    case 'SUBMIT':
    case 'WITHDRAW':
    case 'START_REVIEW':
    case 'DEADLINE_PASSED':
    case 'CLOSE':
      return undefined;
  }
}
