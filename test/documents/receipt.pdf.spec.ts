import { describe, expect, it } from '@jest/globals';
import { PDFDocument, PDFName } from 'pdf-lib';
import { MissingGlyphError } from '../../src/documents/missing-glyph.error.js';
import { PdfRenderer } from '../../src/documents/pdf-renderer.js';
import { pdfAttachments, pdfFonts, pdfInfo, pdfText, renderCheck } from '../support/pdf-reader.js';
import { lateReceipt, onTimeReceipt } from './document-fixtures.js';

const renderer = new PdfRenderer();

describe('the receipt (回执)', () => {
  it('reads, in Chinese, everything the center needs to prove it submitted in time', async () => {
    const data = onTimeReceipt();
    const text = pdfText(await renderer.renderReceipt(data));
    for (const expected of [
      '回执',
      'R2022-012-0001',
      '津卫医政〔2022〕12号',
      '天津市心血管内科医疗质量控制中心',
      '2022-01 提高急性ST段抬高型心肌梗死再灌注治疗率',
      '第1版',
      '2022年4月29日 08:59:59（北京时间）',
      '2022年4月29日 09:00:00（北京时间）',
      '按时',
      data.sha256.slice(0, 32),
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.replace(/\s+/g, '')).toContain(data.noticeTitle);
    expect(text).not.toContain('逾期');
  });

  it('prints the digest whole on one line, with the rule to check it by', async () => {
    const data = onTimeReceipt();
    const lines = pdfText(await renderer.renderReceipt(data)).split('\n');
    expect(lines.some((line) => line.includes(data.sha256))).toBe(true);
    expect(lines.join('').replace(/\s+/g, '')).toContain('SHA-256为所报送策略表的规范JSON（UTF-8编码，对象的键按字典序排列，无空白）的摘要');
  });

  it('says 逾期 for a table sent at 09:00:00 Beijing time', async () => {
    const text = pdfText(await renderer.renderReceipt(lateReceipt()));
    expect(text).toContain('2022年4月29日 09:00:00（北京时间）');
    expect(text).toMatch(/是否按时\s+逾期/);
    expect(text).toContain('天津市药事管理医疗质量控制中心');
    expect(text).toContain('2022-09 降低住院患者静脉输液使用率');
  });

  it('renders cleanly with system fonts hidden and passes qpdf --check', async () => {
    await expect(renderCheck(await renderer.renderReceipt(onTimeReceipt()))).resolves.toBeUndefined();
    await expect(renderCheck(await renderer.renderReceipt(lateReceipt()))).resolves.toBeUndefined();
  });

  it('carries its data as receipt.json inside the PDF', async () => {
    const data = lateReceipt();
    const bytes = await renderer.renderReceipt(data);
    const attachments = pdfAttachments(bytes);
    expect(attachments.map((a) => a.name)).toEqual(['receipt.json']);
    expect(JSON.parse(attachments[0].content.toString('utf8'))).toEqual(data);

    const doc = await PDFDocument.load(bytes);
    const names = doc.catalog.lookup(PDFName.of('Names'))?.toString() ?? '';
    expect(names).toContain('EmbeddedFiles');
    expect(doc.catalog.lookup(PDFName.of('AF'))).toBeDefined();
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain('/Subtype /application#2Fjson');
  });

  it('has zh-CN metadata: title, author, subject, keywords, dates from the data', async () => {
    const data = onTimeReceipt();
    const bytes = await renderer.renderReceipt(data);
    const info = pdfInfo(bytes);
    expect(info.Title).toBe('回执 R2022-012-0001');
    expect(info.Author).toBe('天津市心血管内科医疗质量控制中心');
    expect(info.Subject).toContain('津卫医政〔2022〕12号');
    expect(info.Keywords).toContain('R2022-012-0001');
    expect(info.Producer).toBe('gongwen PdfRenderer (pdf-lib 1.17.1, fontkit 2.0.4)');
    expect(info['Page size']).toContain('(A4)');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(zh-CN)');
    expect(doc.getCreationDate()?.toISOString()).toBe('2022-04-29T00:59:59.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2022-04-29T00:59:59.000Z');
  });

  it('embeds subset fonts named with a six-letter tag', async () => {
    const fonts = pdfFonts(await renderer.renderReceipt(onTimeReceipt()));
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, 'TAG+')).sort()).toEqual(['TAG+NotoSerifSC-Bold', 'TAG+NotoSerifSC-Regular']);
    for (const f of fonts) expect(f).toMatchObject({ type: 'CID TrueType', embedded: true, subset: true, unicode: true });
  });

  it('stays under 80 KB', async () => {
    expect((await renderer.renderReceipt(lateReceipt())).length).toBeLessThan(80 * 1024);
  });

  it('refuses a center name the font cannot draw (𠮷) instead of printing a box', async () => {
    const data = { ...onTimeReceipt(), centerName: '天津市𠮷祥医疗质量控制中心' };
    const rendering = renderer.renderReceipt(data);
    await expect(rendering).rejects.toThrow(MissingGlyphError);
    await expect(rendering).rejects.toMatchObject({
      character: '𠮷',
      codePoint: 'U+20BB7',
      field: 'centerName',
      message: '字体缺少字符“𠮷”（U+20BB7），无法生成PDF（字段：centerName）',
    });
  });
});
