import { initialTransition } from 'xstate';
import {
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_MACHINE_VERSION,
  ASSIGNMENT_EVENT_LABELS,
  ASSIGNMENT_STATE_LABELS,
  assignmentMachine,
  assignmentRefusal,
  type AssignmentAction,
  type AssignmentContext,
  type AssignmentEvent,
  type AssignmentState,
} from '../../workflows/assignment.machine.js';
import type { Acting } from '../common/acting.js';
import { formatDeadline, formatMoment } from '../common/beijing-time.js';
import { validationFailed, type FieldError } from '../common/errors.js';
import { canonicalJson, newId, sha256 } from '../common/ids.js';
import { persistSnapshot, restoreSnapshot, step } from '../common/machine-step.js';
import type { AuditEntry } from '../audit/audit-log.service.js';
import type { OutboxMessage } from '../outbox/outbox.entities.js';
import type { NewTimer } from '../deadlines/deadlines.entities.js';
import { assignmentTimers } from '../deadlines/deadline-planner.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import type { AssignedGoal, Assignment, Review, SubmissionVersion } from './assignment.entities.js';

/** The row's new columns. `draft` is present only when the event writes the draft. */
export interface AssignmentChanges {
  state: AssignmentState;
  snapshot: string;
  deadline: string;
  /** Versions submitted so far (the snapshot's count, kept in a column for the round's progress). */
  submittedVersions: number;
  draft?: { table: Record<string, unknown>; at: string };
}

/** A version to freeze; its receipt number is taken from the notice's counter when the plan is written. */
export type FrozenVersion = Omit<SubmissionVersion, 'receiptNo' | 'receiptSeq'>;

/**
 * One assignment event, planned: everything the act writes, as plain data.
 * The store writes it atomically, or nothing of it.
 */
export interface AssignmentPlan {
  assignment: Assignment;
  at: string;
  from: AssignmentState;
  to: AssignmentState;
  changes: AssignmentChanges;
  audit: AuditEntry;
  outbox: OutboxMessage[];
  reviews: Review[];
  timers: NewTimer[];
  version: FrozenVersion | null;
  /** Receipt numbers are gap-free per notice: `R2022-058-0001`. */
  receipt: { counterKey: string; prefix: string } | null;
}

export interface AssignmentEventInput {
  notice: NoticeHead;
  assignment: Assignment;
  event: AssignmentEvent;
  actor: Acting;
  /** The table a SAVE_DRAFT or a SUBMIT sends. */
  table?: Record<string, unknown>;
  /** Checks a table about to be submitted (the campaign's template, the fonts, the goals). */
  checkTable?: (table: Record<string, unknown>) => FieldError[];
  /** The working days a moved deadline's 催办 ladder is planned with. */
  calendar: WorkingCalendar;
}

export function restoreAssignment(assignment: Pick<Assignment, 'id' | 'snapshot' | 'machineVersion'>) {
  return restoreSnapshot(assignmentMachine, ASSIGNMENT_MACHINE_VERSION, assignment, `assignment ${assignment.id}`);
}

/**
 * The assignment rows issuing creates: one per responsible organisation. They
 * all start from the same snapshot (the notice's deadline and late policy), so
 * the machine is asked once, whatever the number of organisations.
 */
export function initialAssignments(notice: NoticeHead, goalsByOrganisation: ReadonlyMap<string, AssignedGoal[]>, at: string): Assignment[] {
  const [snapshot] = initialTransition(assignmentMachine, { deadline: notice.deadline, latePolicy: notice.latePolicy });
  const state = snapshot.value as AssignmentState;
  const stored = persistSnapshot(snapshot);
  return [...goalsByOrganisation].map(([organisationId, goals]) => ({
    id: newId(),
    noticeId: notice.id,
    organisationId,
    goals,
    role: goals.some((g) => g.role === 'lead') ? 'lead' : 'partner',
    state,
    snapshot: stored,
    machineVersion: ASSIGNMENT_MACHINE_VERSION,
    version: 1,
    deadline: notice.deadline,
    draft: null,
    draftUpdatedAt: null,
    createdAt: at,
    updatedAt: at,
  }));
}

/** Restore, `can()`, `transition()`, and the machine's effects as rows: pure, no database. */
export function planAssignmentEvent(input: AssignmentEventInput): AssignmentPlan {
  const { notice, assignment, event, actor, table } = input;
  const at = event.at;
  const snapshot = restoreAssignment(assignment);
  const s = step(assignmentMachine, snapshot, event, ASSIGNMENT_ACTIONS, assignmentRefusal, (code) =>
    code === 'DEADLINE_PASSED'
      ? `已超过截止时间 ${formatDeadline(snapshot.context.deadline, notice.timeZone)}（北京时间），` +
        `操作时间为 ${formatMoment(at, notice.timeZone)}；如需延期，请联系委医政医管处`
      : `当前状态“${ASSIGNMENT_STATE_LABELS[assignment.state]}”下不能${ASSIGNMENT_EVENT_LABELS[event.type]}`,
  );
  const submitted = event.type === 'SUBMIT' ? (table ?? assignment.draft ?? undefined) : undefined;
  if (event.type === 'SUBMIT') {
    if (!submitted) throw validationFailed('尚未填写策略表，不能提交', [{ field: 'table', message: '尚未填写策略表' }]);
    const errors = input.checkTable?.(submitted) ?? [];
    if (errors.length > 0) throw validationFailed('策略表未通过校验，请按提示修改后再提交', errors);
  }
  const next = s.next.context as AssignmentContext;
  const writesDraft = event.type === 'SAVE_DRAFT' || (event.type === 'SUBMIT' && table !== undefined);
  const plan: AssignmentPlan = {
    assignment,
    at,
    from: s.from as AssignmentState,
    to: s.to as AssignmentState,
    changes: {
      state: s.to as AssignmentState,
      snapshot: persistSnapshot(s.next),
      deadline: next.deadline,
      submittedVersions: next.versions,
      ...(writesDraft && table ? { draft: { table, at } } : {}),
    },
    audit: {
      at,
      actorId: actor.userId,
      actorOrgId: actor.organisationId,
      entity: 'assignment',
      entityId: assignment.id,
      event: event.type,
      kind: event.type === 'SAVE_DRAFT' ? 'assignment.draftSaved' : 'assignment.transitioned',
      from: s.from,
      to: s.to,
      payload: { ...event, ...(table ? { table } : {}) },
      detail: auditDetail(event),
    },
    outbox: [],
    reviews: [],
    timers: [],
    version: null,
    receipt: null,
  };
  const effect = effectsOf({ plan, notice, event, next, submitted, actorId: actor.userId ?? 'system', calendar: input.calendar });
  for (const action of s.actions) effect[action]();
  return plan;
}

