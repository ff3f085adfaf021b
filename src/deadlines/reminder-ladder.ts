import { formatLocal, isValidTimeZone } from '../common/beijing-time.js';
import { DomainError, type FieldError } from '../common/errors.js';
import { parseInstant } from '../common/instants.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * The 催办 ladder, planned as data: which reminders fall due when, for one
 * deadline. Pure: no clock (pass `now`), no I/O. The scheduler turns each
 * planned reminder into a timer row; a RETURN or an extension re-plans.
 */

export type LadderRung = { kind: 'workingDaysBefore'; days: number; at: string /* 'HH:mm' local */ } | { kind: 'hoursBefore'; hours: number };

/** Issue 4: three working days before at 09:00, one working day before at 09:00, and two hours before. */
export const DEFAULT_LADDER: LadderRung[] = [
  { kind: 'workingDaysBefore', days: 3, at: '09:00' },
  { kind: 'workingDaysBefore', days: 1, at: '09:00' },
  { kind: 'hoursBefore', hours: 2 },
];

export interface PlannedReminder {
  /** Index of the rung in the ladder. */
  rung: number;
  /** ISO instant, UTC, as Date.toISOString(). */
  dueAt: string;
  /** '截止前3个工作日', '截止前2小时'. */
  label: string;
}

export const MAX_RUNGS = 10;
export const MAX_WORKING_DAYS_BEFORE = 60;
export const MAX_HOURS_BEFORE = 720;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function planReminders(input: { deadline: string; timeZone: string; ladder: LadderRung[]; calendar: WorkingCalendar; now?: string }): PlannedReminder[] {
  const deadline = instantMs(input.deadline, 'deadline');
  const now = input.now === undefined ? undefined : instantMs(input.now, 'now');
  if (!isValidTimeZone(input.timeZone)) throw invalid([{ field: 'timeZone', message: `未知时区 / unknown IANA time zone ${JSON.stringify(input.timeZone)}` }]);
  // A ladder may come from a stored row as well as from parseLadder: check it here too.
  const ladder = parseLadder(input.ladder);

  const deadlineDate = localDate(deadline, input.timeZone);
  const planned = ladder.map((rung, index) => ({ rung: index, due: dueAt(rung, deadline, deadlineDate, input), label: labelOf(rung) }));

  const out: PlannedReminder[] = [];
  for (const p of planned.filter((p) => p.due < deadline && (now === undefined || p.due > now)).sort((a, b) => a.due - b.due || a.rung - b.rung)) {
    // Two rungs on the same instant send one reminder: the earlier rung in the ladder names it.
    if (out.length > 0 && Date.parse(out[out.length - 1].dueAt) === p.due) continue;
    out.push({ rung: p.rung, dueAt: new Date(p.due).toISOString(), label: p.label });
  }
  return out;
}

function dueAt(rung: LadderRung, deadline: number, deadlineDate: string, input: { timeZone: string; calendar: WorkingCalendar }): number {
  switch (rung.kind) {
    case 'workingDaysBefore':
      return instantOfLocalTime(input.calendar.addWorkingDays(deadlineDate, -rung.days), rung.at, input.timeZone).getTime();
    case 'hoursBefore':
      return deadline - rung.hours * HOUR_MS;
  }
}

