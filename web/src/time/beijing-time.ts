/**
 * Every time on the screens, formatted in one place: Beijing time (or the
 * notice's own zone), in Chinese, whatever the browser's zone and language.
 */
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
export const BEIJING = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: string | number | Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute', number>;
}

function weekday(year: number, month: number, day: number): string {
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
}

/** "2022年4月29日（星期五）9:00" */
export function formatDateTime(at: string | number | Date, timeZone = BEIJING): string {
  const p = partsOf(at, timeZone);
  return `${p.year}年${p.month}月${p.day}日（${weekday(p.year, p.month, p.day)}）${p.hour}:${String(p.minute).padStart(2, '0')}`;
}

/** "2022年4月29日" */
export function formatDate(at: string | number | Date, timeZone = BEIJING): string {
  const p = partsOf(at, timeZone);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** "4月29日 9:00": short, for tables. */
export function formatShort(at: string | number | Date, timeZone = BEIJING): string {
  const p = partsOf(at, timeZone);
  return `${p.month}月${p.day}日 ${p.hour}:${String(p.minute).padStart(2, '0')}`;
}

/** "剩余 2天3小时", "剩余 3小时20分", "剩余 15分钟", or "已过截止时间" once `now` reaches the deadline. */
export function countdown(deadline: string, now: number): string {
  const ms = Date.parse(deadline) - now;
  if (ms <= 0) return '已过截止时间';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `剩余 ${days}天${hours}小时`;
  if (hours > 0) return `剩余 ${hours}小时${minutes % 60}分`;
  return `剩余 ${Math.max(minutes, 1)}分钟`;
}

/** How urgent a deadline looks: passed, within a day, or later. */
export function urgency(deadline: string, now: number): 'passed' | 'soon' | 'later' {
  const ms = Date.parse(deadline) - now;
  if (ms <= 0) return 'passed';
  return ms < 86_400_000 ? 'soon' : 'later';
}

/**
 * Pickers (BeijingPicker) work on the wall clock of the notice's zone ("2022-04-29 09:00"),
 * never on the browser's: a clerk whose laptop is set to another zone still picks Beijing time.
 */
const PICKER = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** "2022-04-29 09:00" as read on a clock in `timeZone` at the instant `at`. */
export function toPickerValue(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const p = Object.fromEntries(parts.filter((x) => x.type !== 'literal').map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The offset of `timeZone` at that wall-clock time, as "+08:00" (Beijing has no summer time; other zones are honoured too). */
function offsetOf(wallUtcMs: number, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(wallUtcMs))
    .find((x) => x.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}:\d{2})?/.exec(name ?? '');
  return m?.[1] ?? '+00:00';
}

/** "2022-04-29 09:00" in `timeZone` → "2022-04-29T09:00:00+08:00", the instant the API takes; null when not a picker value. */
export function fromPickerValue(value: string, timeZone: string): string | null {
  const m = PICKER.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // The offset at the wall time read as UTC is right except within hours of a zone's clock change.
  const offset = offsetOf(wall - 12 * 3_600_000, timeZone);
  return `${y}-${mo}-${d}T${h}:${mi}:00${offset}`;
}
