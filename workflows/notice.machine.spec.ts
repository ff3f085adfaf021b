import { describe, expect, it } from '@jest/globals';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import {
  NOTICE_EVENT_TYPES,
  NOTICE_STATES,
  noticeMachine,
  noticeProbe,
  noticeRefusal,
  type NoticeContext,
  type NoticeEvent,
  type NoticeEventType,
  type NoticeSnapshot,
  type NoticeState,
} from './notice.machine.js';

// The reference round: tables are due before 2022-04-29 (Friday) 09:00 Beijing time.
const DEADLINE = '2022-04-29T01:00:00.000Z'; // 09:00:00.000 Beijing
const LAST_MS = '2022-04-29T00:59:59.999Z'; // 08:59:59.999 Beijing
const DRAFTED_AT = '2022-04-18T01:30:00.000Z'; // 09:30 Beijing, 18 April
const ISSUED_AT = '2022-04-20T02:00:00.000Z'; // 10:00 Beijing, 20 April
const AFTER = '2022-04-29T02:00:00.000Z'; // 10:00 Beijing, the deadline day

const submitForCheck: NoticeEvent = { type: 'SUBMIT_FOR_CHECK', at: DRAFTED_AT };
const approveCheck: NoticeEvent = { type: 'APPROVE_CHECK', at: DRAFTED_AT, comment: '同意' };
const sign: NoticeEvent = { type: 'SIGN', at: DRAFTED_AT };
const issue: NoticeEvent = { type: 'ISSUE', at: ISSUED_AT, deadline: DEADLINE };

interface Step {
  snapshot: NoticeSnapshot;
  actions: string[];
}

function send(snapshot: NoticeSnapshot, event: NoticeEvent): Step {
  const [next, actions] = transition(noticeMachine, snapshot, event);
  return { snapshot: next, actions: actions.map((a) => a.type) };
}

/** Builds a notice by replaying events from a fresh draft, as the runtime would. */
function replay(...events: NoticeEvent[]): NoticeSnapshot {
  let [snapshot] = initialTransition(noticeMachine);
  for (const event of events) {
    const before = snapshot;
    expect(before.can(event)).toBe(true); // a factory must not silently skip a refused step
    snapshot = send(before, event).snapshot;
  }
  return snapshot;
}

const seedDraft = () => replay();
const seedChecking = () => replay(submitForCheck);
const seedSigning = () => replay(submitForCheck, approveCheck);
const seedSigned = () => replay(submitForCheck, approveCheck, sign);
const seedIssued = () => replay(submitForCheck, approveCheck, sign, issue);
const seedClosed = () => replay(submitForCheck, approveCheck, sign, issue, { type: 'CLOSE', at: ISSUED_AT, openAssignments: 0 });
const seedRevoked = () => replay({ type: 'REVOKE', at: DRAFTED_AT });

const seeds: Record<NoticeState, () => NoticeSnapshot> = {
  draft: seedDraft,
  checking: seedChecking,
  signing: seedSigning,
  signed: seedSigned,
  issued: seedIssued,
  closed: seedClosed,
  revoked: seedRevoked,
};

/** The event types `can()` accepts, asked through `noticeProbe`. */
function acceptedTypes(snapshot: NoticeSnapshot, at: string, facts: { deadline: string; openAssignments: number }): NoticeEventType[] {
  return NOTICE_EVENT_TYPES.filter((type) => snapshot.can(noticeProbe(type, at, facts)));
}

