/** Dates and times as printed on Chinese official documents. */
import { localParts } from '../common/beijing-time.js';

/** "2022年4月18日": the calendar date of an instant in a zone (成文日期). */
export function chineseDate(at: string, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日`;
}

/** "2022年4月29日 08:59:59" in the zone. */
export function chineseDateTime(at: string, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${chineseDate(at, timeZone)} ${p.hour}:${p.minute}:${p.second}`;
}

/** A calendar date without zone ("2022-06-30" → "2022年6月30日"); anything else unchanged. */
export function chineseCalendarDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : value;
}

/** How the zone is named next to a time: 北京时间 for China's zone, else the IANA name. */
export function zoneLabel(timeZone: string): string {
  return timeZone === 'Asia/Shanghai' || timeZone === 'Asia/Chongqing' || timeZone === 'PRC' ? '北京时间' : timeZone;
}
