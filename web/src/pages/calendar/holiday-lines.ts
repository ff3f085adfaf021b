/**
 * The 放假日 and 调休上班日 of 录入节假日安排 are typed one day a line,
 * "2027-05-01 劳动节", as they read in the State Council's notice; this turns
 * the text into the `{ "2027-05-01": "劳动节" }` the server takes. Whether a
 * date is real, in the year, a weekend is the server's to say (beside the field).
 */
export interface ParsedDays {
  days: Record<string, string>;
  /** One sentence per line that cannot be read, with its line number; empty when all were read. */
  problems: string[];
}

const LINE = /^(\d{4}-\d{2}-\d{2})\s+(\S.*)$/;

export function parseDayLines(text: string): ParsedDays {
  const days: Record<string, string> = {};
  const lineOf = new Map<string, number>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const no = index + 1;
    if (line === '') return;
    const m = LINE.exec(line);
    if (!m) {
      problems.push(`第${no}行「${line}」应为“日期 节日名称”，如“2027-05-01 劳动节”`);
      return;
    }
    const [, date, name] = m;
    const first = lineOf.get(date);
    if (first !== undefined) {
      problems.push(`第${no}行的 ${date} 与第${first}行重复`);
      return;
    }
    lineOf.set(date, no);
    days[date] = name.trim();
  });
  return { days, problems };
}

/** [2004, 2005, …, 2026, 2028] → "2004–2026、2028". */
export function yearRanges(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join('、');
}
