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

/** A wall-clock time picked as Beijing time ("2022-05-06T17:00", from a picker with no zone) as an instant with its offset. */
export function fromBeijingWallTime(wall: string): string {
  return `${wall.length === 16 ? `${wall}:00` : wall}+08:00`;
}

/** An instant as Beijing wall-clock time "YYYY-MM-DDTHH:mm", to start a picker there. */
export function toBeijingWallTime(at: string | number | Date): string {
  const p = partsOf(at, BEIJING);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour === 24 ? 0 : p.hour)}:${two(p.minute)}`;
}
