import { describe, expect, it } from '@jest/globals';
import { PdfRenderer } from '../../src/documents/pdf-renderer.js';
import { pdfInfo, pdfPages, pdfText, pdfWords, renderCheck, type PdfWord } from '../support/pdf-reader.js';
import { referenceNotice } from './document-fixtures.js';

const renderer = new PdfRenderer();
const squeeze = (text: string): string => text.replace(/\s+/g, '');

describe('the notice as an official document (GB/T 9704-2012)', () => {
  it('has the banner, number, title, recipients, body, attachment list, authority and date', async () => {
    const text = pdfText(await renderer.renderNotice(referenceNotice()));
    expect(text).toContain('天津市卫生健康委员会文件');
    expect(text).toContain('津卫医政〔2022〕12号');
    expect(squeeze(text)).toContain('天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知');
    expect(squeeze(text)).toContain('各区卫生健康委、委直属有关单位、医学院校附属医院、中央驻津医院、部分企事业单位医院、各市级医疗质量控制中心：');
    expect(squeeze(text)).toContain('于2022年4月29日（星期五）9:00前发送至指定政务邮箱。');
    expect(text).toMatch(/附件：1\. 国家卫生健康委办公厅/);
    expect(squeeze(text)).toContain('1.国家卫生健康委办公厅关于印发2022年国家医疗质量安全改进目标的通知（国卫办医函〔2022〕58号）');
    expect(squeeze(text)).toContain('2.天津市落实2022年国家医疗质量安全改进目标分工');
    expect(squeeze(text)).toContain('3.2022年度天津市医疗质量安全改进目标实施（改进）策略表');
    expect(text).toMatch(/^\s+天津市卫生健康委员会\n\s+2022年4月18日\s*$/m);
  });

  it('lays out the banner, number and title in that order, centred, before the recipients', async () => {
    const words = pdfWords(await renderer.renderNotice(referenceNotice())).filter((w) => w.page === 1);
    const find = (prefix: string): PdfWord => {
      const word = words.find((w) => w.text.startsWith(prefix));
      if (!word) throw new Error(`no word starting with ${prefix}`);
      return word;
    };
    const banner = find('天津市卫生健康委员会文件');
    const number = find('津卫医政〔2022〕12号');
    const title = find('天津市卫生健康委员会关于');
    const recipients = find('各区卫生健康委');
    expect(banner.yMax).toBeLessThan(number.yMin);
    expect(number.yMax).toBeLessThan(title.yMin);
    expect(title.yMax).toBeLessThan(recipients.yMin);
    const centre = (w: PdfWord) => (w.xMin + w.xMax) / 2;
    expect(centre(banner)).toBeCloseTo(centre(number), 0);
    expect(centre(title)).toBeCloseTo(centre(number), 0);
    expect(banner.yMax - banner.yMin).toBeGreaterThan(2 * (number.yMax - number.yMin));
  });

  it('indents paragraphs by two characters and aligns the attachment titles', async () => {
    const words = pdfWords(await renderer.renderNotice(referenceNotice()));
    const find = (prefix: string): PdfWord => {
      const word = words.find((w) => w.text.startsWith(prefix));
      if (!word) throw new Error(`no word starting with ${prefix}`);
      return word;
    };
    const left = find('各区卫生健康委').xMin;
    expect(find('为贯彻落实').xMin - left).toBeCloseTo(32, 0); // two characters of 16 pt
    expect(find('要求，进一步').xMin).toBeCloseTo(left, 0);
    expect(find('附件：').xMin).toBeCloseTo(find('为贯彻落实').xMin, 0);
    // "2." and "3." under "1."; every title line, continuation lines too, on one left edge
    expect(find('2.').xMin).toBeCloseTo(find('3.').xMin, 0);
    const titleEdge = find('天津市落实2022年').xMin;
    for (const prefix of ['2022年度天津市', '质量安全改进目标的通知']) expect(find(prefix).xMin).toBeCloseTo(titleEdge, 0);
  });

  it('keeps the authority and the date with the last lines above them', async () => {
    const pages = pdfPages(await renderer.renderNotice(referenceNotice()));
    const last = pages[pages.length - 1];
    expect(last).toContain('天津市卫生健康委员会');
    expect(squeeze(last)).toMatch(/策略表天津市卫生健康委员会2022年4月18日/);
  });

  it('numbers its pages "— 1 —"', async () => {
    const pages = pdfPages(await renderer.renderNotice(referenceNotice()));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => expect(page).toContain(`— ${i + 1} —`));
  });

  it('is A4 with the issuer as author', async () => {
    const info = pdfInfo(await renderer.renderNotice(referenceNotice()));
    expect(info['Page size']).toContain('(A4)');
    expect(info.Author).toBe('天津市卫生健康委员会');
    expect(info.Title).toBe('天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知');
  });

  it('renders cleanly with system fonts hidden and passes qpdf --check', async () => {
    await expect(renderCheck(await renderer.renderNotice(referenceNotice()))).resolves.toBeUndefined();
  });
});
