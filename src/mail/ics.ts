import { localParts } from '../common/beijing-time.js';

/** How long the deadline's calendar entry lasts: RFC 5545 wants DTEND after DTSTART. */
const ENTRY_MS = 30 * 60_000;

/**
 * A one-event calendar (RFC 5545) for an assignment's deadline, in its own zone.
 * The UID is the assignment's, so a later mail (an extension, a return) updates
 * the same entry; SEQUENCE grows with the deadline (minutes past the notice's
 * own deadline: a deadline only ever moves later), so calendars take the newest.
 */
export function deadlineIcs(input: {
  uid: string;
  title: string;
  deadline: string;
  /** The notice's deadline: the first version of the entry. */
  firstDeadline: string;
  timeZone: string;
  description: string;
  stamp: string;
}): string {
  const wall = (iso: string) => {
    const local = localParts(iso, input.timeZone);
    return `${local.year}${local.month}${local.day}T${local.hour}${local.minute}${local.second}`;
  };
  const utc = (iso: string) =>
    new Date(iso)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const end = new Date(Date.parse(input.deadline) + ENTRY_MS).toISOString();
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  const sequence = Math.max(0, Math.round((Date.parse(input.deadline) - Date.parse(input.firstDeadline)) / 60_000));
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
    `SEQUENCE:${sequence}`,
    `DTSTAMP:${utc(input.stamp)}`,
    zone.length ? `DTSTART;TZID=${input.timeZone}:${wall(input.deadline)}` : `DTSTART:${utc(input.deadline)}`,
    zone.length ? `DTEND;TZID=${input.timeZone}:${wall(end)}` : `DTEND:${utc(end)}`,
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
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** RFC 5545 §3.1: a content line longer than 75 octets continues on lines that start with one space, never inside a character. */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; each continuation holds 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
