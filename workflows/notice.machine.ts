import { assign, setup, type SnapshotFrom } from 'xstate';
import { effects, isBefore, type Actor, type Role, type SameMembers } from './roles.js';

/** Stored beside each snapshot; bump when a change would misread old snapshots. */
export const NOTICE_MACHINE_VERSION = 1;

export interface NoticeContext {
  /** Set at ISSUE: the deadline of the round, an ISO instant. */
  deadline: string | null;
  /** Comment of the last RETURN (核稿/签发 sent it back to the drafter). */
  returnComment: string | null;
}

export type NoticeEvent =
  | { type: 'SUBMIT_FOR_CHECK'; at: string }
  | { type: 'APPROVE_CHECK'; at: string; comment?: string }
  | { type: 'SIGN'; at: string; comment?: string }
  | { type: 'RETURN'; at: string; comment: string }
  | { type: 'ISSUE'; at: string; deadline: string }
  | { type: 'CLOSE'; at: string; openAssignments: number; comment?: string }
  | { type: 'REVOKE'; at: string; comment?: string };

/** Every event type, once; the event union above must name exactly these (checked below). */
export const NOTICE_EVENT_TYPES = ['SUBMIT_FOR_CHECK', 'APPROVE_CHECK', 'SIGN', 'RETURN', 'ISSUE', 'CLOSE', 'REVOKE'] as const;
export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];
const eventsListed: SameMembers<NoticeEvent['type'], NoticeEventType> = true;

/** Who may send each event (the organisation check is the runtime's). */
export const NOTICE_EVENT_ROLES: Record<NoticeEventType, readonly Actor[]> = {
  SUBMIT_FOR_CHECK: ['staff'],
  APPROVE_CHECK: ['leader'],
  SIGN: ['leader'],
  RETURN: ['leader'],
  ISSUE: ['staff'],
  CLOSE: ['staff'],
  REVOKE: ['staff'],
};

/** Effects the runtime carries out, returned as data by `transition()`; the runtime must handle each. */
export const NOTICE_ACTIONS = ['numberNotice', 'freezeAttachments', 'createAssignments', 'distributeNotice', 'closeAssignments'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export const noticeMachine = setup({
  types: {} as { context: NoticeContext; events: NoticeEvent },
  guards: {
    /** Issuing a round whose deadline has already passed makes no sense. */
    isDeadlineAhead: ({ event }) => event.type === 'ISSUE' && isBefore(event.at, event.deadline),
    /** Every assignment is done, or the deadline has passed and staff say why they close. */
    isClosable: ({ context, event }) =>
      event.type === 'CLOSE' &&
      (event.openAssignments === 0 || (context.deadline !== null && !isBefore(event.at, context.deadline) && Boolean(event.comment?.trim()))),
  },
  actions: {
    ...effects(NOTICE_ACTIONS),
    rememberReturn: assign({ returnComment: ({ event }) => (event.type === 'RETURN' ? event.comment : null) }),
    fixDeadline: assign({ deadline: ({ event }) => (event.type === 'ISSUE' ? event.deadline : null) }),
  },
}).createMachine({
  id: 'notice',
  version: String(NOTICE_MACHINE_VERSION),
  initial: 'draft',
  context: { deadline: null, returnComment: null },
  states: {
    draft: {
      on: { SUBMIT_FOR_CHECK: 'checking', REVOKE: 'revoked' },
    },
    /** 核稿 */
    checking: {
      on: {
        APPROVE_CHECK: 'signing',
        RETURN: { target: 'draft', actions: 'rememberReturn' },
        REVOKE: 'revoked',
      },
    },
    /** 签发 */
    signing: {
      on: {
        SIGN: 'signed',
        RETURN: { target: 'draft', actions: 'rememberReturn' },
        REVOKE: 'revoked',
      },
    },
    signed: {
      on: {
        ISSUE: {
          guard: 'isDeadlineAhead',
          target: 'issued',
          // freezeAttachments: the generated attachments (附件2 …) are made from the numbered notice and frozen with it.
          actions: ['fixDeadline', 'numberNotice', 'freezeAttachments', 'createAssignments', 'distributeNotice'],
        },
        REVOKE: 'revoked',
      },
    },
    /** Issued and collecting strategy tables. */
    issued: {
      on: { CLOSE: { guard: 'isClosable', target: 'closed', actions: 'closeAssignments' } },
    },
    /** 办结 */
    closed: { type: 'final' },
    revoked: { type: 'final' },
  },
});

export type NoticeSnapshot = SnapshotFrom<typeof noticeMachine>;
export const NOTICE_STATES = ['draft', 'checking', 'signing', 'signed', 'issued', 'closed', 'revoked'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** Why an event the snapshot cannot take was refused. */
export function noticeRefusal(snapshot: NoticeSnapshot, event: NoticeEvent): 'DEADLINE_PASSED' | 'INVALID_TRANSITION' {
  if (event.type === 'ISSUE' && snapshot.matches('signed') && !isBefore(event.at, event.deadline)) {
    return 'DEADLINE_PASSED';
  }
  return 'INVALID_TRANSITION';
}

/** A representative event of each type, to ask `can()` what a caller may send now. */
export function noticeProbe(type: NoticeEventType, at: string, facts: { deadline: string; openAssignments: number }): NoticeEvent {
  switch (type) {
    case 'ISSUE':
      return { type, at, deadline: facts.deadline };
    case 'CLOSE':
      return { type, at, openAssignments: facts.openAssignments, comment: 'probe' };
    case 'RETURN':
      return { type, at, comment: 'probe' };
    case 'SUBMIT_FOR_CHECK':
    case 'APPROVE_CHECK':
    case 'SIGN':
    case 'REVOKE':
      return { type, at };
  }
}

/** What a person reads for each state. */
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  draft: '草稿',
  checking: '核稿中',
  signing: '待签发',
  signed: '已签发',
  issued: '已印发（收集中）',
  closed: '已办结',
  revoked: '已撤销',
};

/** What a person reads for each act (已办, history). */
export const NOTICE_EVENT_LABELS: Record<NoticeEventType, string> = {
  SUBMIT_FOR_CHECK: '送核稿',
  APPROVE_CHECK: '核稿通过',
  SIGN: '签发',
  RETURN: '退回修改',
  ISSUE: '印发',
  CLOSE: '办结',
  REVOKE: '撤销',
};

/**
 * The step each role owes a notice of its own commission in each state: what
 * its 待办 lists and names. Which events it may send there comes from `can()`;
 * a spec checks that each listed state has an event of that role.
 */
export const NOTICE_DUTIES: Partial<Record<Role, Partial<Record<NoticeState, string>>>> = {
  staff: { draft: '待送核稿', signed: '待印发', issued: '待办结' },
  leader: { checking: '待核稿', signing: '待签发' },
};

void eventsListed;
