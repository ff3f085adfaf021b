import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { detectFileType, zipEntryNames } from '../../src/files/file-types.js';
import { JPEG_BYTES, PNG_BYTES, smallDocx, smallOfd, smallPdf, zipOf } from '../factories/files.factory.js';

describe('what a file is, by its bytes', () => {
  it('knows a PDF, a PNG and a JPEG by their signatures', async () => {
    expect(detectFileType(await smallPdf('hello'))?.contentType).toBe('application/pdf');
    expect(detectFileType(PNG_BYTES)?.kind).toBe('png');
    expect(detectFileType(JPEG_BYTES)?.kind).toBe('jpeg');
  });

  it('tells DOCX, XLSX and OFD apart by the parts in the zip central directory', async () => {
    expect(detectFileType(await smallDocx('通知'))?.kind).toBe('docx');
    expect(detectFileType(await smallOfd())?.kind).toBe('ofd');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('策略表').addRow(['目标', '牵头单位']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    expect(detectFileType(xlsx)?.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('refuses a zip that is none of them, text, an executable, and a truncated zip', async () => {
    const plainZip = await zipOf({ 'readme.txt': 'hello' });
    expect(detectFileType(plainZip)).toBeUndefined();
    expect(detectFileType(Buffer.from('这不是PDF %PDF-1.7'))).toBeUndefined();
    expect(detectFileType(Buffer.from('MZ\x90\x00\x03'))).toBeUndefined();
    const docx = await smallDocx('通知');
    expect(detectFileType(docx.subarray(0, docx.length - 30))).toBeUndefined();
    expect(zipEntryNames(Buffer.alloc(10))).toBeUndefined();
  });
});
