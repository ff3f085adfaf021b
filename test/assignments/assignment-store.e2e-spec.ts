import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AssignmentEvent } from '../../workflows/assignment.machine.js';
import type { Acting } from '../../src/common/acting.js';
import { Db } from '../../src/database/db.js';
import type { Assignment } from '../../src/assignments/assignment.entities.js';
import { AssignmentReader } from '../../src/assignments/assignment-reader.service.js';
import { AssignmentStore } from '../../src/assignments/assignment-store.service.js';
import { planAssignmentEvent, type AssignmentPlan } from '../../src/assignments/assignment-transition.js';
import { WorkingCalendar } from '../../src/deadlines/working-calendar.js';
import type { NoticeHead } from '../../src/notices/notice.entities.js';
import { NoticeReader } from '../../src/notices/notice-reader.service.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The store's contract, on whichever database the suite runs on: a plan built
 * from a version the row has since left writes nothing at all.
 */
describe('AssignmentStore.commit', () => {
  let t: TestApp;
  let db: Db;
  let store: AssignmentStore;
  let campaign: Awaited<ReturnType<typeof seedIssuedReferenceNotice>>;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Db);
    store = t.app.get(AssignmentStore);
    campaign = await seedIssuedReferenceNotice(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A center's assignment acknowledged over HTTP, as the center would; answers the row, its notice and the center as an actor. */
  async function acknowledgedAssignment(code: string): Promise<{ assignment: Assignment; notice: NoticeHead; center: Acting }> {
    const id = await campaign.assignmentOf(code);
    const login = await t.login(`center-${code}`);
    expect((await t.http.post(`/api/assignments/${id}/events`).set(login).send({ type: 'ACKNOWLEDGE' })).status).toBe(200);
    const me = (await t.http.get('/api/me').set(login)).body as { id: string };
    return db.read(async (sql) => {
      const assignment = (await t.app.get(AssignmentReader).find(sql, id))!;
      const notice = (await t.app.get(NoticeReader).head(sql, assignment.noticeId))!;
      expect(assignment.state).toBe('acknowledged');
      return { assignment, notice, center: { userId: me.id, organisationId: assignment.organisationId } };
    });
  }

  /** Row counts of every table a commit writes, and the notice's receipt counter: plain SELECTs. */
  async function tally(noticeId: string) {
    return db.read(async (sql) => {
      const count = async (table: string) => Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
      const counter = await sql.one<{ value: number | string }>('SELECT value FROM counters WHERE key = $1', [`receipt:${noticeId}`]);
      return {
        auditRows: await count('audit_log'),
        outboxRows: await count('outbox'),
        versions: await count('submission_versions'),
        reviews: await count('reviews'),
        timers: await count('timers'),
        receiptCounter: counter ? Number(counter.value) : 0,
      };
    });
  }

  /** What the store holds of one assignment: its row version, frozen versions, and the kinds of its outbox rows. */
  async function written(assignment: Assignment) {
    return db.read(async (sql) => ({
      rowVersion: (await t.app.get(AssignmentReader).find(sql, assignment.id))!.version,
      versions: await sql.many<{ version: number | string; receipt_no: string }>(
        'SELECT version, receipt_no FROM submission_versions WHERE assignment_id = $1 ORDER BY version',
        [assignment.id],
      ),
      mail: (await sql.many<{ kind: string }>('SELECT kind FROM outbox WHERE dedupe_key LIKE $1 ORDER BY kind', [`%${assignment.id}%`])).map((r) => r.kind),
      audit: await sql.many<{ event: string; from_state: string; to_state: string }>(
        'SELECT event, from_state, to_state FROM audit_log WHERE entity_id = $1 ORDER BY id',
        [assignment.id],
      ),
    }));
  }

  const submitPlan = (notice: NoticeHead, assignment: Assignment, center: Acting, contact: string): AssignmentPlan => {
    const table = completeTable(assignment.goals.map((g) => g.code));
    const event: AssignmentEvent = { type: 'SUBMIT', at: t.clock.now().toISOString() };
    return planAssignmentEvent({
      notice,
      assignment,
      event,
      actor: center,
      table: { ...table, contact: { ...table.contact, name: contact } },
      calendar: new WorkingCalendar(),
    });
  };

  it('refuses a SUBMIT planned from a version the row has left with VERSION_CONFLICT, and writes nothing of it', async () => {
    const { assignment, notice, center } = await acknowledgedAssignment('qc-cardio');
    // Two tabs read the same version; the first submits.
    const first = submitPlan(notice, assignment, center, '王芳');
    const stale = submitPlan(notice, assignment, center, '李娜');
    const before = await tally(notice.id);

    await db.tx((sql) => store.commit(sql, first));
    const afterWin = await tally(notice.id);
    expect(afterWin).toEqual({
      auditRows: before.auditRows + 1,
      outboxRows: before.outboxRows + 2,
      versions: before.versions + 1,
      reviews: before.reviews,
      timers: before.timers,
      receiptCounter: before.receiptCounter + 1,
    });

    t.clock.advance(60_000);
    await expect(db.tx((sql) => store.commit(sql, stale))).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await tally(notice.id)).toEqual(afterWin);
    expect(await written(assignment)).toEqual({
      rowVersion: assignment.version + 1,
      versions: [{ version: 1, receipt_no: `R2022-${String(notice.docSeq).padStart(3, '0')}-${String(afterWin.receiptCounter).padStart(4, '0')}` }],
      mail: ['mail.receipt', 'mail.submission'],
      audit: [
        { event: 'ISSUE', from_state: null, to_state: 'assigned' },
        { event: 'ACKNOWLEDGE', from_state: 'assigned', to_state: 'acknowledged' },
        { event: 'SUBMIT', from_state: 'acknowledged', to_state: 'submitted' },
      ],
    });
  });

  it('refuses an extension planned from a version the row has left, writing no review, mail or timer of it', async () => {
    const { assignment, notice } = await acknowledgedAssignment('qc-neuro');
    const me = (await t.http.get('/api/me').set(await t.login('staff'))).body as { id: string };
    const staff: Acting = { userId: me.id, organisationId: notice.issuerId };
    const extend = (until: string, reason: string) =>
      planAssignmentEvent({
        notice,
        assignment,
        event: { type: 'EXTEND_DEADLINE', at: t.clock.now().toISOString(), until, reason },
        actor: staff,
        calendar: new WorkingCalendar(),
      });
    const first = extend('2022-05-06T01:00:00.000Z', '中心主任出差');
    const stale = extend('2022-05-13T01:00:00.000Z', '系统故障');
    expect(stale.reviews).toHaveLength(1);
    expect(stale.timers.length).toBeGreaterThan(0);
    const before = await tally(notice.id);

    await db.tx((sql) => store.commit(sql, first));
    const afterWin = await tally(notice.id);
    expect(afterWin).toEqual({
      auditRows: before.auditRows + 1,
      outboxRows: before.outboxRows + 1,
      versions: before.versions,
      reviews: before.reviews + 1,
      timers: before.timers + first.timers.length,
      receiptCounter: before.receiptCounter,
    });

    await expect(db.tx((sql) => store.commit(sql, stale))).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await tally(notice.id)).toEqual(afterWin);
    const deadline = await db.read((sql) => sql.one<{ deadline: string }>('SELECT deadline FROM assignments WHERE id = $1', [assignment.id]));
    expect(deadline).toEqual({ deadline: '2022-05-06T01:00:00.000Z' });
  });

  it('lets exactly one of two concurrent SUBMITs from the same version win; the other gets VERSION_CONFLICT', async () => {
    const { assignment, notice, center } = await acknowledgedAssignment('qc-oncology');
    const plans = [submitPlan(notice, assignment, center, '张伟'), submitPlan(notice, assignment, center, '李娜')];
    const before = await tally(notice.id);

    const outcomes = await Promise.allSettled(plans.map((plan) => db.tx((sql) => store.commit(sql, plan))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected')!;
    expect(lost.reason).toMatchObject({ code: 'VERSION_CONFLICT' });

    expect(await tally(notice.id)).toEqual({
      auditRows: before.auditRows + 1,
      outboxRows: before.outboxRows + 2,
      versions: before.versions + 1,
      reviews: before.reviews,
      timers: before.timers,
      receiptCounter: before.receiptCounter + 1,
    });
    const after = await written(assignment);
    expect(after.versions).toHaveLength(1);
    expect(after.rowVersion).toBe(assignment.version + 1);
    expect(after.audit.filter((r) => r.event === 'SUBMIT')).toHaveLength(1);
  });
});