describe('notice machine', () => {
  describe('drafting, checking (核稿) and sign-off (签发)', () => {
    it('starts as a draft with no deadline and no return comment', () => {
      const [snapshot, actions] = initialTransition(noticeMachine);

      expect(snapshot.value).toBe('draft');
      expect(snapshot.status).toBe('active');
      const fresh: NoticeContext = { deadline: null, returnComment: null };
      expect(snapshot.context).toEqual(fresh);
      expect(actions).toEqual([]);
    });

    it('moves a draft to checking on SUBMIT_FOR_CHECK, with no effects', () => {
      const { snapshot, actions } = send(seedDraft(), submitForCheck);

      expect(snapshot.value).toBe('checking');
      expect(actions).toEqual([]);
    });

    it('moves a checked notice to signing on APPROVE_CHECK', () => {
      const { snapshot, actions } = send(seedChecking(), approveCheck);

      expect(snapshot.value).toBe('signing');
      expect(actions).toEqual([]);
    });

    it('moves a signed-off notice to signed on SIGN', () => {
      const { snapshot, actions } = send(seedSigning(), sign);

      expect(snapshot.value).toBe('signed');
      expect(snapshot.context.deadline).toBeNull();
      expect(actions).toEqual([]);
    });

    it.each<[NoticeState, () => NoticeSnapshot]>([
      ['checking', seedChecking],
      ['signing', seedSigning],
    ])('sends the notice back from %s to the drafter on RETURN, keeping the comment', (_state, seed) => {
      const { snapshot, actions } = send(seed(), { type: 'RETURN', at: DRAFTED_AT, comment: '附件2分工表缺少牵头中心' });

      expect(snapshot.value).toBe('draft');
      expect(snapshot.context.returnComment).toBe('附件2分工表缺少牵头中心');
      expect(actions).toEqual([]);
    });

    it('keeps the comment of the last RETURN when a returned draft goes round again', () => {
      const returnedTwice = replay(submitForCheck, { type: 'RETURN', at: DRAFTED_AT, comment: '核稿：标题有误' }, submitForCheck, approveCheck, {
        type: 'RETURN',
        at: DRAFTED_AT,
        comment: '签发：截止时间待定',
      });

      expect(returnedTwice.value).toBe('draft');
      expect(returnedTwice.context.returnComment).toBe('签发：截止时间待定');
      expect(send(returnedTwice, submitForCheck).snapshot.value).toBe('checking');
    });

    it.each<[NoticeState, () => NoticeSnapshot]>([
      ['draft', seedDraft],
      ['signed', seedSigned],
      ['issued', seedIssued],
    ])('refuses RETURN in %s with INVALID_TRANSITION', (_state, seed) => {
      const snapshot = seed();
      const event: NoticeEvent = { type: 'RETURN', at: DRAFTED_AT, comment: '退回' };

      expect(snapshot.can(event)).toBe(false);
      expect(noticeRefusal(snapshot, event)).toBe('INVALID_TRANSITION');
    });

    it('refuses SIGN before the check is approved', () => {
      const snapshot = seedChecking();

      expect(snapshot.can(sign)).toBe(false);
      expect(noticeRefusal(snapshot, sign)).toBe('INVALID_TRANSITION');
      expect(send(snapshot, sign).snapshot.value).toBe('checking');
    });
  });

  describe('issuing (印发)', () => {
    it('issues at 08:59:59.999 Beijing time (2022-04-29T00:59:59.999Z) with numberNotice, freezeAttachments, createAssignments, distributeNotice', () => {
      const { snapshot, actions } = send(seedSigned(), { type: 'ISSUE', at: LAST_MS, deadline: DEADLINE });

      expect(snapshot.value).toBe('issued');
      expect(snapshot.context.deadline).toBe(DEADLINE);
      expect(actions).toEqual(['numberNotice', 'freezeAttachments', 'createAssignments', 'distributeNotice']);
    });

    it('accepts a deadline written in Beijing time (2022-04-29T09:00:00+08:00) as the same instant', () => {
      const event: NoticeEvent = { type: 'ISSUE', at: ISSUED_AT, deadline: '2022-04-29T09:00:00+08:00' };
      const { snapshot } = send(seedSigned(), event);

      expect(snapshot.value).toBe('issued');
      expect(Date.parse(snapshot.context.deadline ?? '')).toBe(Date.parse(DEADLINE));
    });

    it('refuses ISSUE at 09:00:00 Beijing time (2022-04-29T01:00:00.000Z) with DEADLINE_PASSED', () => {
      const signed = seedSigned();
      const event: NoticeEvent = { type: 'ISSUE', at: DEADLINE, deadline: DEADLINE };

      expect(signed.can(event)).toBe(false);
      expect(noticeRefusal(signed, event)).toBe('DEADLINE_PASSED');
      const { snapshot, actions } = send(signed, event);
      expect(snapshot.value).toBe('signed');
      expect(snapshot.context.deadline).toBeNull();
      expect(actions).toEqual([]);
    });

    it('refuses ISSUE at 10:00 Beijing on the deadline day with DEADLINE_PASSED', () => {
      const signed = seedSigned();
      const event: NoticeEvent = { type: 'ISSUE', at: AFTER, deadline: DEADLINE };

      expect(signed.can(event)).toBe(false);
      expect(noticeRefusal(signed, event)).toBe('DEADLINE_PASSED');
    });

    it.each<[NoticeState, () => NoticeSnapshot]>([
      ['draft', seedDraft],
      ['checking', seedChecking],
      ['signing', seedSigning],
    ])('refuses ISSUE in %s with INVALID_TRANSITION, even with a deadline already passed', (_state, seed) => {
      const snapshot = seed();
      const ahead: NoticeEvent = { type: 'ISSUE', at: ISSUED_AT, deadline: DEADLINE };
      const passed: NoticeEvent = { type: 'ISSUE', at: AFTER, deadline: DEADLINE };

      expect(snapshot.can(ahead)).toBe(false);
      expect(noticeRefusal(snapshot, ahead)).toBe('INVALID_TRANSITION');
      expect(noticeRefusal(snapshot, passed)).toBe('INVALID_TRANSITION');
    });

    it('refuses a second ISSUE once issued with INVALID_TRANSITION', () => {
      const issued = seedIssued();

      expect(issued.can(issue)).toBe(false);
      expect(noticeRefusal(issued, issue)).toBe('INVALID_TRANSITION');
    });
  });

  describe('revoking', () => {
    it.each<[NoticeState, () => NoticeSnapshot]>([
      ['draft', seedDraft],
      ['checking', seedChecking],
      ['signing', seedSigning],
      ['signed', seedSigned],
    ])('revokes a notice in %s, which then is final', (_state, seed) => {
      const { snapshot, actions } = send(seed(), { type: 'REVOKE', at: DRAFTED_AT, comment: '重复起草' });

      expect(snapshot.value).toBe('revoked');
      expect(snapshot.status).toBe('done');
      expect(actions).toEqual([]);
    });

    it('refuses REVOKE once the notice is issued', () => {
      const issued = seedIssued();
      const event: NoticeEvent = { type: 'REVOKE', at: ISSUED_AT };

      expect(issued.can(event)).toBe(false);
      expect(noticeRefusal(issued, event)).toBe('INVALID_TRANSITION');
      expect(send(issued, event).snapshot.value).toBe('issued');
    });
  });

  describe('closing (办结)', () => {
    it('closes at 08:59:59.999 Beijing time when no assignment is open, with closeAssignments', () => {
      const { snapshot, actions } = send(seedIssued(), { type: 'CLOSE', at: LAST_MS, openAssignments: 0 });

      expect(snapshot.value).toBe('closed');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.deadline).toBe(DEADLINE);
      expect(actions).toEqual(['closeAssignments']);
    });

    it('refuses CLOSE at 08:59:59.999 Beijing time while 3 assignments are open, even with a comment', () => {
      const issued = seedIssued();
      const event: NoticeEvent = { type: 'CLOSE', at: LAST_MS, openAssignments: 3, comment: '提前办结' };

      expect(issued.can(event)).toBe(false);
      expect(noticeRefusal(issued, event)).toBe('INVALID_TRANSITION');
      const { snapshot, actions } = send(issued, event);
      expect(snapshot.value).toBe('issued');
      expect(actions).toEqual([]);
    });

    it('closes at 09:00:00 Beijing time (2022-04-29T01:00:00.000Z) with 3 open assignments when staff say why', () => {
      const { snapshot, actions } = send(seedIssued(), {
        type: 'CLOSE',
        at: DEADLINE,
        openAssignments: 3,
        comment: '逾期未报，按未完成处理',
      });

      expect(snapshot.value).toBe('closed');
      expect(actions).toEqual(['closeAssignments']);
    });

    it.each<[string, string | undefined]>([
      ['without a comment', undefined],
      ['with an empty comment', ''],
      ['with a blank comment', '  \n '],
    ])('refuses CLOSE after the deadline with open assignments %s', (_case, comment) => {
      const issued = seedIssued();
      const event: NoticeEvent = { type: 'CLOSE', at: AFTER, openAssignments: 1, comment };

      expect(issued.can(event)).toBe(false);
      expect(noticeRefusal(issued, event)).toBe('INVALID_TRANSITION');
    });

    it('refuses CLOSE before the notice is issued, even with no open assignments', () => {
      const signed = seedSigned();
      const event: NoticeEvent = { type: 'CLOSE', at: AFTER, openAssignments: 0, comment: '办结' };

      expect(signed.can(event)).toBe(false);
      expect(noticeRefusal(signed, event)).toBe('INVALID_TRANSITION');
    });

    it.each<[NoticeState, () => NoticeSnapshot]>([
      ['closed', seedClosed],
      ['revoked', seedRevoked],
    ])('refuses every event once %s', (_state, seed) => {
      const snapshot = seed();
      const facts = { deadline: '2023-04-29T01:00:00.000Z', openAssignments: 0 };

      expect(snapshot.status).toBe('done');
      for (const type of NOTICE_EVENT_TYPES) {
        const event = noticeProbe(type, ISSUED_AT, facts);
        expect([type, snapshot.can(event)]).toEqual([type, false]);
        expect([type, noticeRefusal(snapshot, event)]).toEqual([type, 'INVALID_TRANSITION']);
      }
    });
  });

  describe('noticeProbe (what a caller may send now)', () => {
    const facts = { deadline: DEADLINE, openAssignments: 0 };

    it.each<[NoticeState, NoticeEventType[]]>([
      ['draft', ['SUBMIT_FOR_CHECK', 'REVOKE']],
      ['checking', ['APPROVE_CHECK', 'RETURN', 'REVOKE']],
      ['signing', ['SIGN', 'RETURN', 'REVOKE']],
      ['signed', ['ISSUE', 'REVOKE']],
      ['issued', ['CLOSE']],
      ['closed', []],
      ['revoked', []],
    ])('offers in %s exactly %j before the deadline', (state, expected) => {
      expect(acceptedTypes(seeds[state](), ISSUED_AT, facts)).toEqual(expected);
    });

    it('offers no ISSUE at 09:00:00 Beijing time for a 09:00 deadline', () => {
      expect(acceptedTypes(seedSigned(), DEADLINE, facts)).toEqual(['REVOKE']);
    });

    it('offers no CLOSE before the deadline while assignments are open, and offers it from 09:00:00 Beijing time', () => {
      const issued = seedIssued();
      const open = { deadline: DEADLINE, openAssignments: 2 };

      expect(acceptedTypes(issued, LAST_MS, open)).toEqual([]);
      expect(acceptedTypes(issued, DEADLINE, open)).toEqual(['CLOSE']);
    });

    it('builds probes that carry the facts the guards read', () => {
      expect(noticeProbe('ISSUE', ISSUED_AT, { deadline: DEADLINE, openAssignments: 0 })).toEqual({
        type: 'ISSUE',
        at: ISSUED_AT,
        deadline: DEADLINE,
      });
      expect(noticeProbe('CLOSE', AFTER, { deadline: DEADLINE, openAssignments: 4 })).toMatchObject({
        type: 'CLOSE',
        at: AFTER,
        openAssignments: 4,
      });
      expect(noticeProbe('RETURN', ISSUED_AT, facts)).toMatchObject({ type: 'RETURN', comment: expect.any(String) });
    });

    it('offers only probes that the machine really takes to another state', () => {
      for (const state of NOTICE_STATES) {
        const snapshot = seeds[state]();
        for (const type of acceptedTypes(snapshot, ISSUED_AT, facts)) {
          const { snapshot: next } = send(snapshot, noticeProbe(type, ISSUED_AT, facts));
          expect([state, type, next.value === snapshot.value]).toEqual([state, type, false]);
        }
      }
    });
  });

  describe('model-based paths', () => {
    // Context holds times, so vertices are told apart by state value only.
    const events: NoticeEvent[] = [
      submitForCheck,
      approveCheck,
      sign,
      { type: 'RETURN', at: DRAFTED_AT, comment: '退回修改' },
      { type: 'REVOKE', at: DRAFTED_AT },
      issue,
      { type: 'ISSUE', at: AFTER, deadline: DEADLINE },
      { type: 'CLOSE', at: ISSUED_AT, openAssignments: 0 },
      { type: 'CLOSE', at: ISSUED_AT, openAssignments: 2, comment: '提前办结' },
      { type: 'CLOSE', at: AFTER, openAssignments: 2, comment: '逾期未报' },
    ];
    const options = { events, serializeState: (s: NoticeSnapshot) => JSON.stringify(s.value) };

    it('reaches every state in NOTICE_STATES, and no other', () => {
      const reached = getShortestPaths(noticeMachine, options).map((p) => p.state.value);

      expect([...reached].sort()).toEqual([...NOTICE_STATES].sort());
    });

    it('issues on every path only after signing and signed, with a deadline ahead of the ISSUE', () => {
      const paths = getSimplePaths(noticeMachine, options);
      let issuedSteps = 0;

      for (const path of paths) {
        const seen: string[] = [];
        for (const step of path.steps) {
          if (step.state.value === 'issued' && seen.at(-1) !== 'issued') {
            issuedSteps += 1;
            expect(seen).toContain('signing');
            expect(seen.at(-1)).toBe('signed');
            expect(step.event.type).toBe('ISSUE');
            if (step.event.type === 'ISSUE') {
              expect(Date.parse(step.event.at)).toBeLessThan(Date.parse(step.event.deadline));
            }
            expect(step.state.context.deadline).toBe(DEADLINE);
          }
          seen.push(String(step.state.value));
        }
      }
      expect(issuedSteps).toBeGreaterThan(0);
    });

    it('closes on every path only from issued, and revokes only before issue', () => {
      const paths = getSimplePaths(noticeMachine, options);
      const preIssue: string[] = ['draft', 'checking', 'signing', 'signed'];
      let finals = 0;

      for (const path of paths) {
        path.steps.forEach((step, i) => {
          const previous = i > 0 ? String(path.steps[i - 1].state.value) : undefined;
          if (step.state.value === 'closed') {
            finals += 1;
            expect(previous).toBe('issued');
          }
          if (step.state.value === 'revoked') {
            finals += 1;
            expect(preIssue).toContain(previous);
          }
        });
      }
      expect(finals).toBeGreaterThan(0);
    });
  });

  describe('persisted snapshot', () => {
    function roundTrip(snapshot: NoticeSnapshot): NoticeSnapshot {
      const stored = JSON.stringify({ value: snapshot.value, context: snapshot.context });
      const { value, context } = JSON.parse(stored) as { value: NoticeState; context: NoticeContext };
      return noticeMachine.resolveState({ value, context });
    }

    it('restores an issued notice from JSON and closes it after the deadline with a comment', () => {
      const restored = roundTrip(seedIssued());

      expect(restored.value).toBe('issued');
      expect(restored.status).toBe('active');
      expect(restored.context.deadline).toBe(DEADLINE);

      const early: NoticeEvent = { type: 'CLOSE', at: LAST_MS, openAssignments: 1, comment: '办结' };
      expect(restored.can(early)).toBe(false);
      const { snapshot, actions } = send(restored, { ...early, at: AFTER });
      expect(snapshot.value).toBe('closed');
      expect(actions).toEqual(['closeAssignments']);
    });

    it('restores a returned draft with its comment and submits it for check again', () => {
      const returned = replay(submitForCheck, { type: 'RETURN', at: DRAFTED_AT, comment: '请补充附件3' });
      const restored = roundTrip(returned);

      expect(restored.value).toBe('draft');
      expect(restored.context.returnComment).toBe('请补充附件3');
      expect(send(restored, submitForCheck).snapshot.value).toBe('checking');
    });

    it('restores a closed notice as done', () => {
      const restored = roundTrip(seedClosed());

      expect(restored.status).toBe('done');
      expect(restored.can({ type: 'CLOSE', at: AFTER, openAssignments: 0 })).toBe(false);
    });
  });
});