interface EffectScope {
  plan: AssignmentPlan;
  notice: NoticeHead;
  event: AssignmentEvent;
  next: AssignmentContext;
  submitted: Record<string, unknown> | undefined;
  actorId: string;
  calendar: WorkingCalendar;
}

/**
 * What each effect of the machine writes. A Record over every action: an
 * action the machine gains and this table lacks fails type-checking.
 */
function effectsOf(scope: EffectScope): Record<AssignmentAction, () => void> {
  const { plan, notice, event, next } = scope;
  const a = plan.assignment;
  const ref = { assignmentId: a.id, noticeId: notice.id, organisationId: a.organisationId };
  const versionNo = next.versions;
  /** The review a notification is about: a mail sent late must still quote its own reason. */
  let decisionId = '';
  return {
    freezeVersion: () => freezeVersion(scope),
    issueReceipt: () => {
      plan.outbox.push({ dedupeKey: `receipt:${a.id}:v${versionNo}`, kind: 'mail.receipt', payload: { ...ref, version: versionNo } });
    },
    sendToMailbox: () => {
      plan.outbox.push({ dedupeKey: `submission:${a.id}:v${versionNo}`, kind: 'mail.submission', payload: { ...ref, version: versionNo, to: notice.mailbox } });
    },
    recordReview: () => {
      decisionId = addReview(scope, event.type === 'RETURN' ? 'returned' : 'approved', versionNo, decisionText(event));
    },
    notifyReturned: () => {
      plan.outbox.push({ dedupeKey: `returned:${a.id}:v${versionNo}`, kind: 'mail.returned', payload: { ...ref, version: versionNo, reviewId: decisionId } });
    },
    notifyApproved: () => {
      plan.outbox.push({ dedupeKey: `approved:${a.id}:v${versionNo}`, kind: 'mail.approved', payload: { ...ref, version: versionNo, reviewId: decisionId } });
    },
    notifyFeedback: () => {
      const id = addReview(scope, 'feedback', versionNo, event.type === 'GIVE_FEEDBACK' ? event.feedback : null);
      plan.outbox.push({ dedupeKey: `feedback:${id}`, kind: 'mail.feedback', payload: { ...ref, reviewId: id } });
    },
    notifyExtension: () => {
      const text = event.type === 'EXTEND_DEADLINE' ? `${event.reason}（延期至 ${formatDeadline(event.until, notice.timeZone)}）` : null;
      const id = addReview(scope, 'extension', null, text);
      plan.outbox.push({ dedupeKey: `extension:${a.id}:${next.extensions}`, kind: 'mail.extension', payload: { ...ref, until: next.deadline, reviewId: id } });
    },
    replanDeadline: () => {
      // The effective deadline moved (extension, resubmission time): its timers and 催办 ladder follow it.
      // The old plan is not cancelled (that would lock timer rows): its timers find the deadline moved and stand down.
      if (next.deadline !== a.deadline) plan.timers.push(...assignmentTimers(a.id, next.deadline, notice, plan.at, scope.calendar));
    },
  };
}

/** The submitted table, frozen with its digest, lateness and the deadline in force; its receipt number comes from the notice's counter. */
function freezeVersion({ plan, notice, next, submitted, actorId }: EffectScope): void {
  const at = plan.at;
  plan.version = {
    id: newId(),
    assignmentId: plan.assignment.id,
    noticeId: notice.id,
    version: next.versions,
    table: submitted!,
    sha256: sha256(canonicalJson(submitted)),
    submittedAt: at,
    deadline: next.deadline,
    // The machine decides: only a first submission can be late, never a resubmission after a return.
    late: next.submittedLate === true,
    submittedBy: actorId,
  };
  plan.receipt = { counterKey: `receipt:${notice.id}`, prefix: `R${notice.docYear ?? ''}-${String(notice.docSeq ?? 0).padStart(3, '0')}-` };
}

function addReview({ plan, actorId }: EffectScope, kind: Review['kind'], version: number | null, text: string | null): string {
  const id = newId();
  plan.reviews.push({ id, assignmentId: plan.assignment.id, version, kind, text, actorId, at: plan.at });
  return id;
}

function decisionText(event: AssignmentEvent): string | null {
  return event.type === 'RETURN' ? event.reason : event.type === 'APPROVE' ? (event.comment ?? null) : null;
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
