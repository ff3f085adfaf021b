import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '../../src/deadlines/working-calendar.js';

const calendar = new WorkingCalendar();

const offDays = (dates: string[]): string[] => dates.filter((d) => !calendar.isWorkingDay(d));
const workedDays = (dates: string[]): string[] => dates.filter((d) => calendar.isWorkingDay(d));

describe('the 2022 Labour Day break (国办发明电〔2021〕11号)', () => {
  it('is off from Saturday 30 April to Wednesday 4 May', () => {
    const brk = ['2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03', '2022-05-04'];
    expect(workedDays(brk)).toEqual([]);
  });

  it('is made up on Sunday 24 April and Saturday 7 May', () => {
    expect(calendar.isWorkingDay('2022-04-24')).toBe(true);
    expect(calendar.isWorkingDay('2022-05-07')).toBe(true);
    expect(calendar.describe('2022-05-07')).toEqual({ date: '2022-05-07', working: true, kind: 'makeUpWorkday', holiday: '劳动节', official: true });
  });

  it('leaves the days around it as usual: Friday 29 April and Thursday 5 May worked, Sunday 8 May off', () => {
    expect(calendar.isWorkingDay('2022-04-29')).toBe(true);
    expect(calendar.isWorkingDay('2022-05-05')).toBe(true);
    expect(calendar.isWorkingDay('2022-05-06')).toBe(true);
    expect(calendar.isWorkingDay('2022-05-08')).toBe(false);
  });

  it('names the holiday a day off belongs to', () => {
    expect(calendar.describe('2022-05-02')).toEqual({ date: '2022-05-02', working: false, kind: 'holiday', holiday: '劳动节', official: true });
  });
});

describe('the 2022 National Day break', () => {
  it('is off from 1 to 7 October and worked on Saturday 8 and Sunday 9 October', () => {
    const week = ['2022-10-01', '2022-10-02', '2022-10-03', '2022-10-04', '2022-10-05', '2022-10-06', '2022-10-07'];
    expect(workedDays(week)).toEqual([]);
    expect(workedDays(['2022-10-08', '2022-10-09', '2022-10-10'])).toEqual(['2022-10-08', '2022-10-09', '2022-10-10']);
    expect(calendar.isWorkingDay('2022-09-30')).toBe(true);
  });
});

describe('the 2021 Spring Festival (国办发明电〔2020〕27号)', () => {
  it('is off from Thursday 11 to Wednesday 17 February', () => {
    const brk = ['2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15', '2021-02-16', '2021-02-17'];
    expect(workedDays(brk)).toEqual([]);
  });

  it('is made up on Sunday 7 and Saturday 20 February', () => {
    expect(workedDays(['2021-02-07', '2021-02-20'])).toEqual(['2021-02-07', '2021-02-20']);
    expect(calendar.isWorkingDay('2021-02-18')).toBe(true);
    expect(calendar.isWorkingDay('2021-02-21')).toBe(false);
  });
});

describe('an ordinary week', () => {
  it('works Monday to Friday and rests at the weekend (16–17 April 2022)', () => {
    const week = ['2022-04-11', '2022-04-12', '2022-04-13', '2022-04-14', '2022-04-15', '2022-04-16', '2022-04-17'];
    expect(offDays(week)).toEqual(['2022-04-16', '2022-04-17']);
    expect(calendar.describe('2022-04-16').kind).toBe('weekend');
    expect(calendar.describe('2022-04-15').kind).toBe('weekday');
  });
});

describe('counting working days', () => {
  it('skips the Labour Day break: one working day after Friday 29 April is Thursday 5 May', () => {
    expect(calendar.addWorkingDays('2022-04-29', 1)).toBe('2022-05-05');
    expect(calendar.addWorkingDays('2022-04-29', 2)).toBe('2022-05-06');
    expect(calendar.addWorkingDays('2022-04-29', 3)).toBe('2022-05-07');
    expect(calendar.addWorkingDays('2022-04-29', 4)).toBe('2022-05-09');
  });

  it('counts backwards too: one working day before Thursday 5 May is Friday 29 April', () => {
    expect(calendar.addWorkingDays('2022-05-05', -1)).toBe('2022-04-29');
    expect(calendar.addWorkingDays('2022-05-09', -1)).toBe('2022-05-07');
    expect(calendar.addWorkingDays('2022-05-09', -3)).toBe('2022-05-05');
    expect(calendar.addWorkingDays('2022-04-25', -1)).toBe('2022-04-24');
  });

  it('never counts the start date, even when it is a holiday', () => {
    expect(calendar.addWorkingDays('2022-05-01', 1)).toBe('2022-05-05');
    expect(calendar.addWorkingDays('2022-05-01', -1)).toBe('2022-04-29');
    expect(calendar.addWorkingDays('2022-05-01', 0)).toBe('2022-05-01');
  });

  it('crosses a year end', () => {
    // 2022-12-31 to 2023-01-02 is the 2023 New Year break.
    expect(calendar.addWorkingDays('2022-12-30', 1)).toBe('2023-01-03');
  });

  it('refuses a fractional count and an impossible date', () => {
    expect(() => calendar.addWorkingDays('2022-04-29', 1.5)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2022-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.isWorkingDay('2022-4-29')).toThrow(/YYYY-MM-DD/);
  });
});

describe('coverage and source', () => {
  it('covers 2021 to 2026 from the official notices', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025, 2026]) expect(calendar.covers(year)).toBe(true);
    expect(calendar.coveredYears()).toEqual(expect.arrayContaining([2021, 2022, 2023, 2024, 2025, 2026]));
    expect(calendar.warnings(2022)).toEqual([]);
  });

  it('does not cover 2027 yet: it falls back to Monday to Friday and says so', () => {
    expect(calendar.covers(2027)).toBe(false);
    expect(calendar.coveredYears()).not.toContain(2027);
    // 1 October 2027 is a Friday: a public holiday by law, but without the notice the fallback counts it.
    expect(calendar.describe('2027-10-01')).toEqual({ date: '2027-10-01', working: true, kind: 'weekday', official: false });
    expect(calendar.isWorkingDay('2027-10-02')).toBe(false);
    expect(calendar.warnings(2027)).toEqual([expect.stringContaining('2027年')]);
    expect(calendar.warnings(2027)[0]).toContain('Monday to Friday');
    expect(calendar.warningsBetween('2026-12-20', '2027-01-10')).toHaveLength(1);
  });

  it('names the package, its version and the State Council notices', () => {
    expect(calendar.source).toContain('chinese-days@1.5.7');
    expect(calendar.source).toContain('国务院办公厅关于部分节假日安排的通知');
    expect(calendar.source).toContain('2026');
  });

  it('takes a schedule published later as extra data, and then covers that year', () => {
    // A test fixture, not the 2027 schedule.
    const later = new WorkingCalendar({
      extraSchedules: [
        { year: 2099, source: 'test fixture', daysOff: { '2099-01-01': '元旦', '2099-01-02': '元旦' }, makeUpWorkdays: { '2099-01-04': '元旦' } },
      ],
    });
    expect(later.covers(2099)).toBe(true);
    expect(later.warnings(2099)).toEqual([]);
    expect(later.isWorkingDay('2099-01-02')).toBe(false); // a Friday off
    expect(later.isWorkingDay('2099-01-04')).toBe(true); // a Sunday worked
    expect(later.source).toContain('2099: test fixture');
  });
});
