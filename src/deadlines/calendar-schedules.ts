import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldError } from '../common/errors.js';
import { weekdayOf, type YearSchedule } from './working-calendar.js';

/**
 * A year's official holiday schedule as staff or a data file give it, checked
 * before the calendar trusts it: the year of the State Council's notice that
 * the shipped data does not hold yet (2027 and later).
 *
 * File form (templates/calendar/2027.json, or the body of PUT /api/calendar/years/2027):
 *   { "year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）",
 *     "daysOff": { "2027-01-01": "元旦", … }, "makeUpWorkdays": { "2027-02-06": "春节", … } }
 */

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The problems of one schedule, each naming its field (empty when it is sound). */
export function scheduleProblems(year: number, input: { source?: unknown; daysOff?: unknown; makeUpWorkdays?: unknown }): FieldError[] {
  const problems: FieldError[] = [];
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) problems.push({ field: 'year', message: `年份应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数` });
  if (typeof input.source !== 'string' || input.source.trim() === '') problems.push({ field: 'source', message: '请填写依据（国务院办公厅通知的名称和文号）' });
  const days = (field: 'daysOff' | 'makeUpWorkdays'): Record<string, unknown> => {
    const value = input[field];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push({ field, message: '应为“日期: 节日名称”的对象' });
    return {};
  };
  const daysOff = days('daysOff');
  const makeUp = days('makeUpWorkdays');
  if (Object.keys(daysOff).length === 0 && problems.every((p) => p.field !== 'daysOff')) problems.push({ field: 'daysOff', message: '至少应有一个放假日' });
  for (const [field, entries] of [
    ['daysOff', daysOff],
    ['makeUpWorkdays', makeUp],
  ] as const) {
    for (const [date, name] of Object.entries(entries)) {
      const at = `${field}.${date}`;
      const weekday = weekdayOrNull(date);
      if (weekday === null) problems.push({ field: at, message: `“${date}”不是有效日期（格式 YYYY-MM-DD）` });
      else if (Number(date.slice(0, 4)) !== year) problems.push({ field: at, message: `${date} 不在${year}年内` });
      else if (field === 'makeUpWorkdays' && weekday !== 0 && weekday !== 6) problems.push({ field: at, message: `${date} 不是周末，无需调休上班` });
      if (typeof name !== 'string' || name.trim() === '') problems.push({ field: at, message: '请填写节日名称' });
      if (field === 'makeUpWorkdays' && date in daysOff) problems.push({ field: at, message: `${date} 不能既放假又调休上班` });
    }
  }
  return problems;
}

/** The calendar's weekday of `date`, or null when it is not a real YYYY-MM-DD date. */
function weekdayOrNull(date: string): number | null {
  try {
    return weekdayOf(date);
  } catch {
    return null;
  }
}

/** A schedule already checked: names trimmed. */
export function toSchedule(year: number, input: { source: string; daysOff: Record<string, string>; makeUpWorkdays: Record<string, string> }): YearSchedule {
  const trim = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([d, n]) => [d, n.trim()]));
  return { year, source: input.source.trim(), daysOff: trim(input.daysOff), makeUpWorkdays: trim(input.makeUpWorkdays) };
}

/**
 * Every `YYYY.json` in `dir` (a missing folder holds none). A file that is not
 * sound stops the start with what is wrong: a wrong holiday would move every
 * deadline and 催办 planned in its year.
 */
export function readScheduleFiles(dir: string): YearSchedule[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d{4}\.json$/.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.sort().map((name) => {
    const path = join(dir, name);
    let parsed: { year?: unknown; source?: unknown; daysOff?: unknown; makeUpWorkdays?: unknown };
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
    } catch (error) {
      throw new Error(`工作日日历数据文件 ${path} 不是有效的 JSON：${(error as Error).message}`);
    }
    const year = Number(name.slice(0, 4));
    const problems = scheduleProblems(year, parsed);
    if (parsed.year !== year) problems.unshift({ field: 'year', message: `文件名为 ${name}，其中 year 应为 ${year}` });
    if (problems.length > 0) throw new Error(`工作日日历数据文件 ${path} 有误：${problems.map((p) => `${p.field}: ${p.message}`).join('；')}`);
    return toSchedule(year, parsed as { source: string; daysOff: Record<string, string>; makeUpWorkdays: Record<string, string> });
  });
}
