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
    expect(breakLines('他说：“好的。”然后走了', 6, measure)).toEqual(['他说：“好', '的。”然后', '走了']);
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

  it('keeps a number with its unit, a date and a 文号 whole', () => {
    expect(breakLines('国卫办医函〔2022〕58号', 9, measure)).toEqual(['国卫办医函', '〔2022〕58号']);
    expect(breakLines('请于2022年6月30日前报送', 8, measure)).toEqual(['请于', '2022年6月30日前', '报送']);
    expect(breakLines('一二三四五六七3个工作日', 8, measure)).toEqual(['一二三四五六七', '3个工作日']);
    // Ordinary text after a number still breaks anywhere.
    expect(breakLines('共12家单位未报送', 4, measure)).toEqual(['共12家单', '位未报送']);
  });

  it('leaves no single character alone on the last line when the line before can give one up', () => {
    expect(breakLines('一二三四五六七八九', 4, measure)).toEqual(['一二三四', '五六七', '八九']);
    expect(breakLines('天津市落实改进目标分工', 5, measure)).toEqual(['天津市落实', '改进目标', '分工']);
    // Not at the cost of a closing mark starting the line: then the character stays alone.
    expect(breakLines('一二三四五六七，八', 4, measure)).toEqual(['一二三四', '五六七，', '八']);
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
