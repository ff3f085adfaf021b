import { describe, expect, it } from 'vitest';
import { fileNameOf } from '@/api/client';
import { BEIJING, fromPickerValue, toPickerValue } from '@/time/beijing-time';
import { cumulativeSubmissions } from './board-states';

describe('the board', () => {
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
