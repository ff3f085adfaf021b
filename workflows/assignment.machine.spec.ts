import { describe, expect, it } from '@jest/globals';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import {
  ASSIGNMENT_EVENT_TYPES,
  ASSIGNMENT_STATES,
  assignmentMachine,
  assignmentProbe,
  assignmentRefusal,
  type AssignmentContext,
  type AssignmentEvent,
  type AssignmentEventType,
  type AssignmentSnapshot,
  type AssignmentState,
} from './assignment.machine.js';

// The reference round: tables are due before 2022-04-29 (Friday) 09:00 Beijing time.
const DEADLINE = '2022-04-29T01:00:00.000Z'; // 09:00:00.000 Beijing
const LAST_MS = '2022-04-29T00:59:59.999Z'; // 08:59:59.999 Beijing
const DURING = '2022-04-22T02:00:00.000Z'; // 10:00 Beijing, 22 April
const AFTER = '2022-04-29T02:00:00.000Z'; // 10:00 Beijing, the deadline day
const EXTENDED = '2022-05-06T01:00:00.000Z'; // 09:00 Beijing, a week later
const LATER_STILL = '2022-05-13T01:00:00.000Z'; // 09:00 Beijing, two weeks later

const acknowledge: AssignmentEvent = { type: 'ACKNOWLEDGE', at: DURING };
const saveDraft: AssignmentEvent = { type: 'SAVE_DRAFT', at: DURING };
const submit: AssignmentEvent = { type: 'SUBMIT', at: DURING };
const startReview: AssignmentEvent = { type: 'START_REVIEW', at: DURING };
const approve: AssignmentEvent = { type: 'APPROVE', at: DURING, comment: '同意' };
const returnIt: AssignmentEvent = { type: 'RETURN', at: DURING, reason: '监测指标缺少数据来源' };
const feedback: AssignmentEvent = { type: 'GIVE_FEEDBACK', at: DURING, feedback: '策略可行，按期报送进展' };
const deadlinePassed: AssignmentEvent = { type: 'DEADLINE_PASSED', at: DEADLINE };
const extendAfterDeadline: AssignmentEvent = { type: 'EXTEND_DEADLINE', at: AFTER, until: EXTENDED, reason: '中心主任出差' };

const SUBMIT_EFFECTS = ['freezeVersion', 'issueReceipt', 'sendToMailbox'];

interface Step {
  snapshot: AssignmentSnapshot;
  actions: string[];
}

function send(snapshot: AssignmentSnapshot, event: AssignmentEvent): Step {
  const [next, actions] = transition(assignmentMachine, snapshot, event);
  return { snapshot: next, actions: actions.map((a) => a.type) };
}

/** Builds an assignment by replaying events from a fresh one, as the runtime would. */
function replay(...events: AssignmentEvent[]): AssignmentSnapshot {
  let [snapshot] = initialTransition(assignmentMachine, { deadline: DEADLINE });
  for (const event of events) {
    expect(snapshot.can(event)).toBe(true); // a factory must not silently skip a refused step
    snapshot = send(snapshot, event).snapshot;
  }
  return snapshot;
}

const seedAssigned = () => replay();
const seedAcknowledged = () => replay(acknowledge);
const seedDrafting = () => replay(acknowledge, saveDraft);
const seedSubmitted = () => replay(acknowledge, saveDraft, submit);
const seedInReview = () => replay(acknowledge, saveDraft, submit, startReview);
const seedApproved = () => replay(acknowledge, saveDraft, submit, startReview, approve);
const seedReturned = () => replay(acknowledge, saveDraft, submit, startReview, returnIt);
const seedFeedbackGiven = () => replay(acknowledge, saveDraft, submit, startReview, approve, feedback);
const seedOverdueUnacknowledged = () => replay(deadlinePassed);
const seedOverdueAcknowledged = () => replay(acknowledge, saveDraft, deadlinePassed);
const seedClosed = () => replay({ type: 'CLOSE', at: DURING });

const seeds: Record<AssignmentState, () => AssignmentSnapshot> = {
  assigned: seedAssigned,
  acknowledged: seedAcknowledged,
  drafting: seedDrafting,
  submitted: seedSubmitted,
  inReview: seedInReview,
  approved: seedApproved,
  returned: seedReturned,
  feedbackGiven: seedFeedbackGiven,
  overdue: seedOverdueAcknowledged,
  closed: seedClosed,
};

const NON_FINAL_STATES = ASSIGNMENT_STATES.filter((s) => s !== 'closed');

/** The event types `can()` accepts, asked through `assignmentProbe`. */
function acceptedTypes(snapshot: AssignmentSnapshot, at: string): AssignmentEventType[] {
  return ASSIGNMENT_EVENT_TYPES.filter((type) => snapshot.can(assignmentProbe(type, at, snapshot.context)));
}

