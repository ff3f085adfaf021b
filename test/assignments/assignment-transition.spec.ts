import { describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { AssignmentEvent } from '../../workflows/assignment.machine.js';
import type { NoticeEvent } from '../../workflows/notice.machine.js';
import { SYSTEM, type Acting } from '../../src/common/acting.js';
import type { FieldError } from '../../src/common/errors.js';
import { canonicalJson } from '../../src/common/ids.js';
import type { Notice, NoticeHead } from '../../src/notices/notice.entities.js';
import { initialNoticeSnapshot, planNoticeEvent } from '../../src/notices/notice-transition.js';
import type { Assignment } from '../../src/assignments/assignment.entities.js';
import { initialAssignments, planAssignmentEvent, restoreAssignment, type AssignmentEventInput } from '../../src/assignments/assignment-transition.js';
import { WorkingCalendar } from '../../src/deadlines/working-calendar.js';
import { completeTable, incompleteTable } from '../factories/strategy-table.factory.js';

const calendar = new WorkingCalendar();

// The reference round: tables are due before 2022-04-29 (Friday) 09:00 Beijing time.
const ISSUED_AT = '2022-04-18T02:00:00.000Z'; // 10:00 Beijing, Monday 18 April
const DURING = '2022-04-22T02:00:00.000Z'; // 10:00 Beijing, Friday 22 April
const REVIEWED = '2022-04-28T02:00:00.000Z'; // 10:00 Beijing, Thursday 28 April
const LAST_SECOND = '2022-04-29T00:59:59.000Z'; // 08:59:59 Beijing
const DEADLINE = '2022-04-29T01:00:00.000Z'; // 09:00:00 Beijing: a table sent now is late
const AFTER = '2022-04-29T02:00:00.000Z'; // 10:00 Beijing, the deadline day
const EXTENDED = '2022-05-06T01:00:00.000Z'; // 09:00 Beijing, Friday 6 May (after the 劳动节 holiday)

const staff: Acting = { userId: 'user-staff', organisationId: 'org-commission' };
const leader: Acting = { userId: 'user-leader', organisationId: 'org-commission' };
const center: Acting = { userId: 'user-cardio', organisationId: 'org-cardio' };
const reviewer: Acting = { userId: 'user-reviewer', organisationId: 'org-commission' };

const table = completeTable(['2022-01']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The reference notice as issuing leaves it: drafted, then 核稿, 签发 and 印发
 * replayed through the notice's own planning step, numbered 津卫医政〔2022〕12号.
 */
function issuedNotice(overrides: Partial<Pick<Notice, 'latePolicy'>> = {}): NoticeHead {
  let notice: Notice = {
    id: 'notice-2022-12',
    title: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知',
    docNumber: null,
    docYear: null,
    docSeq: null,
    issuerId: staff.organisationId!,
    recipients: ['各市级医疗质量控制中心'],
    body: '各有关单位：……',
    attachments: [],
    deadline: DEADLINE,
    timeZone: 'Asia/Shanghai',
    mailbox: 'zhikong@wsjkw.tianjin.example',
    campaignYear: 2022,
    tableTemplate: '2022',
    tableSchema: null,
    division: [{ organisationId: center.organisationId!, goalCodes: ['2022-01'], role: 'lead' }],
    latePolicy: 'reject',
    reminderLadder: null,
    resubmissionWorkingDays: null,
    ...initialNoticeSnapshot(),
    version: 1,
    createdBy: staff.userId!,
    createdAt: '2022-04-15T02:00:00.000Z',
    updatedAt: '2022-04-15T02:00:00.000Z',
    signedAt: null,
    issuedAt: null,
    closedAt: null,
    ...overrides,
  };
  const steps: [Acting, NoticeEvent][] = [
    [staff, { type: 'SUBMIT_FOR_CHECK', at: '2022-04-15T03:00:00.000Z' }],
    [leader, { type: 'APPROVE_CHECK', at: '2022-04-15T06:00:00.000Z' }],
    [leader, { type: 'SIGN', at: '2022-04-15T07:00:00.000Z' }],
    [staff, { type: 'ISSUE', at: ISSUED_AT, deadline: DEADLINE }],
  ];
  for (const [actor, event] of steps) {
    const plan = planNoticeEvent(notice, event, actor);
    // Numbering is the issuing service's effect: the 12th notice of the year.
    const numbered = plan.effects.includes('numberNotice') ? { docYear: 2022, docSeq: 12, docNumber: '津卫医政〔2022〕12号', issuedAt: plan.at } : {};
    notice = { ...notice, ...plan.changes, ...numbered, version: notice.version + 1, updatedAt: plan.at };
  }
  expect(notice.state).toBe('issued');
  const { division: _division, body: _body, ...head } = notice;
  return head;
}

/** Writes a plan the way the store does, as a value: the row's new columns and the next version. */
function applied(assignment: Assignment, input: Omit<AssignmentEventInput, 'assignment'>): Assignment {
  const { changes, at } = planAssignmentEvent({ ...input, assignment });
  return {
    ...assignment,
    state: changes.state,
    snapshot: changes.snapshot,
    deadline: changes.deadline,
    ...(changes.draft ? { draft: changes.draft.table, draftUpdatedAt: changes.draft.at } : {}),
    version: assignment.version + 1,
    updatedAt: at,
  };
}

type Step = { event: AssignmentEvent; actor: Acting; table?: Record<string, unknown> };

const acknowledge: Step = { event: { type: 'ACKNOWLEDGE', at: DURING }, actor: center };
const saveDraft: Step = { event: { type: 'SAVE_DRAFT', at: DURING }, actor: center, table };
const submit: Step = { event: { type: 'SUBMIT', at: DURING }, actor: center, table };
const startReview: Step = { event: { type: 'START_REVIEW', at: REVIEWED }, actor: reviewer };
const approve: Step = { event: { type: 'APPROVE', at: REVIEWED, comment: '同意' }, actor: reviewer };
const feedback: Step = { event: { type: 'GIVE_FEEDBACK', at: AFTER, feedback: '策略可行，请按季度报送进展' }, actor: staff };
const deadlinePassed: Step = { event: { type: 'DEADLINE_PASSED', at: DEADLINE }, actor: SYSTEM };

/** The cardiology center's assignment in the reference round, taken through the given events by planning each one. */
function seedAssignment(notice: NoticeHead, ...steps: Step[]): Assignment {
  let [assignment] = initialAssignments(notice, new Map([[center.organisationId!, [{ code: '2022-01', role: 'lead' as const }]]]), ISSUED_AT);
  for (const step of steps) assignment = applied(assignment, { notice, checkTable: () => [], calendar, ...step });
  return assignment;
}

const plan = (notice: NoticeHead, assignment: Assignment, step: Step, checkTable?: AssignmentEventInput['checkTable']) =>
  planAssignmentEvent({ notice, assignment, checkTable: checkTable ?? (() => []), calendar, ...step });

/** The machine context the planned snapshot holds, as the next event will read it. */
const contextAfter = (assignment: Assignment, snapshot: string) => restoreAssignment({ ...assignment, snapshot }).context;

describe('planning an assignment event', () => {
  describe('ACKNOWLEDGE (签收)', () => {
    it('moves an assigned task to acknowledged, recording when, and sends nothing', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice);
      const p = plan(notice, assignment, acknowledge);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'ACKNOWLEDGE', from: 'assigned', to: 'acknowledged', actorId: center.userId });
      expect(p.changes).toMatchObject({ state: 'acknowledged', deadline: DEADLINE });
      expect(p.changes.draft).toBeUndefined();
      expect(contextAfter(assignment, p.changes.snapshot).acknowledgedAt).toBe(DURING);
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });
  });

  describe('SAVE_DRAFT', () => {
    it('writes the draft and its time, and moves to drafting', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      const draft = incompleteTable('2022-01');
      const p = plan(notice, assignment, { ...saveDraft, table: draft });
      expect(p.audit).toMatchObject({ kind: 'assignment.draftSaved', event: 'SAVE_DRAFT', from: 'acknowledged', to: 'drafting' });
      expect(p.changes).toMatchObject({ state: 'drafting', draft: { table: draft, at: DURING } });
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });
  });

  describe('SUBMIT', () => {
    it('before 09:00 Beijing time freezes version 1, on time, takes a receipt number and mails the center and the mailbox', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      const p = plan(notice, assignment, { ...submit, event: { type: 'SUBMIT', at: LAST_SECOND } });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'SUBMIT', from: 'drafting', to: 'submitted', actorId: center.userId });
      expect(p.version).toEqual({
        id: expect.stringMatching(UUID),
        assignmentId: assignment.id,
        noticeId: notice.id,
        version: 1,
        table,
        sha256: createHash('sha256').update(canonicalJson(table)).digest('hex'),
        submittedAt: LAST_SECOND,
        deadline: DEADLINE,
        late: false,
        submittedBy: center.userId,
      });
      expect(p.receipt).toEqual({ counterKey: `receipt:${notice.id}`, prefix: 'R2022-012-' });
      const ref = { assignmentId: assignment.id, noticeId: notice.id, organisationId: center.organisationId };
      expect(p.outbox).toEqual([
        { kind: 'mail.receipt', dedupeKey: `receipt:${assignment.id}:v1`, payload: { ...ref, version: 1 } },
        { kind: 'mail.submission', dedupeKey: `submission:${assignment.id}:v1`, payload: { ...ref, version: 1, to: 'zhikong@wsjkw.tianjin.example' } },
      ]);
      expect(p.changes).toMatchObject({ state: 'submitted', draft: { table, at: LAST_SECOND } });
      expect([p.reviews, p.timers]).toEqual([[], []]);
    });

    it('fingerprints the table, not the order its fields were sent in', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      const reordered = Object.fromEntries(Object.entries(table).reverse());
      expect(Object.keys(reordered)).not.toEqual(Object.keys(table));
      expect(plan(notice, assignment, { ...submit, table: reordered }).version!.sha256).toBe(plan(notice, assignment, submit).version!.sha256);
    });

    it('without a table submits the saved draft and leaves the draft as it is', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      const p = plan(notice, assignment, { event: { type: 'SUBMIT', at: DURING }, actor: center });
      expect(p.version).toMatchObject({ version: 1, table });
      expect(p.changes.draft).toBeUndefined();
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'drafting', to: 'submitted' });
    });

    it('returns DEADLINE_PASSED at 09:00:00 Beijing time, naming the deadline', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      expect(() => plan(notice, assignment, { ...submit, event: { type: 'SUBMIT', at: DEADLINE } })).toThrow(
        expect.objectContaining({
          code: 'DEADLINE_PASSED',
          detail: expect.stringMatching(/2022年4月29日（星期五）9:00（北京时间），操作时间为 2022年4月29日 9:00:00；/),
        }),
      );
    });

    it('takes a table at 09:00:00 when the notice accepts late tables, and flags the version late', () => {
      const notice = issuedNotice({ latePolicy: 'accept-late' });
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      const p = plan(notice, assignment, { ...submit, event: { type: 'SUBMIT', at: DEADLINE } });
      expect(p.version).toMatchObject({ version: 1, submittedAt: DEADLINE, late: true });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'drafting', to: 'submitted' });
    });

    it('returns VALIDATION_FAILED with the checker’s errors when the table does not pass, and plans nothing', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      const before = structuredClone(assignment);
      const errors: FieldError[] = [{ field: 'table.contact.phone', message: 'must match pattern' }];
      const checkTable = jest.fn((_table: Record<string, unknown>) => errors);
      expect(() => plan(notice, assignment, submit, checkTable)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', extra: { errors } }));
      expect(checkTable).toHaveBeenCalledWith(table);
      expect(assignment).toEqual(before);
    });

    it('returns VALIDATION_FAILED when there is neither a table nor a saved draft', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      expect(() => plan(notice, assignment, { event: { type: 'SUBMIT', at: DURING }, actor: center })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', extra: { errors: [{ field: 'table', message: '尚未填写策略表' }] } }),
      );
    });

    it('numbers a resubmission after a return as version 2', () => {
      const notice = issuedNotice();
      const returned = seedAssignment(notice, acknowledge, submit, startReview, {
        event: { type: 'RETURN', at: REVIEWED, reason: '监测指标缺少数据来源' },
        actor: reviewer,
      });
      const p = plan(notice, returned, { ...submit, event: { type: 'SUBMIT', at: LAST_SECOND } });
      expect(p.version).toMatchObject({ version: 2, late: false });
      expect(p.outbox.map((m) => m.dedupeKey)).toEqual([`receipt:${returned.id}:v2`, `submission:${returned.id}:v2`]);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'returned', to: 'submitted' });
    });

    it('freezes a resubmission sent after the deadline, answering a return, as not late', () => {
      const notice = issuedNotice();
      const returned = seedAssignment(
        notice,
        acknowledge,
        submit,
        { event: { type: 'START_REVIEW', at: AFTER }, actor: reviewer },
        { event: { type: 'RETURN', at: AFTER, reason: '监测指标缺少数据来源', resubmitBy: EXTENDED }, actor: reviewer },
      );
      const p = plan(notice, returned, { ...submit, event: { type: 'SUBMIT', at: '2022-05-05T02:00:00.000Z' } });
      expect(p.version).toMatchObject({ version: 2, deadline: EXTENDED, late: false });
    });
  });

  describe('WITHDRAW', () => {
    it('takes a submitted table back to drafting before the deadline, sending nothing', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit);
      const p = plan(notice, assignment, { event: { type: 'WITHDRAW', at: LAST_SECOND }, actor: center });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'WITHDRAW', from: 'submitted', to: 'drafting' });
      expect(p.changes.state).toBe('drafting');
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });

    it('returns DEADLINE_PASSED at 09:00:00: a withdrawn table could not come back', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit);
      expect(() => plan(notice, assignment, { event: { type: 'WITHDRAW', at: DEADLINE }, actor: center })).toThrow(
        expect.objectContaining({ code: 'DEADLINE_PASSED' }),
      );
    });
  });

  describe('START_REVIEW', () => {
    it('moves a submitted table into review, sending nothing', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit);
      const p = plan(notice, assignment, startReview);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'START_REVIEW', from: 'submitted', to: 'inReview', actorId: reviewer.userId });
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });
  });

  describe('APPROVE', () => {
    it('records an approval of version 1 with its comment and mails the center about that decision', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview);
      const p = plan(notice, assignment, approve);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'APPROVE', from: 'inReview', to: 'approved', detail: { comment: '同意' } });
      expect(p.reviews).toEqual([
        { id: expect.stringMatching(UUID), assignmentId: assignment.id, version: 1, kind: 'approved', text: '同意', actorId: reviewer.userId, at: REVIEWED },
      ]);
      expect(p.outbox).toEqual([
        {
          kind: 'mail.approved',
          dedupeKey: `approved:${assignment.id}:v1`,
          payload: { assignmentId: assignment.id, noticeId: notice.id, organisationId: center.organisationId, version: 1, reviewId: p.reviews[0].id },
        },
      ]);
      expect([p.timers, p.version, p.receipt]).toEqual([[], null, null]);
    });
  });

  describe('RETURN (退回)', () => {
    const resubmitBy = EXTENDED;
    const returnIt: Step = { event: { type: 'RETURN', at: REVIEWED, reason: '监测指标缺少数据来源', resubmitBy }, actor: reviewer };

    it('records the reason, mails the center quoting that review, and re-plans the deadline and 催办 for the resubmission time', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview);
      const p = plan(notice, assignment, returnIt);
      expect(p.audit).toMatchObject({
        kind: 'assignment.transitioned',
        event: 'RETURN',
        from: 'inReview',
        to: 'returned',
        detail: { reason: '监测指标缺少数据来源' },
      });
      expect(p.reviews).toEqual([
        {
          id: expect.stringMatching(UUID),
          assignmentId: assignment.id,
          version: 1,
          kind: 'returned',
          text: '监测指标缺少数据来源',
          actorId: reviewer.userId,
          at: REVIEWED,
        },
      ]);
      expect(p.outbox).toEqual([
        {
          kind: 'mail.returned',
          dedupeKey: `returned:${assignment.id}:v1`,
          payload: { assignmentId: assignment.id, noticeId: notice.id, organisationId: center.organisationId, version: 1, reviewId: p.reviews[0].id },
        },
      ]);
      expect(p.changes.deadline).toBe(resubmitBy);
      expect(contextAfter(assignment, p.changes.snapshot).deadline).toBe(resubmitBy);
      // 3 working days before 6 May falls on 28 April 09:00, already past at the return: one working day before
      // (5 May 09:00, after the holiday) and two hours before remain, and the deadline itself.
      expect(p.timers.map((t) => [t.kind, t.dueAt, t.dedupeKey])).toEqual([
        ['assignment.reminder', '2022-05-05T01:00:00.000Z', `reminder:${assignment.id}:${resubmitBy}:1`],
        ['assignment.reminder', '2022-05-05T23:00:00.000Z', `reminder:${assignment.id}:${resubmitBy}:2`],
        ['assignment.deadline', resubmitBy, `deadline:${assignment.id}:${resubmitBy}`],
      ]);
      expect(p.timers.every((t) => t.targetId === assignment.id && t.payload.deadline === resubmitBy)).toBe(true);
      expect([p.version, p.receipt]).toEqual([null, null]);
    });

    it('keeps the deadline and plans no timers when the resubmission time is earlier than the deadline', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview);
      const early: Step = { ...returnIt, event: { type: 'RETURN', at: DURING, reason: '缺少联系人', resubmitBy: '2022-04-27T01:00:00.000Z' } };
      const p = plan(notice, assignment, early);
      expect(p.changes.deadline).toBe(DEADLINE);
      expect(p.timers).toEqual([]);
      expect(p.reviews.map((r) => [r.kind, r.text])).toEqual([['returned', '缺少联系人']]);
      expect(p.outbox.map((m) => m.kind)).toEqual(['mail.returned']);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'inReview', to: 'returned' });
    });
  });

  describe('GIVE_FEEDBACK', () => {
    it('records the feedback on the approved version and mails it to the center', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview, approve);
      const p = plan(notice, assignment, feedback);
      expect(p.audit).toMatchObject({
        kind: 'assignment.transitioned',
        event: 'GIVE_FEEDBACK',
        from: 'approved',
        to: 'feedbackGiven',
        detail: { feedback: '策略可行，请按季度报送进展' },
      });
      expect(p.reviews).toEqual([
        {
          id: expect.stringMatching(UUID),
          assignmentId: assignment.id,
          version: 1,
          kind: 'feedback',
          text: '策略可行，请按季度报送进展',
          actorId: staff.userId,
          at: AFTER,
        },
      ]);
      expect(p.outbox).toEqual([
        {
          kind: 'mail.feedback',
          dedupeKey: `feedback:${p.reviews[0].id}`,
          payload: { assignmentId: assignment.id, noticeId: notice.id, organisationId: center.organisationId, reviewId: p.reviews[0].id },
        },
      ]);
      expect([p.timers, p.version, p.receipt]).toEqual([[], null, null]);
    });

    it('may be given again, each time as its own mail', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview, approve, feedback);
      const p = plan(notice, assignment, { ...feedback, event: { type: 'GIVE_FEEDBACK', at: EXTENDED, feedback: '请补充第二季度数据' } });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'feedbackGiven', to: 'feedbackGiven' });
      expect(p.outbox).toEqual([expect.objectContaining({ kind: 'mail.feedback', dedupeKey: `feedback:${p.reviews[0].id}` })]);
    });
  });

  describe('EXTEND_DEADLINE (延期)', () => {
    const extend: Step = { event: { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '中心主任出差' }, actor: staff };

    it('moves the deadline, records the extension, mails the center and plans the deadline and 催办 for the new date', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      const p = plan(notice, assignment, extend);
      expect(p.audit).toMatchObject({
        kind: 'assignment.transitioned',
        event: 'EXTEND_DEADLINE',
        from: 'acknowledged',
        to: 'acknowledged',
        detail: { until: EXTENDED, reason: '中心主任出差' },
      });
      expect(p.changes.deadline).toBe(EXTENDED);
      expect(contextAfter(assignment, p.changes.snapshot)).toMatchObject({ deadline: EXTENDED, originalDeadline: DEADLINE, extensions: 1 });
      expect(p.reviews).toEqual([
        {
          id: expect.stringMatching(UUID),
          assignmentId: assignment.id,
          version: null,
          kind: 'extension',
          text: '中心主任出差（延期至 2022年5月6日（星期五）9:00）',
          actorId: staff.userId,
          at: DURING,
        },
      ]);
      expect(p.outbox).toEqual([
        {
          kind: 'mail.extension',
          dedupeKey: `extension:${assignment.id}:1`,
          payload: { assignmentId: assignment.id, noticeId: notice.id, organisationId: center.organisationId, until: EXTENDED, reviewId: p.reviews[0].id },
        },
      ]);
      // The whole default ladder is still ahead on 22 April: 3 and 1 working days before at 09:00, 2 hours before.
      expect(p.timers.map((t) => [t.kind, t.dueAt, t.dedupeKey])).toEqual([
        ['assignment.reminder', '2022-04-28T01:00:00.000Z', `reminder:${assignment.id}:${EXTENDED}:0`],
        ['assignment.reminder', '2022-05-05T01:00:00.000Z', `reminder:${assignment.id}:${EXTENDED}:1`],
        ['assignment.reminder', '2022-05-05T23:00:00.000Z', `reminder:${assignment.id}:${EXTENDED}:2`],
        ['assignment.deadline', EXTENDED, `deadline:${assignment.id}:${EXTENDED}`],
      ]);
      expect([p.version, p.receipt]).toEqual([null, null]);
    });

    it('lets a table sent after the first deadline but before the new one in, flagged late against the notice’s deadline', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, extend);
      const p = plan(notice, assignment, { ...submit, event: { type: 'SUBMIT', at: AFTER } });
      expect(p.version).toMatchObject({ version: 1, deadline: EXTENDED, late: true });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', from: 'acknowledged', to: 'submitted' });
    });

    it('brings an overdue, acknowledged task back to drafting', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, deadlinePassed);
      const p = plan(notice, assignment, { ...extend, event: { type: 'EXTEND_DEADLINE', at: AFTER, until: EXTENDED, reason: '系统故障' } });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'EXTEND_DEADLINE', from: 'overdue', to: 'drafting' });
      expect(p.changes).toMatchObject({ state: 'drafting', deadline: EXTENDED });
      expect(p.outbox.map((m) => m.kind)).toEqual(['mail.extension']);
      expect(p.timers.at(-1)).toMatchObject({ kind: 'assignment.deadline', dueAt: EXTENDED });
    });

    it('returns INVALID_TRANSITION for an extension to an earlier time', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      expect(() =>
        plan(notice, assignment, { ...extend, event: { type: 'EXTEND_DEADLINE', at: DURING, until: '2022-04-28T01:00:00.000Z', reason: '提前' } }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    });
  });

  describe('DEADLINE_PASSED', () => {
    it('makes a task that owes its table overdue at 09:00:00, sending no mail', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, saveDraft);
      const p = plan(notice, assignment, deadlinePassed);
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'DEADLINE_PASSED', from: 'drafting', to: 'overdue', actorId: null });
      expect(p.changes).toMatchObject({ state: 'overdue', deadline: DEADLINE });
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });

    it('returns INVALID_TRANSITION for a timer that fires before the (extended) deadline', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, {
        event: { type: 'EXTEND_DEADLINE', at: DURING, until: EXTENDED, reason: '中心主任出差' },
        actor: staff,
      });
      expect(() => plan(notice, assignment, deadlinePassed)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    });
  });

  describe('CLOSE (办结)', () => {
    it('closes a task that has had its feedback, sending nothing', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit, startReview, approve, feedback);
      const p = plan(notice, assignment, { event: { type: 'CLOSE', at: EXTENDED }, actor: SYSTEM });
      expect(p.audit).toMatchObject({ kind: 'assignment.transitioned', event: 'CLOSE', from: 'feedbackGiven', to: 'closed', actorId: null });
      expect(p.changes.state).toBe('closed');
      expect([p.outbox, p.reviews, p.timers, p.version, p.receipt]).toEqual([[], [], [], null, null]);
    });

    it('returns INVALID_TRANSITION for a task already closed', () => {
      const notice = issuedNotice();
      const closed = seedAssignment(notice, { event: { type: 'CLOSE', at: DURING }, actor: SYSTEM });
      expect(closed.state).toBe('closed');
      expect(() => plan(notice, closed, { event: { type: 'CLOSE', at: AFTER }, actor: SYSTEM })).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION' }),
      );
    });
  });

  describe('an event the state cannot take', () => {
    it('returns INVALID_TRANSITION naming the state, and plans nothing: no audit row, no mail', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge);
      const before = structuredClone(assignment);
      expect(() => plan(notice, assignment, approve)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', detail: '当前状态“已签收”下不能审核通过' }),
      );
      expect(assignment).toEqual(before);
    });

    it('returns INVALID_TRANSITION for a second SUBMIT of a table already submitted', () => {
      const notice = issuedNotice();
      const assignment = seedAssignment(notice, acknowledge, submit);
      expect(() => plan(notice, assignment, submit)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    });
  });
});
