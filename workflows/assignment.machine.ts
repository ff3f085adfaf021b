import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { effects, isBefore, type Actor, type Role, type SameMembers } from './roles.js';

/** Stored beside each snapshot; bump when a change would misread old snapshots. */
export const ASSIGNMENT_MACHINE_VERSION = 1;

export interface AssignmentContext {
  /** The effective deadline (with any extension), an ISO instant. */
  deadline: string;
  /** The notice's deadline; a first submission at or after it is late (逾期报送). */
  originalDeadline: string;
  acknowledgedAt: string | null;
  versions: number;
  lastSubmittedAt: string | null;
  extensions: number;
  /**
   * Whether the version just submitted is late. Lateness is the first submission's: it is late when sent at or after
   * the notice's deadline (an extension lets it in, flagged late); a later version (after a return, which reopens the
   * task for correction) never is. Absent before the first SUBMIT and in snapshots older than this rule.
   */
  submittedLate?: boolean;
  /** `reject` (the reference notice) refuses a late table; `accept-late` takes it, flagged late. Absent in old snapshots: reject. */
  latePolicy?: LatePolicy;
}

export type LatePolicy = 'reject' | 'accept-late';

export interface AssignmentInput {
  deadline: string;
  latePolicy?: LatePolicy;
}

export type AssignmentEvent =
  | { type: 'ACKNOWLEDGE'; at: string }
  | { type: 'SAVE_DRAFT'; at: string }
  | { type: 'SUBMIT'; at: string }
  | { type: 'WITHDRAW'; at: string }
  | { type: 'START_REVIEW'; at: string }
  | { type: 'APPROVE'; at: string; comment?: string }
  | { type: 'RETURN'; at: string; reason: string; /** the resubmission deadline the notice's policy gives */ resubmitBy?: string }
  | { type: 'GIVE_FEEDBACK'; at: string; feedback: string }
  | { type: 'EXTEND_DEADLINE'; at: string; until: string; reason: string }
  | { type: 'DEADLINE_PASSED'; at: string }
  | { type: 'CLOSE'; at: string };

/** Every event type, once; the event union above must name exactly these (checked below). */
export const ASSIGNMENT_EVENT_TYPES = [
  'ACKNOWLEDGE',
  'SAVE_DRAFT',
  'SUBMIT',
  'WITHDRAW',
  'START_REVIEW',
  'APPROVE',
  'RETURN',
  'GIVE_FEEDBACK',
  'EXTEND_DEADLINE',
  'DEADLINE_PASSED',
  'CLOSE',
] as const;
export type AssignmentEventType = (typeof ASSIGNMENT_EVENT_TYPES)[number];
const eventsListed: SameMembers<AssignmentEvent['type'], AssignmentEventType> = true;

/** Who may send each event (the organisation and reviewer checks are the runtime's). */
export const ASSIGNMENT_EVENT_ROLES: Record<AssignmentEventType, readonly Actor[]> = {
  ACKNOWLEDGE: ['center'],
  SAVE_DRAFT: ['center'],
  SUBMIT: ['center'],
  WITHDRAW: ['center'],
  START_REVIEW: ['reviewer'],
  APPROVE: ['reviewer'],
  RETURN: ['reviewer'],
  GIVE_FEEDBACK: ['staff'],
  EXTEND_DEADLINE: ['staff'],
  DEADLINE_PASSED: ['system'],
  CLOSE: ['system'],
};

