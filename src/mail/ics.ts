import { localParts } from '../common/beijing-time.js';

/** A one-event calendar (RFC 5545) for a deadline, in its own zone. */
export function deadlineIcs(input: { uid: string; title: string; deadline: string; timeZone: string; description: string; stamp: string }): string {
  const local = localParts(input.deadline, input.timeZone);
  const at = `${local.year}${local.month}${local.day}T${local.hour}${local.minute}${local.second}`;
  const utc = (iso: string) =>
    new Date(iso)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  // Asia/Shanghai has had no daylight saving since 1991: one STANDARD block says it all.
  const zone =
    input.timeZone === 'Asia/Shanghai'
      ? [
          'BEGIN:VTIMEZONE',
          'TZID:Asia/Shanghai',
          'BEGIN:STANDARD',
          'DTSTART:19700101T000000',
          'TZOFFSETFROM:+0800',
          'TZOFFSETTO:+0800',
          'TZNAME:CST',
          'END:STANDARD',
          'END:VTIMEZONE',
        ]
      : [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//gongwen//公文流转//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...zone,
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${utc(input.stamp)}`,
    zone.length ? `DTSTART;TZID=${input.timeZone}:${at}` : `DTSTART:${utc(input.deadline)}`,
    zone.length ? `DTEND;TZID=${input.timeZone}:${at}` : `DTEND:${utc(input.deadline)}`,
    `SUMMARY:${escape(input.title)}`,
    `DESCRIPTION:${escape(input.description)}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-P1D',
    `DESCRIPTION:${escape(input.title)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
