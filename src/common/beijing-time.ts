/** Formats instants for people, in the time zone that governs the round (Beijing time by default). */
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

export type LocalParts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'weekday', string>;

/** The wall-clock fields of an instant in a zone, zero-padded ("2022", "04", "29", "09", …). */
export function localParts(at: Date | string, timeZone: string): LocalParts {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) out[p.type] = p.value;
  return out as LocalParts;
}

const parts = localParts;

/** "2022年4月29日（星期五）9:00" */
export function formatDeadline(at: Date | string, timeZone = 'Asia/Shanghai'): string {
  const p = parts(at, timeZone);
  const weekday = WEEKDAYS[new Date(`${p.year}-${p.month}-${p.day}T00:00:00Z`).getUTCDay()];
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日（${weekday}）${Number(p.hour)}:${p.minute}`;
}

/** "2022年4月29日 9:00:01": an instant a person reads to the second (when an act was refused, for instance). */
export function formatMoment(at: Date | string, timeZone = 'Asia/Shanghai'): string {
  const p = parts(at, timeZone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日 ${Number(p.hour)}:${p.minute}:${p.second}`;
}

/** "2022-04-29 08:59:59" in the given zone. */
export function formatLocal(at: Date | string, timeZone = 'Asia/Shanghai'): string {
  const p = parts(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The ISO instant with the zone's offset, as api.md shows times: 2022-04-29T09:00:00+08:00. */
export function toOffsetIso(at: Date | string, timeZone = 'Asia/Shanghai'): string {
  const date = new Date(at);
  const p = parts(date, timeZone);
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const offsetMin = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  const frac = ms === '000' ? '' : `.${ms}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${frac}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The calendar year of an instant in a zone. */
export function yearIn(at: Date | string, timeZone: string): number {
  return Number(parts(at, timeZone).year);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
