import { createRequire } from 'node:module';

/**
 * Working days in mainland China: public holidays off, make-up working days
 * (调休上班) on, otherwise Monday to Friday.
 *
 * The data is the JSON file the npm package `chinese-days` (MIT) publishes,
 * a transcription of the State Council notices
 * 国务院办公厅关于XXXX年部分节假日安排的通知. We read the JSON rather than the
 * package's code: its `main` is a UMD bundle whose named exports Node's ESM
 * loader cannot see, and a data file needs no interop at all.
 *
 * A year the data does not cover (each notice appears around November of the
 * year before) falls back to Monday to Friday; `covers()` and `warnings()`
 * let callers say so instead of silently trusting the fallback.
 */

/** `chinese-days` ships `dist/chinese-days.json`: date → "English name,中文名,days". */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const requireFromHere = createRequire(import.meta.url);
const CHINESE_DAYS = requireFromHere('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const CHINESE_DAYS_VERSION = (requireFromHere('chinese-days/package.json') as { version: string }).version;

/** One year's official schedule supplied by the caller (for a year the package does not cover yet). */
export interface YearSchedule {
  year: number;
  /** Where it comes from, e.g. '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）'. */
  source: string;
  /** Date → holiday name ('劳动节'), every day off including the weekend days inside a break. */
  daysOff: Record<string, string>;
  /** Date → the holiday it makes up for: weekend days that are worked (调休上班). */
  makeUpWorkdays: Record<string, string>;
}

export type DayKind = 'holiday' | 'makeUpWorkday' | 'weekend' | 'weekday';

export interface CalendarDay {
  date: string;
  working: boolean;
  kind: DayKind;
  /** '劳动节' for a holiday or for the make-up working day that belongs to it. */
  holiday?: string;
  /** False when the year's official schedule is not in the data: the answer is the Monday-to-Friday fallback. */
  official: boolean;
}

interface Special {
  working: boolean;
  holiday: string;
}

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** About forty years of working days: more is a bug upstream, not a plan. */
const MAX_STEP = 10_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on anything that is not a real calendar date. */
function toEpochDay(date: string): number {
  const m = DATE_PATTERN.exec(date);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 2022-02-30 over to 2022-03-02: a round trip catches it (and years 0–99, which it maps to 19xx).
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / DAY_MS;
  }
  throw new RangeError(`日期格式应为 YYYY-MM-DD 的有效日期 / not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

/** 0 = Sunday … 6 = Saturday; throws on anything that is not a real YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  return (toEpochDay(date) + 4) % 7; // 1970-01-01 was a Thursday
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "2004–2026, 2028" */
function yearRanges(years: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    ranges.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

export class WorkingCalendar {
  /** Where the data comes from: package, version and the notices behind it. */
  readonly source: string;
  private readonly specials = new Map<string, Special>();
  private readonly covered: number[];

  constructor(options: { extraSchedules?: YearSchedule[] } = {}) {
    for (const [date, value] of Object.entries(CHINESE_DAYS.holidays)) this.specials.set(date, { working: false, holiday: chineseName(value) });
    for (const [date, value] of Object.entries(CHINESE_DAYS.workdays)) this.specials.set(date, { working: true, holiday: chineseName(value) });

    // Every notice sets 元旦 (1 January) first and 国庆节 (1 October) last, so a year with both is one whose
    // notice is in the data. A year holding only, say, 31 December (set by the next year's notice) is not.
    const packageYears = new Set<number>();
    for (const date of Object.keys(CHINESE_DAYS.holidays)) {
      const year = Number(date.slice(0, 4));
      if (date.endsWith('-01-01') && `${year}-10-01` in CHINESE_DAYS.holidays) packageYears.add(year);
    }
    const sources = [
      `npm chinese-days@${CHINESE_DAYS_VERSION} (MIT, https://github.com/vsme/chinese-days), 国务院办公厅关于部分节假日安排的通知 ${yearRanges([...packageYears].sort((a, b) => a - b))}`,
    ];

    const years = new Set(packageYears);
    for (const schedule of options.extraSchedules ?? []) {
      if (!Number.isInteger(schedule.year)) throw new RangeError(`year must be an integer: ${schedule.year}`);
      // A year given again (a correction entered by an administrator) replaces what was known of it.
      for (const date of [...this.specials.keys()]) if (date.startsWith(`${schedule.year}-`)) this.specials.delete(date);
      for (const [date, holiday] of Object.entries(schedule.daysOff)) this.addSpecial(date, { working: false, holiday });
      for (const [date, holiday] of Object.entries(schedule.makeUpWorkdays)) {
        if (date in schedule.daysOff) throw new RangeError(`${date} 既是假日又是调休上班日 / is both a day off and a make-up working day`);
        this.addSpecial(date, { working: true, holiday });
      }
      years.add(schedule.year);
      sources.push(`${schedule.year}: ${schedule.source}`);
    }
    this.covered = [...years].sort((a, b) => a - b);
    this.source = sources.join('; ');
  }

  isWorkingDay(date: string): boolean {
    return this.describe(date).working;
  }

  /** What the calendar knows about a day, for display ("5月7日 劳动节调休上班"). */
  describe(date: string): CalendarDay {
    const weekday = weekdayOf(date);
    const official = this.covers(Number(date.slice(0, 4)));
    const special = this.specials.get(date);
    if (special) return { date, working: special.working, kind: special.working ? 'makeUpWorkday' : 'holiday', holiday: special.holiday, official };
    const weekend = weekday === 0 || weekday === 6;
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', official };
  }

  /**
   * The n-th working day strictly after `date` (n > 0) or strictly before it (n < 0); `date` itself
   * need not be a working day and is never counted. n = 0 returns `date`.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_STEP) throw new RangeError(`n must be an integer within ±${MAX_STEP}: ${n}`);
    let day = toEpochDay(date);
    const step = Math.sign(n);
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorkingDay(fromEpochDay(day))) left--;
    }
    return fromEpochDay(day);
  }

  /** Whether the official schedule of `year` is in the data (otherwise: Monday to Friday). */
  covers(year: number): boolean {
    return this.covered.includes(year);
  }

  coveredYears(): number[] {
    return [...this.covered];
  }

  /** What a person must be told about `year`: empty when its official schedule is known. */
  warnings(year: number): string[] {
    if (this.covers(year)) return [];
    return [
      `日历数据中没有${year}年的国务院办公厅节假日安排，${year}年按周一至周五计算工作日，法定节假日与调休未计入。` +
        ` / The State Council holiday schedule for ${year} is not in the calendar data: working days in ${year} are counted as Monday to Friday, without public holidays or make-up working days.`,
    ];
  }

  /** The warnings for every year from `from` to `to` (dates, either order), e.g. a deadline and its reminders. */
  warningsBetween(from: string, to: string): string[] {
    toEpochDay(from);
    toEpochDay(to);
    const [a, b] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].sort((x, y) => x - y);
    const out: string[] = [];
    for (let year = a; year <= b; year++) out.push(...this.warnings(year));
    return out;
  }

  private addSpecial(date: string, special: Special): void {
    toEpochDay(date);
    this.specials.set(date, special);
  }
}

/** "Labour Day,劳动节,1" → "劳动节" */
function chineseName(value: string): string {
  return value.split(',')[1] ?? value;
}
