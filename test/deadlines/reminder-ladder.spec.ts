import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/common/errors.js';
import { DEFAULT_LADDER, instantOfLocalTime, parseLadder, planReminders, type LadderRung } from '../../src/deadlines/reminder-ladder.js';
import { WorkingCalendar } from '../../src/deadlines/working-calendar.js';

const calendar = new WorkingCalendar();
const BEIJING = 'Asia/Shanghai';

// The reference round: tables are due before 2022-04-29 (Friday) 09:00 Beijing time.
const REFERENCE_DEADLINE = '2022-04-29T01:00:00.000Z';

const plan = (deadline: string, extra: { ladder?: LadderRung[]; now?: string; timeZone?: string } = {}) =>
  planReminders({ deadline, timeZone: extra.timeZone ?? BEIJING, ladder: extra.ladder ?? DEFAULT_LADDER, calendar, now: extra.now });

describe('the default 催办 ladder for the reference deadline, Friday 2022-04-29 09:00 Beijing', () => {
  it('reminds on Tuesday 26 April 09:00, Thursday 28 April 09:00 and Friday 29 April 07:00', () => {
    expect(plan(REFERENCE_DEADLINE)).toEqual([
      { rung: 0, dueAt: '2022-04-26T01:00:00.000Z', label: '截止前3个工作日' },
      { rung: 1, dueAt: '2022-04-28T01:00:00.000Z', label: '截止前1个工作日' },
      { rung: 2, dueAt: '2022-04-28T23:00:00.000Z', label: '截止前2小时' },
    ]);
  });

  it('gives the same plan for the deadline written with its +08:00 offset', () => {
    expect(plan('2022-04-29T09:00:00+08:00')).toEqual(plan(REFERENCE_DEADLINE));
  });
});

describe('a deadline just after the Labour Day break, Friday 2022-05-06 09:00', () => {
  it('skips 30 April to 4 May: three working days before is Thursday 28 April, one is Thursday 5 May', () => {
    expect(plan('2022-05-06T01:00:00.000Z').map((r) => r.dueAt)).toEqual(['2022-04-28T01:00:00.000Z', '2022-05-05T01:00:00.000Z', '2022-05-05T23:00:00.000Z']);
  });
});

describe('a deadline on Monday 2022-05-09 09:00', () => {
  it('reminds on the make-up working day, Saturday 7 May, and three working days before on Thursday 5 May', () => {
    expect(plan('2022-05-09T01:00:00.000Z')).toEqual([
      { rung: 0, dueAt: '2022-05-05T01:00:00.000Z', label: '截止前3个工作日' },
      { rung: 1, dueAt: '2022-05-07T01:00:00.000Z', label: '截止前1个工作日' },
      { rung: 2, dueAt: '2022-05-08T23:00:00.000Z', label: '截止前2小时' },
    ]);
  });
});

describe('re-planning at a later moment (after a RETURN or a restart)', () => {
  it('drops the rungs already past', () => {
    expect(plan(REFERENCE_DEADLINE, { now: '2022-04-27T02:00:00.000Z' }).map((r) => r.rung)).toEqual([1, 2]);
  });

  it('drops a rung due exactly now', () => {
    expect(plan(REFERENCE_DEADLINE, { now: '2022-04-28T01:00:00.000Z' }).map((r) => r.rung)).toEqual([2]);
  });

  it('plans nothing once the deadline has passed', () => {
    expect(plan(REFERENCE_DEADLINE, { now: '2022-04-29T01:00:00.000Z' })).toEqual([]);
  });

  it('re-plans an extended deadline over the break', () => {
    const extended = '2022-05-06T01:00:00.000Z';
    expect(plan(extended, { now: '2022-04-29T01:00:00.000Z' }).map((r) => r.label)).toEqual(['截止前1个工作日', '截止前2小时']);
  });
});

describe('a ladder configured per notice', () => {
  it('sends one reminder when two rungs fall on the same instant, named by the earlier rung', () => {
    const ladder: LadderRung[] = [
      { kind: 'hoursBefore', hours: 24 },
      { kind: 'workingDaysBefore', days: 1, at: '09:00' },
    ];
    expect(plan(REFERENCE_DEADLINE, { ladder })).toEqual([{ rung: 0, dueAt: '2022-04-28T01:00:00.000Z', label: '截止前24小时' }]);
  });

  it('sorts by due time whatever the order of the rungs', () => {
    const ladder: LadderRung[] = [
      { kind: 'hoursBefore', hours: 1 },
      { kind: 'workingDaysBefore', days: 2, at: '14:30' },
    ];
    expect(plan(REFERENCE_DEADLINE, { ladder })).toEqual([
      { rung: 1, dueAt: '2022-04-27T06:30:00.000Z', label: '截止前2个工作日' },
      { rung: 0, dueAt: '2022-04-29T00:00:00.000Z', label: '截止前1小时' },
    ]);
  });

  it('plans nothing with an empty ladder', () => {
    expect(plan(REFERENCE_DEADLINE, { ladder: [] })).toEqual([]);
  });

  it('refuses a deadline without an offset and an unknown time zone', () => {
    expect(() => plan('2022-04-29T09:00:00')).toThrow(/不是有效的时间（需为带时区的时间/);
    expect(() => plan(REFERENCE_DEADLINE, { timeZone: 'Asia/Peking' })).toThrow(/time zone/);
    expect(() => plan(REFERENCE_DEADLINE, { now: 'yesterday' })).toThrow(/now/);
  });
});

