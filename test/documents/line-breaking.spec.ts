import { describe, expect, it } from '@jest/globals';
import { breakBalanced, breakLines, isNoLineStart } from '../../src/documents/line-breaking.js';

/** Every character one unit wide, Latin half: easy to reason about. */
const measure = (char: string): number => ((char.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.5);

describe('line breaking with the 避头尾 rules', () => {
  it('breaks Chinese anywhere when no rule is at stake', () => {
    expect(breakLines('一二三四五六七八九十', 4, measure)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('pulls the previous character down rather than start a line with "，"', () => {
    expect(breakLines('一二三四，五六七八', 4, measure)).toEqual(['一二三', '四，五六', '七八']);
  });

  it('pulls down past a run of closing marks ("。”")', () => {
    expect(breakLines('他说：“好的。”然后走了', 6, measure)).toEqual(['他说：“好', '的。”然后走', '了']);
  });

  it('never ends a line with an opening mark', () => {
    expect(breakLines('一二三《四五六》七', 4, measure)).toEqual(['一二三', '《四五', '六》七']);
  });

  it('lets a closing mark hang when the line cannot give up a character', () => {
    expect(breakLines('一，二', 1, measure)).toEqual(['一，', '二']);
  });

  it('keeps Latin words and numbers whole', () => {
    expect(breakLines('比例为62.3%以上', 5, measure)).toEqual(['比例为', '62.3%以上']);
    expect(breakLines('送检率 SHA-256 校验', 6, measure)).toEqual(['送检率', 'SHA-256 校验']);
  });

  it('splits a word only when it is wider than the line', () => {
    expect(breakLines('abcdefghij', 2, measure)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('keeps —— and …… in one piece', () => {
    const lines = breakLines('一二三——四五', 4, measure);
    expect(lines.some((l) => l.includes('——'))).toBe(true);
  });

  it('indents the first line of each paragraph', () => {
    expect(breakLines('一二三四五六\n七八', 4, measure, { firstLineIndent: 2 })).toEqual(['一二', '三四五六', '七八']);
  });

  it('balances a title over the lines it needs', () => {
    expect(breakBalanced('一二三四五六七八九十', 8, measure)).toEqual(['一二三四五', '六七八九十']);
  });

  it('never starts a line with a closing mark, whatever the measure', () => {
    const text = '为贯彻落实《通知》（国卫办医函〔2022〕58号）要求，进一步加强管理，持续改进质量、保障安全；结合实际，制定分工。请认真落实！“好。”';
    for (let width = 1; width <= 20; width += 0.5) {
      const lines = breakLines(text, width, measure);
      expect(lines.join('')).toBe(text);
      for (const line of lines.slice(1)) expect(isNoLineStart([...line][0])).toBe(false);
    }
  });
});
