import { validationFailed } from './errors.js';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with its offset, checked field by field (no 30 February,
 * no month 13, a year of this century) and stored as UTC `toISOString()`, the
 * one form that sorts correctly as text in every table.
 */
export function parseInstant(value: string, field: string): string {
  const m = INSTANT.exec(value);
  const fail = (why: string) => validationFailed(`${field} 不是有效的时间（${why}）：${value}`, [{ field, message: why }]);
  if (!m) throw fail('需为带时区偏移的 ISO 8601 时间，如 2022-04-29T09:00:00+08:00');
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < 2000 || year > 2100) throw fail('年份需在 2000–2100 之间');
  if (month < 1 || month > 12) throw fail('月份无效');
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw fail('日期无效');
  if (hour > 23 || minute > 59 || second > 59) throw fail('时刻无效');
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59)) throw fail('时区偏移无效');
  return new Date(value).toISOString();
}