describe('a deadline in a year the calendar does not cover', () => {
  it('is still planned, Monday to Friday, and the calendar says so', () => {
    // Monday 2027-01-04 09:00: without the 2027 notice, Friday 1 January counts as a working day.
    const reminders = plan('2027-01-04T01:00:00.000Z');
    expect(reminders.map((r) => r.dueAt)).toEqual(['2026-12-30T01:00:00.000Z', '2027-01-01T01:00:00.000Z', '2027-01-03T23:00:00.000Z']);
    expect(calendar.warningsBetween('2026-12-30', '2027-01-04')).toEqual([expect.stringContaining('2027')]);
  });
});

describe('local time to instant, in any zone', () => {
  it('reads 09:00 in Beijing as 01:00 UTC', () => {
    expect(instantOfLocalTime('2022-04-26', '09:00', BEIJING).toISOString()).toBe('2022-04-26T01:00:00.000Z');
    expect(instantOfLocalTime('2022-04-26', '00:00', BEIJING).toISOString()).toBe('2022-04-25T16:00:00.000Z');
  });

  it('follows daylight saving time in New York, moving a skipped 02:30 forward and taking the first of a repeated 01:30', () => {
    expect(instantOfLocalTime('2022-03-12', '09:00', 'America/New_York').toISOString()).toBe('2022-03-12T14:00:00.000Z');
    expect(instantOfLocalTime('2022-03-14', '09:00', 'America/New_York').toISOString()).toBe('2022-03-14T13:00:00.000Z');
    expect(instantOfLocalTime('2022-03-13', '02:30', 'America/New_York').toISOString()).toBe('2022-03-13T07:30:00.000Z');
    expect(instantOfLocalTime('2022-11-06', '01:30', 'America/New_York').toISOString()).toBe('2022-11-06T05:30:00.000Z');
  });
});

describe('reading a ladder from configuration', () => {
  it('accepts the default ladder, as an array or as JSON text', () => {
    expect(parseLadder(DEFAULT_LADDER)).toEqual(DEFAULT_LADDER);
    expect(parseLadder(JSON.stringify(DEFAULT_LADDER))).toEqual(DEFAULT_LADDER);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an array', { kind: 'hoursBefore', hours: 2 }, /应为数组 \/ must be an array/],
    ['invalid JSON text', '[{kind:', /not valid JSON/],
    ['an unknown kind', [{ kind: 'daysBefore', days: 3 }], /ladder\[0\]\.kind.*kind must be 'workingDaysBefore' or 'hoursBefore'/],
    ['a rung that is not an object', [null], /第1级 \/ rung 1: 应为对象 \/ must be an object/],
    ['zero working days', [{ kind: 'workingDaysBefore', days: 0, at: '09:00' }], /days 应为1至60的整数 \/ days must be an integer from 1 to 60/],
    ['a fractional day', [{ kind: 'workingDaysBefore', days: 1.5, at: '09:00' }], /ladder\[0\]\.days/],
    ['a day count as text', [{ kind: 'workingDaysBefore', days: '3', at: '09:00' }], /ladder\[0\]\.days/],
    ['a time without leading zero', [{ kind: 'workingDaysBefore', days: 3, at: '9:00' }], /at must be a time 'HH:mm'/],
    ['24:00', [{ kind: 'workingDaysBefore', days: 3, at: '24:00' }], /ladder\[0\]\.at/],
    ['a missing time', [{ kind: 'workingDaysBefore', days: 3 }], /ladder\[0\]\.at/],
    ['negative hours', [{ kind: 'hoursBefore', hours: -2 }], /hours must be an integer from 1 to 720/],
    ['an unknown field', [{ kind: 'hoursBefore', hours: 2, at: '09:00' }], /ladder\[0\]\.at: 第1级 \/ rung 1: 不允许的字段 \/ unknown field/],
    ['a duplicated rung', [DEFAULT_LADDER[2], { hours: 2, kind: 'hoursBefore' }], /ladder\[1\]: 第2级 \/ rung 2: 与第1级重复 \/ duplicates rung 1/],
    ['too many rungs', Array.from({ length: 11 }, (_, i) => ({ kind: 'hoursBefore', hours: i + 1 })), /at most 10 rungs/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseLadder(input)).toThrow(message);
  });

  it('reports every bad field at once, as VALIDATION_FAILED', () => {
    let caught: unknown;
    try {
      parseLadder([{ kind: 'workingDaysBefore', days: 0, at: '9' }, DEFAULT_LADDER[2]]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.detail).toMatch(/^催办设置无效 \/ invalid reminder settings: /);
    expect(error.extra.errors?.map((e) => e.field)).toEqual(['ladder[0].days', 'ladder[0].at']);
  });

  it('refuses a bad ladder when planning, too', () => {
    expect(() => plan(REFERENCE_DEADLINE, { ladder: [{ kind: 'hoursBefore', hours: 0 }] })).toThrow(DomainError);
  });
});