function labelOf(rung: LadderRung): string {
  switch (rung.kind) {
    case 'workingDaysBefore':
      return `截止前${rung.days}个工作日`;
    case 'hoursBefore':
      return `截止前${rung.hours}小时`;
  }
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `time` ('2022-04-26', '09:00').
 * Zone-generic, with Temporal's 'compatible' rule: a time repeated when clocks go back is the first
 * one; a time skipped when clocks go forward moves forward by the gap (02:30 → 03:30).
 */
export function instantOfLocalTime(date: string, time: string, timeZone: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = TIME_PATTERN.exec(time);
  if (!d || !t) throw new RangeError(`expected YYYY-MM-DD and HH:mm, got ${JSON.stringify(date)} ${JSON.stringify(time)}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // The offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const matches = [wall - before, wall - after].filter((at) => wallClock(at, timeZone) === wall).sort((a, b) => a - b);
  return new Date(matches[0] ?? wall - before);
}

/** The wall-clock reading in `timeZone` at instant `at`, as if it were UTC milliseconds. */
function wallClock(at: number, timeZone: string): number {
  const p = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(formatLocal(new Date(at), timeZone));
  if (!p) throw new Error(`unexpected local time format in ${timeZone}`);
  return Date.UTC(Number(p[1]), Number(p[2]) - 1, Number(p[3]), Number(p[4]), Number(p[5]), Number(p[6]));
}

function offsetAt(at: number, timeZone: string): number {
  return wallClock(at, timeZone) - Math.floor(at / 1000) * 1000;
}

function localDate(at: number, timeZone: string): string {
  return formatLocal(new Date(at), timeZone).slice(0, 10);
}

/** An instant must say its offset: '2022-04-29T09:00' alone would be read in the server's zone. */
function instantMs(value: string, field: string): number {
  return Date.parse(parseInstant(value, field));
}

/**
 * Validates a ladder from configuration: an array of rungs, or its JSON text. Rungs keep their order
 * (a planned reminder names its rung by index). An empty ladder means no automatic 催办.
 */
export function parseLadder(json: unknown): LadderRung[] {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw invalid([{ field: 'ladder', message: '不是有效的 JSON / not valid JSON' }]);
    }
  }
  if (!Array.isArray(value)) throw invalid([{ field: 'ladder', message: '应为数组 / must be an array of rungs' }]);
  if (value.length > MAX_RUNGS) throw invalid([{ field: 'ladder', message: `最多${MAX_RUNGS}级 / at most ${MAX_RUNGS} rungs` }]);

  const errors: FieldError[] = [];
  const rungs: LadderRung[] = [];
  const seen = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const field = `ladder[${i}]`;
    const where = `第${i + 1}级 / rung ${i + 1}`;
    const error = (message: string, key?: string): void => {
      errors.push({ field: key ? `${field}.${key}` : field, message: `${where}: ${message}` });
    };
    const rung = parseRung(item, error);
    if (!rung) return;
    const key = JSON.stringify(rung);
    const first = seen.get(key);
    if (first !== undefined) {
      error(`与第${first + 1}级重复 / duplicates rung ${first + 1}`);
      return;
    }
    seen.set(key, i);
    rungs.push(rung);
  });
  if (errors.length > 0) throw invalid(errors);
  return rungs;
}

function parseRung(item: unknown, error: (message: string, key?: string) => void): LadderRung | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    error('应为对象 / must be an object');
    return undefined;
  }
  const rung = item as Record<string, unknown>;
  const allowed = rung.kind === 'workingDaysBefore' ? ['kind', 'days', 'at'] : rung.kind === 'hoursBefore' ? ['kind', 'hours'] : undefined;
  if (!allowed) {
    error(`kind 应为 workingDaysBefore 或 hoursBefore / kind must be 'workingDaysBefore' or 'hoursBefore', got ${JSON.stringify(rung.kind)}`, 'kind');
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(rung)) {
    if (!allowed.includes(key)) {
      error(`不允许的字段 / unknown field`, key);
      ok = false;
    }
  }
  if (rung.kind === 'workingDaysBefore') {
    if (!isIntegerBetween(rung.days, 1, MAX_WORKING_DAYS_BEFORE)) {
      error(`days 应为1至${MAX_WORKING_DAYS_BEFORE}的整数 / days must be an integer from 1 to ${MAX_WORKING_DAYS_BEFORE}`, 'days');
      ok = false;
    }
    if (typeof rung.at !== 'string' || !TIME_PATTERN.test(rung.at)) {
      error(`at 应为 HH:mm 格式的时间（00:00–23:59）/ at must be a time 'HH:mm' from 00:00 to 23:59`, 'at');
      ok = false;
    }
    return ok ? { kind: 'workingDaysBefore', days: rung.days as number, at: rung.at as string } : undefined;
  }
  if (!isIntegerBetween(rung.hours, 1, MAX_HOURS_BEFORE)) {
    error(`hours 应为1至${MAX_HOURS_BEFORE}的整数 / hours must be an integer from 1 to ${MAX_HOURS_BEFORE}`, 'hours');
    ok = false;
  }
  return ok ? { kind: 'hoursBefore', hours: rung.hours as number } : undefined;
}

function isIntegerBetween(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function invalid(errors: FieldError[]): DomainError {
  const detail = `催办设置无效 / invalid reminder settings: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  return new DomainError('VALIDATION_FAILED', detail, { errors });
}
