import { describe, expect, it } from 'vitest';
import { fileNameOf } from '@/api/client';
import { BEIJING, fromPickerValue, toPickerValue } from '@/time/beijing-time';
import { cumulativeSubmissions, openTasks } from './board-states';

describe('the board', () => {
  it('counts as open every task without feedback that is not closed', () => {
    const counts = { assigned: 3, acknowledged: 1, drafting: 0, submitted: 0, inReview: 0, returned: 1, approved: 2, feedbackGiven: 4, overdue: 2, closed: 1 };
    expect(openTasks({ total: 14, counts })).toBe(9);
    expect(openTasks({ total: 5, counts: { ...counts, feedbackGiven: 5, closed: 0 } })).toBe(0);
  });

  it('counts submissions in the order they came and carries the last count to the end of the chart', () => {
    const points = cumulativeSubmissions(['2022-04-22T07:30:00Z', null, '2022-04-20T02:00:00Z'], Date.parse('2022-04-29T01:00:00Z'));
    expect(points).toEqual([
      [Date.parse('2022-04-20T02:00:00Z'), 1],
      [Date.parse('2022-04-22T07:30:00Z'), 2],
      [Date.parse('2022-04-29T01:00:00Z'), 2],
    ]);
    expect(cumulativeSubmissions([null, null], Date.now())).toEqual([]);
  });

  it('reads a picked Beijing wall time as +08:00 whatever the browser zone, and back', () => {
    expect(fromPickerValue('2022-05-06 17:00', BEIJING)).toBe('2022-05-06T17:00:00+08:00');
    expect(toPickerValue('2022-04-29T01:00:00Z', BEIJING)).toBe('2022-04-29 09:00');
    expect(toPickerValue('2022-04-28T16:30:00Z', BEIJING)).toBe('2022-04-29 00:30');
  });

  it("saves an export under the server's Chinese file name", () => {
    expect(fileNameOf(`attachment; filename="____.xlsx"; filename*=UTF-8''%E7%AD%96%E7%95%A5%E8%A1%A8.xlsx`, 'x.xlsx')).toBe('策略表.xlsx');
    expect(fileNameOf('attachment; filename="export.zip"', 'x.zip')).toBe('export.zip');
    expect(fileNameOf(null, 'x.zip')).toBe('x.zip');
  });
});
