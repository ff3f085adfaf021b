import { describe, expect, it } from '@jest/globals';
import { PdfRenderer } from '../../src/documents/pdf-renderer.js';
import { pdfInfo, pdfPages, pdfText, pdfWords, renderCheck, type PdfWord } from '../support/pdf-reader.js';
import { referenceDivision } from './document-fixtures.js';

const renderer = new PdfRenderer();
const squeeze = (text: string): string => text.replace(/\s+/g, '');

describe('附件2: the division of labour as an attachment of the notice', () => {
  it('names each goal on one row with its lead and partner centers, under "附件2" and its title', async () => {
    const bytes = await renderer.renderDivision(referenceDivision());
    expect(squeeze(pdfText(bytes)).startsWith('附件2天津市落实2022年国家医疗质量安全改进目标分工序号改进目标牵头单位协作单位1目标一：')).toBe(true);
    const words = pdfWords(bytes);
    const rowOf = (prefix: string): number => {
      const word = words.find((w) => w.text.startsWith(prefix));
      if (!word) throw new Error(`no word starting with ${prefix}`);
      return Math.round(word.yMin);
    };
    expect(rowOf('目标一：提高急性ST段')).toBe(rowOf('天津市心血管内科'));
    expect(rowOf('目标四：提高住院患者抗菌')).toBe(rowOf('天津市药事管理'));
    expect(rowOf('目标四：提高住院患者抗菌')).toBe(rowOf('天津市医院感染管理'));
    expect(rowOf('目标十：降低阴道分娩并发')).toBe(rowOf('天津市产科'));
    // the partners of 目标四 are one list: "…控制中心、天津市临床检验…"
    expect(squeeze(pdfText(bytes))).toContain('中心、');
  });

  it('fits the ten goals of the reference notice on one page', async () => {
    expect(pdfPages(await renderer.renderDivision(referenceDivision()))).toHaveLength(1);
  });

  it('sets "附件2" flush left above the centred title, the table below within the type area', async () => {
    const words = pdfWords(await renderer.renderDivision(referenceDivision()));
    const find = (prefix: string): PdfWord => {
      const word = words.find((w) => w.text.startsWith(prefix));
      if (!word) throw new Error(`no word starting with ${prefix}`);
      return word;
    };
    const label = find('附件2');
    const title = find('天津市落实');
    const heading = find('序号');
    expect(label.xMin).toBeCloseTo((28 * 72) / 25.4, 0);
    expect(label.yMax).toBeLessThan(title.yMin);
    expect(title.yMax).toBeLessThan(heading.yMin);
    expect((title.xMin + title.xMax) / 2).toBeCloseTo(((28 + 78) * 72) / 25.4, 0);
  });

  it('repeats the header row when the table runs over a page, and numbers the pages "— 1 —"', async () => {
    const long = referenceDivision();
    long.goals = Array.from({ length: 40 }, (_, i) => ({ ...long.goals[i % 10], code: `2022-${String((i % 10) + 1).padStart(2, '0')}` }));
    const pages = pdfPages(await renderer.renderDivision(long));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(squeeze(page)).toContain('序号改进目标牵头单位协作单位');
      expect(page).toContain(`— ${i + 1} —`);
    });
  });

  it('renders every glyph with system fonts hidden, on A4, with the issuer as author', async () => {
    const bytes = await renderer.renderDivision(referenceDivision());
    await expect(renderCheck(bytes)).resolves.toBeUndefined();
    const info = pdfInfo(bytes);
    expect(info['Page size']).toContain('(A4)');
    expect(info.Author).toBe('天津市卫生健康委员会');
    expect(info.Title).toBe('天津市落实2022年国家医疗质量安全改进目标分工');
  });

  it('gives the same bytes for the same data', async () => {
    const [a, b] = await Promise.all([renderer.renderDivision(referenceDivision()), renderer.renderDivision(referenceDivision())]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
