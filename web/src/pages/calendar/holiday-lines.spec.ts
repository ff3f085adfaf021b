import { describe, expect, it } from 'vitest';
import { parseDayLines, yearRanges } from './holiday-lines';

// 录入节假日安排: one day a line, as the State Council's notice lists them.
describe('the day lines of 录入节假日安排', () => {
  it('reads each line into a date and its holiday, names trimmed', () => {
    expect(parseDayLines('2027-05-01 劳动节\n2027-05-02\t劳动节 \n2027-05-03　 劳动节（调休）')).toEqual({
      days: { '2027-05-01': '劳动节', '2027-05-02': '劳动节', '2027-05-03': '劳动节（调休）' },
      problems: [],
    });
  });

  it('passes over blank lines and the spaces around a line, and reads nothing from an empty box', () => {
    expect(parseDayLines('\n  2027-01-01 元旦  \r\n\n   \n2027-02-06 春节\n')).toEqual({ days: { '2027-01-01': '元旦', '2027-02-06': '春节' }, problems: [] });
    expect(parseDayLines('')).toEqual({ days: {}, problems: [] });
  });

  it('reports a line it cannot read with its line number, and keeps the others', () => {
    const parsed = parseDayLines('2027-05-01 劳动节\n\n2027/05/02 劳动节\n2027-05-03\n5月4日 劳动节');
    expect(parsed.days).toEqual({ '2027-05-01': '劳动节' });
    expect(parsed.problems).toEqual([
      '第3行「2027/05/02 劳动节」应为“日期 节日名称”，如“2027-05-01 劳动节”',
      '第4行「2027-05-03」应为“日期 节日名称”，如“2027-05-01 劳动节”',
      '第5行「5月4日 劳动节」应为“日期 节日名称”，如“2027-05-01 劳动节”',
    ]);
  });

  it('reports a date given twice, naming both lines, and keeps the first', () => {
    const parsed = parseDayLines('2027-10-01 国庆节\n2027-10-02 国庆节\n2027-10-01 中秋节');
    expect(parsed.days).toEqual({ '2027-10-01': '国庆节', '2027-10-02': '国庆节' });
    expect(parsed.problems).toEqual(['第3行的 2027-10-01 与第1行重复']);
  });
});

describe('the years the calendar covers', () => {
  it('reads as ranges, a year apart on its own', () => {
    expect(yearRanges([2006, 2004, 2005, 2028, 2026, 2025])).toBe('2004–2006、2025–2026、2028');
    expect(yearRanges([2027])).toBe('2027');
    expect(yearRanges([])).toBe('');
  });
});
