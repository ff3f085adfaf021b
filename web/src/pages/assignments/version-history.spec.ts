import { describe, expect, it } from 'vitest';
import type { AssignmentDetail } from '@/api/types';
import { versionHistory } from './version-history';

// What a center reads about each table it submitted: returned with the reviewer's reason, withdrawn, approved, waiting.
type Source = Pick<AssignmentDetail, 'state' | 'versions' | 'reviews' | 'history'>;

const version = (n: number, submittedAt: string) => ({ version: n, submittedAt, late: false, sha256: 'a'.repeat(64), receiptNo: `R2022-001-000${n}` });
const reviewer = { id: 'r1', username: 'reviewer', displayName: '审核专家' };
const event = (name: string, at: string) => ({ at, event: name, from: null, to: null, actorId: null, detail: null });

function source(partial: Partial<Source>): Source {
  return { state: 'submitted', versions: [], reviews: [], history: [], ...partial };
}

describe('the history of submitted versions', () => {
  it("shows the newest first, the returned one with the reviewer's reason, who returned it and when", () => {
    const rows = versionHistory(
      source({
        state: 'inReview',
        versions: [version(1, '2022-04-20T10:00:00+08:00'), version(2, '2022-04-22T15:30:00+08:00')],
        reviews: [{ version: 1, decision: 'returned', reason: '目标值缺少依据', reviewer, at: '2022-04-21T09:00:00+08:00' }],
      }),
    );
    expect(rows.map((r) => [r.version, r.outcome.label])).toEqual([
      [2, '审核中'],
      [1, '已退回'],
    ]);
    expect(rows[1].outcome).toMatchObject({ kind: 'returned', tone: 'danger', reason: '目标值缺少依据', by: '审核专家', at: '2022-04-21T09:00:00+08:00' });
    expect(rows[0].receiptNo).toBe('R2022-001-0002');
  });

  it('marks a version withdrawn before the next one was submitted, and the newest as waiting for review', () => {
    const rows = versionHistory(
      source({
        state: 'submitted',
        versions: [version(1, '2022-04-20T10:00:00+08:00'), version(2, '2022-04-20T11:00:00+08:00')],
        history: [event('SUBMIT', '2022-04-20T10:00:00+08:00'), event('WITHDRAW', '2022-04-20T10:20:00+08:00'), event('SUBMIT', '2022-04-20T11:00:00+08:00')],
      }),
    );
    expect(rows.map((r) => r.outcome.label)).toEqual(['待审核', '已撤回']);
    expect(rows[1].outcome).toMatchObject({ kind: 'withdrawn', at: '2022-04-20T10:20:00+08:00' });
  });

  it('shows the newest version withdrawn while the center is drafting again', () => {
    const rows = versionHistory(
      source({ state: 'drafting', versions: [version(1, '2022-04-20T10:00:00+08:00')], history: [event('WITHDRAW', '2022-04-20T10:20:00+08:00')] }),
    );
    expect(rows[0].outcome.label).toBe('已撤回');
  });

  it("shows an approved version with the reviewer's comment, and the latest decision when a version was decided twice", () => {
    const rows = versionHistory(
      source({
        state: 'approved',
        versions: [version(1, '2022-04-20T10:00:00+08:00')],
        reviews: [
          { version: 1, decision: 'approved', reason: '同意，按计划实施', reviewer, at: '2022-04-23T09:00:00+08:00' },
          { version: 1, decision: 'returned', reason: '先退回', reviewer, at: '2022-04-21T09:00:00+08:00' },
        ],
      }),
    );
    expect(rows[0].outcome).toMatchObject({ label: '已通过', tone: 'success', reason: '同意，按计划实施' });
  });
});