describe('assignment machine', () => {
  describe('receiving the notice (签收)', () => {
    it('starts assigned with the notice deadline as both effective and original deadline', () => {
      const [snapshot, actions] = initialTransition(assignmentMachine, { deadline: DEADLINE });

      const fresh: AssignmentContext = {
        deadline: DEADLINE,
        originalDeadline: DEADLINE,
        acknowledgedAt: null,
        versions: 0,
        lastSubmittedAt: null,
        extensions: 0,
        latePolicy: 'reject',
      };
      expect(snapshot.value).toBe('assigned');
      expect(snapshot.context).toEqual(fresh);
      expect(actions).toEqual([]);
    });

    it('records when the center acknowledges receipt', () => {
      const { snapshot, actions } = send(seedAssigned(), acknowledge);

      expect(snapshot.value).toBe('acknowledged');
      expect(snapshot.context.acknowledgedAt).toBe(DURING);
      expect(actions).toEqual([]);
    });

    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['acknowledged', seedAcknowledged],
      ['drafting', seedDrafting],
      ['returned', seedReturned],
    ])('moves to drafting on SAVE_DRAFT from %s, with no effects', (_state, seed) => {
      const before = seed();
      const { snapshot, actions } = send(before, { type: 'SAVE_DRAFT', at: LAST_MS });

      expect(snapshot.value).toBe('drafting');
      expect(snapshot.context.versions).toBe(before.context.versions);
      expect(actions).toEqual([]);
    });

    it('refuses SAVE_DRAFT before the center acknowledges receipt', () => {
      const assigned = seedAssigned();

      expect(assigned.can(saveDraft)).toBe(false);
      expect(assignmentRefusal(assigned, saveDraft)).toBe('INVALID_TRANSITION');
    });
  });

  describe('submitting a strategy table', () => {
    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['acknowledged', seedAcknowledged],
      ['drafting', seedDrafting],
      ['returned', seedReturned],
    ])('accepts SUBMIT from %s at 08:59:59.999 Beijing time (2022-04-29T00:59:59.999Z): freezes, receipts, mails', (_state, seed) => {
      const before = seed();
      const { snapshot, actions } = send(before, { type: 'SUBMIT', at: LAST_MS });

      expect(snapshot.value).toBe('submitted');
      expect(actions).toEqual(SUBMIT_EFFECTS);
      expect(snapshot.context.versions).toBe(before.context.versions + 1);
      expect(snapshot.context.lastSubmittedAt).toBe(LAST_MS);
    });

    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['acknowledged', seedAcknowledged],
      ['drafting', seedDrafting],
      ['returned', seedReturned],
    ])('refuses SUBMIT from %s at 09:00:00 Beijing time (2022-04-29T01:00:00.000Z) with DEADLINE_PASSED', (state, seed) => {
      const before = seed();
      const late: AssignmentEvent = { type: 'SUBMIT', at: DEADLINE };

      expect(before.can(late)).toBe(false);
      expect(assignmentRefusal(before, late)).toBe('DEADLINE_PASSED');
      const { snapshot, actions } = send(before, late);
      expect(snapshot.value).toBe(state);
      expect(snapshot.context.versions).toBe(before.context.versions);
      expect(actions).toEqual([]);
    });

    it('accepts a submission stamped 08:59:59.999+08:00 and refuses one stamped 09:00:00+08:00', () => {
      const drafting = seedDrafting();
      const onTime: AssignmentEvent = { type: 'SUBMIT', at: '2022-04-29T08:59:59.999+08:00' };
      const late: AssignmentEvent = { type: 'SUBMIT', at: '2022-04-29T09:00:00+08:00' };

      expect(drafting.can(onTime)).toBe(true);
      expect(drafting.can(late)).toBe(false);
      expect(assignmentRefusal(drafting, late)).toBe('DEADLINE_PASSED');
    });

    it('refuses SUBMIT before the center acknowledges receipt with INVALID_TRANSITION, before and after the deadline', () => {
      const assigned = seedAssigned();

      expect(assigned.can(submit)).toBe(false);
      expect(assignmentRefusal(assigned, submit)).toBe('INVALID_TRANSITION');
      expect(assignmentRefusal(assigned, { type: 'SUBMIT', at: AFTER })).toBe('INVALID_TRANSITION');
    });

    it('refuses a second SUBMIT of the same version with INVALID_TRANSITION', () => {
      const submitted = seedSubmitted();

      expect(submitted.can(submit)).toBe(false);
      expect(assignmentRefusal(submitted, submit)).toBe('INVALID_TRANSITION');
    });

    it('refuses SUBMIT once overdue with DEADLINE_PASSED', () => {
      const overdue = seedOverdueAcknowledged();
      const late: AssignmentEvent = { type: 'SUBMIT', at: AFTER };

      expect(overdue.can(late)).toBe(false);
      expect(assignmentRefusal(overdue, late)).toBe('DEADLINE_PASSED');
    });

    it('lets the center WITHDRAW a submitted version back to drafting and counts the next one as version 2', () => {
      const withdrawn = send(seedSubmitted(), { type: 'WITHDRAW', at: DURING });

      expect(withdrawn.snapshot.value).toBe('drafting');
      expect(withdrawn.actions).toEqual([]);
      expect(withdrawn.snapshot.context.versions).toBe(1);

      const resubmitted = send(withdrawn.snapshot, { type: 'SUBMIT', at: LAST_MS });
      expect(resubmitted.snapshot.value).toBe('submitted');
      expect(resubmitted.snapshot.context.versions).toBe(2);
      expect(resubmitted.snapshot.context.lastSubmittedAt).toBe(LAST_MS);
    });

    it('refuses WITHDRAW once the review has started', () => {
      const inReview = seedInReview();
      const withdraw: AssignmentEvent = { type: 'WITHDRAW', at: DURING };

      expect(inReview.can(withdraw)).toBe(false);
      expect(assignmentRefusal(inReview, withdraw)).toBe('INVALID_TRANSITION');
    });
  });

  describe('lateness (逾期报送) is decided by the first submission', () => {
    const RESUBMIT_BY = '2022-05-06T10:00:00.000Z'; // 18:00 Beijing, the resubmission time a return gives
    const returnedAfterDeadline: AssignmentEvent = { type: 'RETURN', at: AFTER, reason: '目标值缺少依据', resubmitBy: RESUBMIT_BY };
    const startReviewAfter: AssignmentEvent = { type: 'START_REVIEW', at: AFTER };
    const resubmit: AssignmentEvent = { type: 'SUBMIT', at: '2022-05-05T02:00:00.000Z' }; // 10:00 Beijing, 5 May

    it('flags nothing late for a center that submitted on time, was returned after the deadline and resubmitted promptly', () => {
      const first = send(seedDrafting(), { type: 'SUBMIT', at: LAST_MS }).snapshot;
      expect(first.context.submittedLate).toBe(false);

      const returned = send(send(first, startReviewAfter).snapshot, returnedAfterDeadline).snapshot;
      expect(returned.value).toBe('returned');
      const { snapshot } = send(returned, resubmit);

      expect(snapshot.value).toBe('submitted');
      expect(snapshot.context.versions).toBe(2);
      expect(snapshot.context.submittedLate).toBe(false);
    });

    it('flags a first submission at 09:00:00 late where the notice takes late tables, and not the version resubmitted after a return', () => {
      let [snapshot] = initialTransition(assignmentMachine, { deadline: DEADLINE, latePolicy: 'accept-late' });
      snapshot = send(send(snapshot, acknowledge).snapshot, { type: 'SUBMIT', at: DEADLINE }).snapshot;
      expect(snapshot.context.submittedLate).toBe(true);

      snapshot = send(send(snapshot, startReviewAfter).snapshot, returnedAfterDeadline).snapshot;
      snapshot = send(snapshot, resubmit).snapshot;
      expect(snapshot.context.versions).toBe(2);
      expect(snapshot.context.submittedLate).toBe(false);
    });

    it('still flags late a first submission let in by an extension, measured against the notice’s deadline', () => {
      const extended = replay(acknowledge, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' });

      expect(send(extended, { type: 'SUBMIT', at: DEADLINE }).snapshot.context.submittedLate).toBe(true);
      expect(send(extended, { type: 'SUBMIT', at: LAST_MS }).snapshot.context.submittedLate).toBe(false);
    });
  });

  describe('reviewing (审核)', () => {
    it('moves a submitted table into review on START_REVIEW', () => {
      const { snapshot, actions } = send(seedSubmitted(), startReview);

      expect(snapshot.value).toBe('inReview');
      expect(actions).toEqual([]);
    });

    it('approves a table in review with recordReview and notifyApproved', () => {
      const { snapshot, actions } = send(seedInReview(), approve);

      expect(snapshot.value).toBe('approved');
      expect(actions).toEqual(['recordReview', 'notifyApproved']);
    });

    it('returns a table in review (退回) with recordReview and notifyReturned', () => {
      const { snapshot, actions } = send(seedInReview(), returnIt);

      expect(snapshot.value).toBe('returned');
      expect(snapshot.context.versions).toBe(1);
      expect(actions).toEqual(['recordReview', 'notifyReturned', 'replanDeadline']);
    });

    it('takes a returned table through a second round: resubmitted as version 2, reviewed, approved', () => {
      const approvedSecond = replay(acknowledge, submit, startReview, returnIt, saveDraft, submit, startReview, approve);

      expect(approvedSecond.value).toBe('approved');
      expect(approvedSecond.context.versions).toBe(2);
    });

    it.each<[AssignmentEventType, AssignmentEvent]>([
      ['APPROVE', approve],
      ['RETURN', returnIt],
    ])('refuses %s on a submitted table whose review has not started', (_type, event) => {
      const submitted = seedSubmitted();

      expect(submitted.can(event)).toBe(false);
      expect(assignmentRefusal(submitted, event)).toBe('INVALID_TRANSITION');
    });
  });

  describe('feedback (反馈)', () => {
    it('gives feedback on an approved table with notifyFeedback', () => {
      const { snapshot, actions } = send(seedApproved(), feedback);

      expect(snapshot.value).toBe('feedbackGiven');
      expect(actions).toEqual(['notifyFeedback']);
    });

    it('gives feedback again, notifying each time', () => {
      const { snapshot, actions } = send(seedFeedbackGiven(), { type: 'GIVE_FEEDBACK', at: AFTER, feedback: '补充培训计划' });

      expect(snapshot.value).toBe('feedbackGiven');
      expect(actions).toEqual(['notifyFeedback']);
    });

    it('refuses feedback on a table still in review', () => {
      const inReview = seedInReview();

      expect(inReview.can(feedback)).toBe(false);
      expect(assignmentRefusal(inReview, feedback)).toBe('INVALID_TRANSITION');
    });
  });

  describe('the deadline (逾期)', () => {
    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['assigned', seedAssigned],
      ['acknowledged', seedAcknowledged],
      ['drafting', seedDrafting],
      ['returned', seedReturned],
    ])('makes a center in %s overdue at 09:00:00 Beijing time (2022-04-29T01:00:00.000Z)', (_state, seed) => {
      const { snapshot, actions } = send(seed(), deadlinePassed);

      expect(snapshot.value).toBe('overdue');
      expect(actions).toEqual([]);
    });

    it('refuses DEADLINE_PASSED at 08:59:59.999 Beijing time (2022-04-29T00:59:59.999Z)', () => {
      const drafting = seedDrafting();
      const early: AssignmentEvent = { type: 'DEADLINE_PASSED', at: LAST_MS };

      expect(drafting.can(early)).toBe(false);
      expect(assignmentRefusal(drafting, early)).toBe('INVALID_TRANSITION');
      expect(send(drafting, early).snapshot.value).toBe('drafting');
    });

    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['submitted', seedSubmitted],
      ['inReview', seedInReview],
      ['approved', seedApproved],
      ['feedbackGiven', seedFeedbackGiven],
    ])('leaves a center that submitted on time in %s when the deadline passes', (_state, seed) => {
      const snapshot = seed();
      const late: AssignmentEvent = { type: 'DEADLINE_PASSED', at: AFTER };

      expect(snapshot.can(late)).toBe(false);
      expect(assignmentRefusal(snapshot, late)).toBe('INVALID_TRANSITION');
    });

    it('lets an overdue center keep saving drafts while staying overdue', () => {
      const { snapshot, actions } = send(seedOverdueAcknowledged(), { type: 'SAVE_DRAFT', at: AFTER });

      expect(snapshot.value).toBe('overdue');
      expect(actions).toEqual([]);
    });
  });

  describe('extensions (延期)', () => {
    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['assigned', seedAssigned],
      ['acknowledged', seedAcknowledged],
      ['drafting', seedDrafting],
      ['returned', seedReturned],
    ])('moves the deadline of a center in %s and keeps the original, with notifyExtension', (state, seed) => {
      const { snapshot, actions } = send(seed(), { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '数据尚未齐全' });

      expect(snapshot.value).toBe(state);
      expect(snapshot.context.deadline).toBe(EXTENDED);
      expect(snapshot.context.originalDeadline).toBe(DEADLINE);
      expect(snapshot.context.extensions).toBe(1);
      expect(actions).toEqual(['notifyExtension', 'replanDeadline']);
    });

    it('counts a second extension and moves the deadline again', () => {
      const once = replay(acknowledge, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '一' });
      const { snapshot } = send(once, { type: 'EXTEND_DEADLINE', at: AFTER, until: LATER_STILL, reason: '二' });

      expect(snapshot.context.deadline).toBe(LATER_STILL);
      expect(snapshot.context.originalDeadline).toBe(DEADLINE);
      expect(snapshot.context.extensions).toBe(2);
    });

    it.each<[string, AssignmentEvent]>([
      ['to the current deadline', { type: 'EXTEND_DEADLINE', at: DURING, until: DEADLINE, reason: '同一时间' }],
      ['to an earlier instant', { type: 'EXTEND_DEADLINE', at: DURING, until: LAST_MS, reason: '提前' }],
      ['to an instant already past when granted', { type: 'EXTEND_DEADLINE', at: LATER_STILL, until: EXTENDED, reason: '补办' }],
      ['to an instant equal to when it is granted', { type: 'EXTEND_DEADLINE', at: EXTENDED, until: EXTENDED, reason: '当场' }],
    ])('refuses an extension %s', (_case, event) => {
      const drafting = seedDrafting();

      expect(drafting.can(event)).toBe(false);
      expect(assignmentRefusal(drafting, event)).toBe('INVALID_TRANSITION');
      const { snapshot, actions } = send(drafting, event);
      expect(snapshot.context.deadline).toBe(DEADLINE);
      expect(snapshot.context.extensions).toBe(0);
      expect(actions).toEqual([]);
    });

    it('accepts SUBMIT at 09:00:00 Beijing time on 29 April once the deadline is extended', () => {
      const extended = replay(acknowledge, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' });
      const { snapshot, actions } = send(extended, { type: 'SUBMIT', at: DEADLINE });

      expect(snapshot.value).toBe('submitted');
      expect(actions).toEqual(SUBMIT_EFFECTS);
    });

    it('refuses SUBMIT at the extended deadline (2022-05-06 09:00:00 Beijing) with DEADLINE_PASSED', () => {
      const extended = replay(acknowledge, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' });
      const late: AssignmentEvent = { type: 'SUBMIT', at: EXTENDED };

      expect(extended.can(late)).toBe(false);
      expect(assignmentRefusal(extended, late)).toBe('DEADLINE_PASSED');
    });

    it('refuses the stale 29 April timer after an extension, and takes the timer of the extended deadline', () => {
      const extended = replay(acknowledge, saveDraft, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' });

      expect(extended.can(deadlinePassed)).toBe(false);
      expect(assignmentRefusal(extended, deadlinePassed)).toBe('INVALID_TRANSITION');
      expect(send(extended, deadlinePassed).snapshot.value).toBe('drafting');

      const { snapshot } = send(extended, { type: 'DEADLINE_PASSED', at: EXTENDED });
      expect(snapshot.value).toBe('overdue');
    });

    it('sends an overdue center that had acknowledged back to drafting', () => {
      const { snapshot, actions } = send(seedOverdueAcknowledged(), extendAfterDeadline);

      expect(snapshot.value).toBe('drafting');
      expect(snapshot.context.deadline).toBe(EXTENDED);
      expect(snapshot.context.originalDeadline).toBe(DEADLINE);
      expect(snapshot.context.extensions).toBe(1);
      expect(actions).toEqual(['notifyExtension', 'replanDeadline']);
    });

    it('sends an overdue center that never acknowledged back to assigned', () => {
      const { snapshot, actions } = send(seedOverdueUnacknowledged(), extendAfterDeadline);

      expect(snapshot.value).toBe('assigned');
      expect(snapshot.context.acknowledgedAt).toBeNull();
      expect(snapshot.context.deadline).toBe(EXTENDED);
      expect(actions).toEqual(['notifyExtension', 'replanDeadline']);
    });

    it('sends a returned table that went overdue back to drafting, and takes its version 2 before the new deadline', () => {
      const overdue = replay(acknowledge, submit, startReview, returnIt, { type: 'DEADLINE_PASSED', at: AFTER });
      const extended = send(overdue, extendAfterDeadline).snapshot;
      const { snapshot } = send(extended, { type: 'SUBMIT', at: '2022-05-06T00:59:59.999Z' });

      expect(extended.value).toBe('drafting');
      expect(snapshot.value).toBe('submitted');
      expect(snapshot.context.versions).toBe(2);
    });

    it('refuses to lift an overdue center with an extension that is not later', () => {
      const overdue = seedOverdueAcknowledged();
      const notLater: AssignmentEvent = { type: 'EXTEND_DEADLINE', at: AFTER, until: DEADLINE, reason: '无效' };

      expect(overdue.can(notLater)).toBe(false);
      expect(send(overdue, notLater).snapshot.value).toBe('overdue');
    });

    it.each<[AssignmentState, () => AssignmentSnapshot]>([
      ['submitted', seedSubmitted],
      ['inReview', seedInReview],
      ['approved', seedApproved],
      ['feedbackGiven', seedFeedbackGiven],
    ])('refuses an extension for a center in %s', (_state, seed) => {
      const snapshot = seed();
      const event: AssignmentEvent = { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' };

      expect(snapshot.can(event)).toBe(false);
      expect(assignmentRefusal(snapshot, event)).toBe('INVALID_TRANSITION');
    });
  });

  describe('closing (办结)', () => {
    it.each(NON_FINAL_STATES)('closes an assignment in %s, which then is final', (state) => {
      const before = seeds[state]();
      const close: AssignmentEvent = { type: 'CLOSE', at: AFTER };

      expect(before.value).toBe(state);
      expect(before.can(close)).toBe(true);
      const { snapshot, actions } = send(before, close);
      expect(snapshot.value).toBe('closed');
      expect(snapshot.status).toBe('done');
      expect(actions).toEqual([]);
    });

    it('closes an overdue center that never acknowledged', () => {
      const { snapshot } = send(seedOverdueUnacknowledged(), { type: 'CLOSE', at: AFTER });

      expect(snapshot.value).toBe('closed');
      expect(snapshot.status).toBe('done');
    });

    it.each(ASSIGNMENT_EVENT_TYPES)('refuses %s once closed', (type) => {
      const closed = seedClosed();
      const event = assignmentProbe(type, DURING, closed.context);

      expect(closed.status).toBe('done');
      expect(closed.can(event)).toBe(false);
      expect(assignmentRefusal(closed, event)).toBe('INVALID_TRANSITION');
    });
  });

  describe('what each state accepts (can() with assignmentProbe)', () => {
    it.each<[AssignmentState, AssignmentEventType[]]>([
      ['assigned', ['ACKNOWLEDGE', 'EXTEND_DEADLINE', 'CLOSE']],
      ['acknowledged', ['SAVE_DRAFT', 'SUBMIT', 'EXTEND_DEADLINE', 'CLOSE']],
      ['drafting', ['SAVE_DRAFT', 'SUBMIT', 'EXTEND_DEADLINE', 'CLOSE']],
      ['submitted', ['WITHDRAW', 'START_REVIEW', 'CLOSE']],
      ['inReview', ['APPROVE', 'RETURN', 'CLOSE']],
      ['approved', ['GIVE_FEEDBACK', 'CLOSE']],
      ['returned', ['SAVE_DRAFT', 'SUBMIT', 'EXTEND_DEADLINE', 'CLOSE']],
      ['feedbackGiven', ['GIVE_FEEDBACK', 'CLOSE']],
    ])('accepts in %s exactly %j at 08:59:59.999 Beijing time, refusing the rest as INVALID_TRANSITION', (state, expected) => {
      const snapshot = seeds[state]();

      expect(acceptedTypes(snapshot, LAST_MS)).toEqual(expected);
      for (const type of ASSIGNMENT_EVENT_TYPES.filter((t) => !expected.includes(t))) {
        expect([type, assignmentRefusal(snapshot, assignmentProbe(type, LAST_MS, snapshot.context))]).toEqual([type, 'INVALID_TRANSITION']);
      }
    });

    it.each<[AssignmentState, AssignmentEventType[], AssignmentEventType[]]>([
      ['assigned', ['ACKNOWLEDGE', 'EXTEND_DEADLINE', 'DEADLINE_PASSED', 'CLOSE'], []],
      ['acknowledged', ['SAVE_DRAFT', 'EXTEND_DEADLINE', 'DEADLINE_PASSED', 'CLOSE'], ['SUBMIT']],
      ['drafting', ['SAVE_DRAFT', 'EXTEND_DEADLINE', 'DEADLINE_PASSED', 'CLOSE'], ['SUBMIT']],
      ['submitted', ['START_REVIEW', 'CLOSE'], ['WITHDRAW']],
      ['inReview', ['APPROVE', 'RETURN', 'CLOSE'], []],
      ['approved', ['GIVE_FEEDBACK', 'CLOSE'], []],
      ['returned', ['SAVE_DRAFT', 'EXTEND_DEADLINE', 'DEADLINE_PASSED', 'CLOSE'], ['SUBMIT']],
      ['feedbackGiven', ['GIVE_FEEDBACK', 'CLOSE'], []],
      ['overdue', ['SAVE_DRAFT', 'EXTEND_DEADLINE', 'CLOSE'], ['SUBMIT']],
    ])(
      'accepts in %s exactly %j at 09:00:00 Beijing time, refusing %j as DEADLINE_PASSED and the rest as INVALID_TRANSITION',
      (state, expected, deadlinePassedTypes) => {
        const snapshot = seeds[state]();

        expect(acceptedTypes(snapshot, DEADLINE)).toEqual(expected);
        for (const type of ASSIGNMENT_EVENT_TYPES.filter((t) => !expected.includes(t))) {
          const refusal = deadlinePassedTypes.includes(type) ? 'DEADLINE_PASSED' : 'INVALID_TRANSITION';
          expect([type, assignmentRefusal(snapshot, assignmentProbe(type, DEADLINE, snapshot.context))]).toEqual([type, refusal]);
        }
      },
    );

    it('builds an EXTEND_DEADLINE probe later than both the deadline and the instant asked about', () => {
      const context = seedDrafting().context;
      const probe = assignmentProbe('EXTEND_DEADLINE', AFTER, context);

      expect(probe.type).toBe('EXTEND_DEADLINE');
      if (probe.type === 'EXTEND_DEADLINE') {
        expect(Date.parse(probe.until)).toBeGreaterThan(Date.parse(AFTER));
        expect(Date.parse(probe.until)).toBeGreaterThan(Date.parse(context.deadline));
      }
    });
  });

  describe('model-based paths', () => {
    const events: AssignmentEvent[] = [
      acknowledge,
      saveDraft,
      submit,
      { type: 'WITHDRAW', at: DURING },
      startReview,
      approve,
      returnIt,
      feedback,
      { type: 'DEADLINE_PASSED', at: LAST_MS },
      { type: 'CLOSE', at: DURING },
      // One instant after the deadline.
      { type: 'SUBMIT', at: AFTER },
      { type: 'DEADLINE_PASSED', at: AFTER },
      extendAfterDeadline,
    ];
    // Context holds times, so graph vertices are told apart by state value only.
    const byValue = {
      input: { deadline: DEADLINE },
      events,
      serializeState: (s: AssignmentSnapshot) => JSON.stringify(s.value),
    };
    // By value alone, "overdue after acknowledging" folds into "overdue before
    // acknowledging" (found first), so the graph never sees overdue → drafting.
    const byValueAndAcknowledgement = {
      ...byValue,
      serializeState: (s: AssignmentSnapshot) => JSON.stringify([s.value, s.context.acknowledgedAt !== null]),
    };

    interface TraceStep {
      event: AssignmentEvent;
      previous: AssignmentSnapshot;
      snapshot: AssignmentSnapshot;
    }

    /**
     * A vertex keeps the context of whichever snapshot reached it first, so a
     * path's contexts need not belong together. Replaying the path's events
     * through the machine gives the contexts a real assignment would have.
     */
    function trace(steps: ReadonlyArray<{ event: AssignmentEvent }>): TraceStep[] {
      let [snapshot] = initialTransition(assignmentMachine, { deadline: DEADLINE });
      return steps.slice(1).map(({ event }) => {
        const previous = snapshot;
        snapshot = send(previous, event).snapshot;
        return { event, previous, snapshot };
      });
    }

    const traversals = [
      { name: 'vertices by state value', paths: getSimplePaths(assignmentMachine, byValue) },
      { name: 'vertices by state value and acknowledgement', paths: getSimplePaths(assignmentMachine, byValueAndAcknowledgement) },
    ].map(({ name, paths }) => ({ name, paths, traces: paths.map((path) => trace(path.steps)) }));

    it('reaches every state in ASSIGNMENT_STATES, and no other', () => {
      const reached = getShortestPaths(assignmentMachine, byValue).map((p) => p.state.value);

      expect([...reached].sort()).toEqual([...ASSIGNMENT_STATES].sort());
    });

    it('lifts an overdue center by an extension to drafting when it had acknowledged, else to assigned', () => {
      const [, withAcknowledgement] = traversals;
      let lifted = 0;

      // overdue → assigned returns to the initial vertex, so only unit tests above see it on a path.
      for (const steps of withAcknowledgement.traces) {
        for (const { event, previous, snapshot } of steps) {
          if (previous.value === 'overdue' && event.type === 'EXTEND_DEADLINE') {
            lifted += 1;
            expect(snapshot.value).toBe(previous.context.acknowledgedAt === null ? 'assigned' : 'drafting');
            expect(snapshot.context.deadline).toBe(EXTENDED);
          }
        }
      }
      expect(lifted).toBeGreaterThan(0);
    });

    it('never moves the deadline earlier nor changes the original deadline', () => {
      let extensions = 0;

      for (const { traces } of traversals) {
        for (const steps of traces) {
          for (const { previous, snapshot } of steps) {
            expect(Date.parse(snapshot.context.deadline)).toBeGreaterThanOrEqual(Date.parse(previous.context.deadline));
            expect(snapshot.context.originalDeadline).toBe(DEADLINE);
            extensions += snapshot.context.extensions - previous.context.extensions;
          }
        }
      }
      expect(extensions).toBeGreaterThan(0);
    });

    describe.each(traversals)('on every simple path ($name)', ({ paths, traces }) => {
      it('replays the path through the machine to the same states', () => {
        expect(paths.length).toBeGreaterThan(ASSIGNMENT_STATES.length);
        paths.forEach((path, i) => {
          expect(traces[i].map((s) => s.snapshot.value)).toEqual(path.steps.slice(1).map((s) => s.state.value));
        });
      });

      it('has counted at least one version whenever submitted is entered, one per SUBMIT taken', () => {
        let submittedSteps = 0;

        for (const steps of traces) {
          let submits = 0;
          for (const { event, previous, snapshot } of steps) {
            if (event.type === 'SUBMIT' && previous.value !== snapshot.value) {
              submits += 1;
            }
            if (snapshot.value === 'submitted') {
              submittedSteps += 1;
              expect(snapshot.context.versions).toBeGreaterThanOrEqual(1);
              expect(snapshot.context.versions).toBe(submits);
              expect(snapshot.context.lastSubmittedAt).not.toBeNull();
            }
          }
        }
        expect(submittedSteps).toBeGreaterThan(0);
      });

      it('never reaches approved without passing inReview', () => {
        let approvals = 0;

        for (const path of paths) {
          const seen: string[] = [];
          for (const step of path.steps) {
            if (step.state.value === 'approved') {
              approvals += 1;
              expect(seen).toContain('inReview');
              expect(seen.at(-1)).toBe('inReview');
            }
            seen.push(String(step.state.value));
          }
        }
        expect(approvals).toBeGreaterThan(0);
      });

      it('enters overdue only by a DEADLINE_PASSED at or after the effective deadline', () => {
        let overdueEntries = 0;

        for (const steps of traces) {
          for (const { event, previous, snapshot } of steps) {
            if (snapshot.value === 'overdue' && previous.value !== 'overdue') {
              overdueEntries += 1;
              expect(event.type).toBe('DEADLINE_PASSED');
              expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(previous.context.deadline));
            }
          }
        }
        expect(overdueEntries).toBeGreaterThan(0);
      });
    });
  });

  describe('persisted snapshot', () => {
    function roundTrip(snapshot: AssignmentSnapshot): AssignmentSnapshot {
      const stored = JSON.stringify({ value: snapshot.value, context: snapshot.context });
      const { value, context } = JSON.parse(stored) as { value: AssignmentState; context: AssignmentContext };
      return assignmentMachine.resolveState({ value, context });
    }

    it('restores a returned table from JSON and resubmits it as version 2', () => {
      const restored = roundTrip(seedReturned());

      expect(restored.value).toBe('returned');
      expect(restored.status).toBe('active');
      expect(restored.context.versions).toBe(1);

      const { snapshot, actions } = send(restored, { type: 'SUBMIT', at: LAST_MS });
      expect(snapshot.value).toBe('submitted');
      expect(snapshot.context.versions).toBe(2);
      expect(actions).toEqual(SUBMIT_EFFECTS);
    });

    it('restores an extended deadline from JSON: the 29 April timer stays stale and 09:00:00 submission is taken', () => {
      const extended = replay(acknowledge, saveDraft, { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '延期' });
      const restored = roundTrip(extended);

      expect(restored.context.deadline).toBe(EXTENDED);
      expect(restored.context.originalDeadline).toBe(DEADLINE);
      expect(restored.can(deadlinePassed)).toBe(false);
      expect(send(restored, { type: 'SUBMIT', at: DEADLINE }).snapshot.value).toBe('submitted');
    });

    it('restores an overdue center from JSON and lifts it with an extension', () => {
      const restored = roundTrip(seedOverdueAcknowledged());

      expect(restored.value).toBe('overdue');
      expect(send(restored, extendAfterDeadline).snapshot.value).toBe('drafting');
    });

    it('restores a closed assignment as done', () => {
      const restored = roundTrip(seedClosed());

      expect(restored.value).toBe('closed');
      expect(restored.status).toBe('done');
      expect(restored.can(feedback)).toBe(false);
    });
  });

  describe('deadline policies', () => {
    const accepting = () => {
      let [snapshot] = initialTransition(assignmentMachine, { deadline: DEADLINE, latePolicy: 'accept-late' });
      for (const event of [{ type: 'ACKNOWLEDGE', at: DURING }] as AssignmentEvent[]) snapshot = send(snapshot, event).snapshot;
      return snapshot;
    };

    it('takes a SUBMIT at 09:00:00 when the notice accepts late tables', () => {
      const { snapshot, actions } = send(accepting(), { type: 'SUBMIT', at: DEADLINE });
      expect(snapshot.value).toBe('submitted');
      expect(actions).toEqual(['freezeVersion', 'issueReceipt', 'sendToMailbox']);
    });

    it('lets an overdue center submit late only under accept-late', () => {
      const overdueAccepting = send(accepting(), { type: 'DEADLINE_PASSED', at: DEADLINE }).snapshot;
      expect(overdueAccepting.value).toBe('overdue');
      expect(send(overdueAccepting, { type: 'SUBMIT', at: AFTER }).snapshot.value).toBe('submitted');
      const overdueRejecting = replay({ type: 'ACKNOWLEDGE', at: DURING }, { type: 'DEADLINE_PASSED', at: DEADLINE });
      expect(overdueRejecting.can({ type: 'SUBMIT', at: AFTER })).toBe(false);
      expect(assignmentRefusal(overdueRejecting, { type: 'SUBMIT', at: AFTER })).toBe('DEADLINE_PASSED');
    });

    it('gives a returned center until the resubmission deadline when that is later, and never shortens the deadline', () => {
      const inReview = replay({ type: 'ACKNOWLEDGE', at: DURING }, { type: 'SUBMIT', at: DURING }, { type: 'START_REVIEW', at: DURING });
      const later = new Date(Date.parse(DEADLINE) + 5 * 86_400_000).toISOString();
      const earlier = new Date(Date.parse(DEADLINE) - 86_400_000).toISOString();
      expect(send(inReview, { type: 'RETURN', at: DURING, reason: '请补充', resubmitBy: later }).snapshot.context.deadline).toBe(later);
      expect(send(inReview, { type: 'RETURN', at: DURING, reason: '请补充', resubmitBy: earlier }).snapshot.context.deadline).toBe(DEADLINE);
      expect(send(inReview, { type: 'RETURN', at: DURING, reason: '请补充' }).snapshot.context.originalDeadline).toBe(DEADLINE);
    });
  });
});