/** Effects the runtime carries out, returned as data by `transition()`; the runtime must handle each. */
export const ASSIGNMENT_ACTIONS = [
  'freezeVersion',
  'issueReceipt',
  'sendToMailbox',
  'recordReview',
  'notifyReturned',
  'notifyApproved',
  'notifyFeedback',
  'notifyExtension',
  /** The effective deadline may have moved: re-plan its timers and reminders. */
  'replanDeadline',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** What a center that owes its table (acknowledged, drafting, returned) may do, and what may happen to it. */
const OWES_TABLE = {
  CLOSE: 'closed',
  SAVE_DRAFT: 'drafting',
  SUBMIT: { guard: 'isSubmittable', target: 'submitted', actions: ['countVersion', 'freezeVersion', 'issueReceipt', 'sendToMailbox'] },
  DEADLINE_PASSED: { guard: 'isPastDeadline', target: 'overdue' },
  EXTEND_DEADLINE: { guard: 'isExtensionLater', actions: ['extend', 'notifyExtension', 'replanDeadline'] },
} as const;

export const assignmentMachine = setup({
  types: {} as { context: AssignmentContext; events: AssignmentEvent; input: AssignmentInput },
  guards: {
    /** The act happens strictly before the effective deadline, or the notice takes late tables. */
    isSubmittable: ({ context, event }) => isBefore(event.at, context.deadline) || context.latePolicy === 'accept-late',
    /** A deadline timer is stale when an extension moved the deadline after it was planned. */
    isPastDeadline: ({ context, event }) => !isBefore(event.at, context.deadline),
    /** An extension moves the deadline later, to an instant still ahead. */
    isExtensionLater: ({ context, event }) => event.type === 'EXTEND_DEADLINE' && isBefore(context.deadline, event.until) && isBefore(event.at, event.until),
    wasAcknowledged: ({ context }) => context.acknowledgedAt !== null,
  },
  actions: {
    ...effects(ASSIGNMENT_ACTIONS),
    acknowledge: assign({ acknowledgedAt: ({ event }) => event.at }),
    countVersion: assign({
      versions: ({ context }) => context.versions + 1,
      lastSubmittedAt: ({ event }) => event.at,
      submittedLate: ({ context, event }) => context.versions === 0 && !isBefore(event.at, context.originalDeadline),
    }),
    extend: assign({
      deadline: ({ context, event }) => (event.type === 'EXTEND_DEADLINE' ? event.until : context.deadline),
      extensions: ({ context }) => context.extensions + 1,
    }),
    /** After a RETURN the center gets at least until the resubmission deadline. */
    giveResubmissionTime: assign({
      deadline: ({ context, event }) =>
        event.type === 'RETURN' && event.resubmitBy && isBefore(context.deadline, event.resubmitBy) ? event.resubmitBy : context.deadline,
    }),
  },
}).createMachine({
  id: 'assignment',
  version: String(ASSIGNMENT_MACHINE_VERSION),
  initial: 'assigned',
  // XState's pure transition() builds a throwaway actor without input: answer
  // rather than throw there (an exception on every transition costs ~100 µs).
  context: ({ input }: { input: AssignmentInput | undefined }) => ({
    deadline: input?.deadline ?? '',
    originalDeadline: input?.deadline ?? '',
    latePolicy: input?.latePolicy ?? 'reject',
    acknowledgedAt: null,
    versions: 0,
    lastSubmittedAt: null,
    extensions: 0,
  }),
  // CLOSE sits in every non-final state, not on the root: a root transition would
  // let a closed assignment take CLOSE again (XState's can() ignores final status).
  states: {
    assigned: {
      on: {
        CLOSE: 'closed',
        ACKNOWLEDGE: { target: 'acknowledged', actions: 'acknowledge' },
        DEADLINE_PASSED: { guard: 'isPastDeadline', target: 'overdue' },
        EXTEND_DEADLINE: { guard: 'isExtensionLater', actions: ['extend', 'notifyExtension', 'replanDeadline'] },
      },
    },
    /** 签收 */
    acknowledged: { on: OWES_TABLE },
    drafting: { on: OWES_TABLE },
    submitted: {
      on: {
        CLOSE: 'closed',
        // Only while a new version could still be submitted: a withdrawal after the deadline would lock the center out.
        WITHDRAW: { guard: 'isSubmittable', target: 'drafting' },
        START_REVIEW: 'inReview',
      },
    },
    inReview: {
      on: {
        CLOSE: 'closed',
        APPROVE: { target: 'approved', actions: ['recordReview', 'notifyApproved'] },
        RETURN: { target: 'returned', actions: ['giveResubmissionTime', 'recordReview', 'notifyReturned', 'replanDeadline'] },
      },
    },
    /** 退回: the center revises and submits a new version. */
    returned: { on: OWES_TABLE },
    approved: {
      on: {
        CLOSE: 'closed',
        GIVE_FEEDBACK: { target: 'feedbackGiven', actions: 'notifyFeedback' },
      },
    },
    feedbackGiven: {
      on: {
        CLOSE: 'closed',
        GIVE_FEEDBACK: { target: 'feedbackGiven', actions: 'notifyFeedback' },
      },
    },
    /** Past the deadline without a submission; the center may keep drafting, staff may extend. */
    overdue: {
      on: {
        CLOSE: 'closed',
        SAVE_DRAFT: 'overdue',
        // Only a notice that takes late tables lets an overdue center submit.
        SUBMIT: { guard: 'isSubmittable', target: 'submitted', actions: ['countVersion', 'freezeVersion', 'issueReceipt', 'sendToMailbox'] },
        EXTEND_DEADLINE: [
          { guard: and(['isExtensionLater', 'wasAcknowledged']), target: 'drafting', actions: ['extend', 'notifyExtension', 'replanDeadline'] },
          { guard: 'isExtensionLater', target: 'assigned', actions: ['extend', 'notifyExtension', 'replanDeadline'] },
        ],
      },
    },
    closed: { type: 'final' },
  },
});

export type AssignmentSnapshot = SnapshotFrom<typeof assignmentMachine>;
export const ASSIGNMENT_STATES = [
  'assigned',
  'acknowledged',
  'drafting',
  'submitted',
  'inReview',
  'approved',
  'returned',
  'feedbackGiven',
  'overdue',
  'closed',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
/** States in which the center still owes a (new) version. */
export const AWAITING_SUBMISSION: readonly AssignmentState[] = ['assigned', 'acknowledged', 'drafting', 'returned', 'overdue'];
/** States in which the assignment is done as far as closing the notice goes. */
export const DONE_STATES: readonly AssignmentState[] = ['feedbackGiven', 'closed'];

/** Why an event the snapshot cannot take was refused. */
export function assignmentRefusal(snapshot: AssignmentSnapshot, event: AssignmentEvent): 'DEADLINE_PASSED' | 'INVALID_TRANSITION' {
  const submittable = ['acknowledged', 'drafting', 'returned', 'overdue'].some((s) => snapshot.matches(s as AssignmentState));
  if (event.type === 'SUBMIT' && submittable && !isBefore(event.at, snapshot.context.deadline)) {
    return 'DEADLINE_PASSED';
  }
  // A withdrawn table could not be submitted again: past the deadline it stays.
  if (event.type === 'WITHDRAW' && snapshot.matches('submitted') && !isBefore(event.at, snapshot.context.deadline)) {
    return 'DEADLINE_PASSED';
  }
  return 'INVALID_TRANSITION';
}

/** A representative event of each type, to ask `can()` what a caller may send now. */
export function assignmentProbe(type: AssignmentEventType, at: string, context: AssignmentContext): AssignmentEvent {
  switch (type) {
    case 'RETURN':
      return { type, at, reason: 'probe' };
    case 'GIVE_FEEDBACK':
      return { type, at, feedback: 'probe' };
    case 'EXTEND_DEADLINE': {
      // Any later instant will do: ask whether an extension is possible at all.
      const later = new Date(Math.max(Date.parse(context.deadline), Date.parse(at)) + 86_400_000).toISOString();
      return { type, at, until: later, reason: 'probe' };
    }
    case 'ACKNOWLEDGE':
    case 'SAVE_DRAFT':
    case 'SUBMIT':
    case 'WITHDRAW':
    case 'START_REVIEW':
    case 'APPROVE':
    case 'DEADLINE_PASSED':
    case 'CLOSE':
      return { type, at };
  }
}

/** What a person reads for each state. */
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  assigned: '待签收',
  acknowledged: '已签收',
  drafting: '填报中',
  submitted: '已提交',
  inReview: '审核中',
  approved: '已通过',
  returned: '已退回',
  feedbackGiven: '已反馈',
  overdue: '已逾期',
  closed: '已办结',
};

/** What a person reads for each act (已办, history). */
export const ASSIGNMENT_EVENT_LABELS: Record<AssignmentEventType, string> = {
  ACKNOWLEDGE: '签收',
  SAVE_DRAFT: '保存草稿',
  SUBMIT: '提交',
  WITHDRAW: '撤回',
  START_REVIEW: '开始审核',
  APPROVE: '审核通过',
  RETURN: '退回',
  GIVE_FEEDBACK: '反馈',
  EXTEND_DEADLINE: '延期',
  DEADLINE_PASSED: '逾期',
  CLOSE: '办结',
};

/**
 * The step each role owes an assignment in each state: what its 待办 lists
 * and names (a center its own, a reviewer those given to it, staff those of
 * their commission's notices). Which events it may send there comes from
 * `can()`; a spec checks that each listed state has an event of that role.
 */
export const ASSIGNMENT_DUTIES: Partial<Record<Role, Partial<Record<AssignmentState, string>>>> = {
  center: { assigned: '待签收', acknowledged: '待填报', drafting: '待填报', returned: '待修改', overdue: '已逾期' },
  reviewer: { submitted: '待审核', inReview: '审核中' },
  staff: { approved: '待反馈', overdue: '逾期待处理' },
};

void eventsListed;
