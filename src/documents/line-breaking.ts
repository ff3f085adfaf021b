/**
 * Line breaking for Chinese text with the 避头尾 rules (GB/T 15834 practice):
 * a closing mark (，。、；：？！」』）》〉】”’ …) never starts a line and an
 * opening mark (（《“「【 …) never ends one. When the greedy break would violate
 * that, the last character of the line is pulled down to the next one; when the
 * line is a single unit and cannot give one up, the closing mark hangs past
 * the measure instead. Latin words and numbers ("2022-04-29", "62.3%") are
 * never split unless one alone is wider than the line, and neither is a number
 * with its unit or its brackets: 〔2022〕58号, 2022年6月30日, 3个工作日.
 */

/** Must not start a line (避头). */
const NO_LINE_START = new Set([...'，。、；：？！,.;:?!)）]］}｝」』》〉】〕〗〙〛”’%％‰℃°·．｡､﹐﹑﹒﹔﹕﹖﹗']);
/** Must not end a line (避尾). */
const NO_LINE_END = new Set([...'（([［{｛「『《〈【〔〖〘〚“‘']);

export function isNoLineStart(char: string): boolean {
  return NO_LINE_START.has(char);
}

/** Width of one character (one code point) in points. */
export type CharMeasure = (char: string) => number;

interface Unit {
  text: string;
  width: number;
  space: boolean;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\u3000' || char === '\u00a0';
}

/**
 * Ideographs, kana and full-width punctuation break anywhere, and so does each
 * non-ASCII mark (“”‘’…); ASCII punctuation belongs to its word ("62.3%", "(NCIS)").
 */
function breaksAlone(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return cp >= 0x2e80 || (cp > 0x7f && (NO_LINE_START.has(char) || NO_LINE_END.has(char)));
}

/** Dashes and ellipses are written in pairs (——, ……) that must not be split. */
function isPairedMark(char: string): boolean {
  return char === '—' || char === '…';
}

function toUnits(text: string, measure: CharMeasure): Unit[] {
  const units: Unit[] = [];
  let word = '';
  let wordWidth = 0;
  const flushWord = (): void => {
    if (word) units.push({ text: word, width: wordWidth, space: false });
    word = '';
    wordWidth = 0;
  };
  for (const char of text) {
    if (isSpace(char)) {
      flushWord();
      units.push({ text: char, width: measure(char), space: true });
    } else if (isPairedMark(char)) {
      const last = units[units.length - 1];
      if (!word && last && !last.space && last.text.endsWith(char)) {
        last.text += char;
        last.width += measure(char);
      } else {
        flushWord();
        units.push({ text: char, width: measure(char), space: false });
      }
    } else if (breaksAlone(char)) {
      flushWord();
      units.push({ text: char, width: measure(char), space: false });
    } else {
      word += char;
      wordWidth += measure(char);
    }
  }
  flushWord();
  return units;
}

/** A character that belongs to the number before it: a unit of measure or of a date, or the bracket of a 文号. */
const NUMBER_UNIT = new Set([...'年月日时分秒号个项条次名家版届期周天点元岁〕％%']);
/** After these, a number continues the same expression (2022年6月30日, 〔2022〕58号). */
const NUMBER_LINK = new Set([...'年月〔〕']);
const endsWithDigit = (text: string): boolean => /\d$/.test(text);
const startsWithDigit = (text: string): boolean => /^\d/.test(text);

/**
 * Joins a number with its unit and a date or a 文号 with all its parts, so that a
 * line never ends between 〔2022〕 and 58号, or between 2022年 and 6月.
 */
function glueNumbers(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const last = out[out.length - 1];
    const glue =
      last !== undefined &&
      !last.space &&
      !unit.space &&
      ((endsWithDigit(last.text) && NUMBER_UNIT.has(unit.text)) ||
        (startsWithDigit(unit.text) && NUMBER_LINK.has(lastChar(last)) && (last.text === '〔' || /\d/.test(last.text))));
    if (glue) {
      last.text += unit.text;
      last.width += unit.width;
    } else out.push({ ...unit });
  }
  return out;
}

const firstChar = (unit: Unit): string => String.fromCodePoint(unit.text.codePointAt(0) ?? 0);
const lastChar = (unit: Unit): string => [...unit.text].pop() ?? '';

function trimSpaces(line: Unit[]): Unit[] {
  let start = 0;
  let end = line.length;
  while (start < end && line[start].space) start++;
  while (end > start && line[end - 1].space) end--;
  return line.slice(start, end);
}

const widthOf = (units: Unit[]): number => units.reduce((sum, u) => sum + u.width, 0);

export interface BreakOptions {
  /** width taken from the first line of each paragraph (首行缩进) */
  firstLineIndent?: number;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (a hanging closing mark
 * excepted). Each `\n` starts a new paragraph; an empty paragraph gives an
 * empty line.
 */
export function breakLines(text: string, maxWidth: number, measure: CharMeasure, options: BreakOptions = {}): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    lines.push(...breakParagraph(paragraph, maxWidth, measure, options.firstLineIndent ?? 0));
  }
  return lines;
}

