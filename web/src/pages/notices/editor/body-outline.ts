/**
 * The 层次 of an official text (GB/T 9704-2012 7.3.3): 一、 then （一） then 1. then （1）.
 * The body is kept exactly as typed; this only reads its headings to show the structure.
 */
export interface OutlineEntry {
  level: 1 | 2 | 3 | 4;
  /** The heading's number as typed: "一、", "（二）", "3.", "（4）". */
  mark: string;
  /** The first words after it. */
  text: string;
  /** Set when the number does not follow the one before at its level. */
  warning?: string;
}

const CHINESE_DIGITS = '零一二三四五六七八九';

/** 一 … 九十九 as a number; NaN for anything else. */
export function chineseNumber(s: string): number {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return NaN;
  const [, a, ten, b] = m;
  if (!ten) return a && !b ? CHINESE_DIGITS.indexOf(a) : NaN;
  return (a ? CHINESE_DIGITS.indexOf(a) : 1) * 10 + (b ? CHINESE_DIGITS.indexOf(b) : 0);
}

const PATTERNS: { level: OutlineEntry['level']; re: RegExp; value: (n: string) => number }[] = [
  { level: 1, re: /^([一二三四五六七八九十]+)、/, value: chineseNumber },
  { level: 2, re: /^[（(]([一二三四五六七八九十]+)[）)]/, value: chineseNumber },
  { level: 3, re: /^(\d{1,2})[.．](?!\d)/, value: Number },
  { level: 4, re: /^[（(](\d{1,2})[）)]/, value: Number },
];

/** The headings of a body, one per paragraph that starts with a 层次 number, with a warning where numbering skips. */
export function outlineOf(body: string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  // The last number seen at each level; a higher-level heading restarts the levels below it.
  const last: number[] = [0, 0, 0, 0, 0];
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^[\s\u3000]+/, '');
    for (const p of PATTERNS) {
      const m = p.re.exec(line);
      if (!m) continue;
      const n = p.value(m[1]);
      const entry: OutlineEntry = { level: p.level, mark: m[0], text: line.slice(m[0].length, m[0].length + 24).trim() };
      if (n !== last[p.level] + 1) entry.warning = last[p.level] === 0 ? `应从第1项开始编号` : `序号不连续（上一项为第${last[p.level]}项）`;
      last[p.level] = n;
      for (let l = p.level + 1; l <= 4; l++) last[l] = 0;
      out.push(entry);
      break;
    }
  }
  return out;
}
