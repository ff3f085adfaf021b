import { describe, expect, it } from '@jest/globals';
import { contentDisposition } from '../../src/common/content-disposition.js';
import { cleanTitle, safeFileName } from '../../src/files/file-names.js';
import { FILE_TYPES } from '../../src/files/file-types.js';

describe('file names a person sent', () => {
  it('keeps the Chinese and drops paths, NUL and control characters', () => {
    expect(safeFileName('../../etc/国卫办医函〔2022〕58号.pdf', FILE_TYPES.pdf, '附件1')).toBe('国卫办医函〔2022〕58号.pdf');
    expect(safeFileName('C:\\Users\\张三\\分工\u0000说明\u0007.pdf', FILE_TYPES.pdf, '附件1')).toBe('分工说明.pdf');
    expect(safeFileName('..', FILE_TYPES.pdf, '附件1')).toBe('附件1.pdf');
    expect(safeFileName('.hidden.pdf', FILE_TYPES.pdf, '附件1')).toBe('hidden.pdf');
    expect(safeFileName('a\u202Efdp.exe', FILE_TYPES.pdf, '附件1')).toBe('afdp.exe.pdf');
    expect(safeFileName('报告<草稿>?.pdf', FILE_TYPES.pdf, '附件1')).toBe('报告_草稿__.pdf');
  });

  it('gives the name the extension of what the bytes are', () => {
    expect(safeFileName('工作方案.pdf', FILE_TYPES.docx, '附件4')).toBe('工作方案.docx');
    expect(safeFileName('扫描件.JPEG', FILE_TYPES.jpeg, '附件4')).toBe('扫描件.JPEG');
    expect(safeFileName('分工表', FILE_TYPES.xlsx, '附件4')).toBe('分工表.xlsx');
    expect(safeFileName(undefined, FILE_TYPES.ofd, '附件4')).toBe('附件4.ofd');
  });

  it('writes Content-Disposition with an ASCII fallback and an RFC 5987 filename*', () => {
    expect(contentDisposition('attachment', '分工(2022)\'s "v1".pdf')).toBe(
      `attachment; filename="__(2022)'s _v1_.pdf"; filename*=UTF-8''%E5%88%86%E5%B7%A5%282022%29%27s%20%22v1%22.pdf`,
    );
  });

  it('keeps a title on one line', () => {
    expect(cleanTitle('  关于\n印发\t分工\u0000的通知 ')).toBe('关于 印发 分工 的通知');
  });
});
