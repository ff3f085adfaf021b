/**
 * The deadline picker works on the wall clock of the notice's zone ("2022-04-29 09:00"),
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
