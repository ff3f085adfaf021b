import { describe, expect, it } from '@jest/globals';
import { isNoLineStart } from '../../src/documents/line-breaking.js';
import { MissingGlyphError } from '../../src/documents/missing-glyph.error.js';
import { PdfRenderer } from '../../src/documents/pdf-renderer.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { pdfInfo, pdfPages, pdfText, pdfWords, renderCheck } from '../support/pdf-reader.js';
import { goalTitles, multiPageTable, oversizedGoalTable } from './document-fixtures.js';

const renderer = new PdfRenderer();
const columnTitles = multiPageTable().columns.map((c) => c.title);

/** Pieces of a `pdftotext -layout` line: cells sit apart by two or more spaces. */
function segments(line: string): string[] {
  return line
    .split(/\s{2,}|\u3000+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('the strategy table (附件3)', () => {
  it('runs over several A4 landscape pages with the header row on every page', async () => {
    const bytes = await renderer.renderTable(multiPageTable());
    const pages = pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pdfInfo(bytes)['Page size']).toMatch(/^841\.89 x 595\.28 pts/);
    pages.forEach((page, i) => {
      for (const title of columnTitles) expect(page).toContain(title);
      expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`);
    });
  });

  it('starts no line with a closing punctuation mark', async () => {
    const pages = pdfPages(await renderer.renderTable(multiPageTable()));
    const offending = pages
      .flatMap((page) => page.split('\n'))
      .flatMap(segments)
      .filter((s) => isNoLineStart(String.fromCodePoint(s.codePointAt(0) ?? 0)));
    expect(offending).toEqual([]);
  });

  it('shows the submitted values as readable Chinese, column by column', async () => {
    const bytes = await renderer.renderTable(multiPageTable());
    const text = pdfText(bytes);
    expect(text).toContain('2022年度天津市医疗质量安全改进目标实施（改进）策略表');
    expect(text).toContain('填报单位：天津市药事管理医疗质量控制中心');
    expect(text).toContain('通知文号：津卫医政〔2022〕12号');
    expect(text).toContain('版本：第2版');
    expect(text).toContain('提交时间：2022年4月28日 15:30:00（北京时间）');
    expect(text).toContain('联系人：王芳');
    expect(text).toContain('联系电话：022-23456789');
    expect(text).toContain('电子邮箱：pharmacy@qc.tianjin.example');

    const words = pdfWords(bytes).filter((w) => w.page === 1);
    const column = (title: string): string => {
      const headers = words.filter((w) => columnTitles.includes(w.text)).sort((a, b) => a.xMin - b.xMin);
      const i = headers.findIndex((h) => h.text === title);
      const [from, to] = [headers[i].xMin - 2, i + 1 < headers.length ? headers[i + 1].xMin - 2 : Infinity];
      return words
        .filter((w) => w.yMin > headers[i].yMax && w.xMin >= from && w.xMin < to && !w.text.startsWith('第'))
        .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)
        .map((w) => w.text)
        .join('');
    };
    expect(column('目标')).toBe('2022-04提高住院患者抗菌药物治疗前病原学送检率');
    expect(column('协作单位')).toBe('1.天津市医院感染管理医疗质量控制中心2.天津市临床检验医疗质量控制中心');
    expect(column('现状与基线')).toBe(
      '2021年全市三级医院为60.4%，二级医院为48.7%（抽样12家医院，共1200例）。' +
        '数据来源：国家医疗质量管理与控制信息网（NCIS）、天津市医疗质量控制平台基线时间：2021年12月31日',
    );
    expect(column('目标值')).toBe('三级医院≥70%，二级医院≥60%；年底前较基线提高10个百分点。完成时间：2022年12月31日');
    expect(column('时间节点')).toBe('2022年5月31日2022年6月30日2022年7月31日2022年9月30日2022年12月31日');
    expect(column('责任人')).toBe('张伟李娜王芳赵磊刘洋');
    expect(column('监测指标')).toContain('监测频率：每月');
  });

  it('continues a goal taller than a page under the repeated header, losing and repeating nothing', async () => {
    const bytes = await renderer.renderTable(oversizedGoalTable());
    const pages = pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      for (const title of columnTitles) expect(page).toContain(title);
      expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`);
    });
    const flat = pages.join('').replace(/\s+/g, '');
    for (let n = 1; n <= 24; n++) expect(flat.split(`措施${n}：`)).toHaveLength(2);
    const firstSeen = Array.from({ length: 24 }, (_, i) => flat.indexOf(`措施${i + 1}：`));
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
    expect(flat.split('2022-06').length - 1).toBe(1);
    await expect(renderCheck(bytes)).resolves.toBeUndefined();
  });

  it('renders cleanly with system fonts hidden and passes qpdf --check', async () => {
    await expect(renderCheck(await renderer.renderTable(multiPageTable()))).resolves.toBeUndefined();
  });

  it('fits a one-goal table from the factory on one page', async () => {
    const data = { ...multiPageTable(), table: completeTable(['2022-01']) };
    const pages = pdfPages(await renderer.renderTable(data));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('第 1 页 共 1 页');
    expect(pages[0]).toContain(goalTitles['2022-01'].slice(0, 6));
  });

  it('names the cell holding a character the font lacks', async () => {
    const data = multiPageTable();
    (data.table.goals[1].measures as { responsible: string }[])[2].responsible = '𠮷田';
    await expect(renderer.renderTable(data)).rejects.toMatchObject({
      constructor: MissingGlyphError,
      field: 'table.goals[1].measures[2].responsible',
    });
  });
});