function breakParagraph(text: string, maxWidth: number, measure: CharMeasure, indent: number): string[] {
  const breaker = new ParagraphBreaker(maxWidth, indent, measure);
  for (const unit of glueNumbers(toUnits(text, measure))) breaker.add(unit);
  return breaker.finish();
}

/** A break between `kept` and `carried` that puts a closing mark first or an opening mark last. */
function violates(kept: Unit[], carried: Unit[]): boolean {
  return isNoLineStart(firstChar(carried[0])) || (kept.length > 0 && NO_LINE_END.has(lastChar(kept[kept.length - 1])));
}

/** One paragraph being broken: the lines done so far and the line being filled. */
class ParagraphBreaker {
  private readonly out: string[] = [];
  /** The units of the last line emitted, for the orphan rule. */
  private lastEmitted: Unit[] = [];
  private line: Unit[] = [];
  private lineWidth = 0;
  /** room on the current line: the first line gives up the indent */
  private limit: number;

  constructor(
    private readonly maxWidth: number,
    indent: number,
    private readonly measure: CharMeasure,
  ) {
    this.limit = maxWidth - indent;
  }

  add(unit: Unit): void {
    if (unit.space && this.line.length === 0) return;
    if (this.line.length === 0 && this.out.length > 0 && isNoLineStart(firstChar(unit))) {
      // A closing mark right after a hanging one hangs too.
      this.out[this.out.length - 1] += unit.text;
    } else if (this.lineWidth + unit.width <= this.limit) {
      this.line.push(unit);
      this.lineWidth += unit.width;
    } else if (unit.space) {
      this.emit(this.line);
      this.start([]);
    } else if (unit.width > this.limit && unit.text.length > 1) {
      this.splitWord(unit);
    } else {
      this.breakBefore(unit);
    }
  }

  finish(): string[] {
    this.avoidOrphan();
    if (this.line.length > 0 || this.out.length === 0) this.emit(this.line);
    return this.out;
  }

  /**
   * No single character alone on a paragraph's last line when the line before can
   * give one up (its last unit moves down) without breaking the 避头尾 rules.
   */
  private avoidOrphan(): void {
    const last = trimSpaces(this.line);
    const previous = trimSpaces(this.lastEmitted);
    if (last.length !== 1 || [...last[0].text].length !== 1 || previous.length < 3 || this.out.length === 0) return;
    const moved = previous[previous.length - 1];
    const kept = trimSpaces(previous.slice(0, -1));
    if (moved.space || violates(kept, [moved, ...last]) || isNoLineStart(firstChar(moved))) return;
    this.out[this.out.length - 1] = kept.map((u) => u.text).join('');
    this.line = [moved, ...last];
  }

  private emit(units: Unit[]): void {
    this.lastEmitted = units;
    this.out.push(
      trimSpaces(units)
        .map((u) => u.text)
        .join(''),
    );
    this.limit = this.maxWidth;
  }

  private start(units: Unit[]): void {
    this.line = trimSpaces(units);
    this.lineWidth = widthOf(this.line);
  }

  /** A word wider than a line: the only case where a word is split. */
  private splitWord(unit: Unit): void {
    if (this.line.length > 0) this.emit(this.line);
    let piece = '';
    let pieceWidth = 0;
    for (const char of unit.text) {
      const w = this.measure(char);
      // A closing mark inside the word (a 文号's 〕) hangs rather than start a piece.
      if (piece && pieceWidth + w > this.limit && !isNoLineStart(char)) {
        this.out.push(piece);
        this.limit = this.maxWidth;
        piece = '';
        pieceWidth = 0;
      }
      piece += char;
      pieceWidth += w;
    }
    this.start([{ text: piece, width: pieceWidth, space: false }]);
  }

  /** Breaks before `unit`, then moves units down while the break is forbidden. */
  private breakBefore(unit: Unit): void {
    const carried: Unit[] = [unit];
    const kept = trimSpaces(this.line);
    while (kept.length > 1 && violates(kept, carried)) {
      carried.unshift(kept.pop() as Unit);
      while (kept.length > 0 && kept[kept.length - 1].space) carried.unshift(kept.pop() as Unit);
    }
    if (violates(kept, carried) && isNoLineStart(firstChar(unit))) {
      // Nothing can be pulled down: let the closing mark hang past the measure.
      this.emit([...this.line, unit]);
      this.start([]);
      return;
    }
    if (kept.length > 0) this.emit(kept);
    this.start(carried);
  }
}

/**
 * Lines of about equal length (a title set as a trapezoid, GB/T 9704 7.3.1):
 * the fewest lines the text needs at `maxWidth`, with the narrowest measure
 * that still gives that many.
 */
export function breakBalanced(text: string, maxWidth: number, measure: CharMeasure): string[] {
  const greedy = breakLines(text, maxWidth, measure);
  if (greedy.length <= 1) return greedy;
  let low = 0;
  let high = maxWidth;
  for (let i = 0; i < 20; i++) {
    const mid = (low + high) / 2;
    if (breakLines(text, mid, measure).length <= greedy.length) high = mid;
    else low = mid;
  }
  return breakLines(text, high, measure);
}
