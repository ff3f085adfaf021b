import { describe, expect, it } from '@jest/globals';
import { PdfRenderer } from '../../src/documents/pdf-renderer.js';
import { lateReceipt, multiPageTable, onTimeReceipt, referenceNotice } from './document-fixtures.js';

const renderer = new PdfRenderer();

describe('the same input gives the same bytes', () => {
  it('for each document, even with other documents rendered in between', async () => {
    const first = [await renderer.renderReceipt(onTimeReceipt()), await renderer.renderTable(multiPageTable()), await renderer.renderNotice(referenceNotice())];
    await renderer.renderReceipt(lateReceipt());
    const again = await Promise.all([
      renderer.renderReceipt(onTimeReceipt()),
      renderer.renderTable(multiPageTable()),
      renderer.renderNotice(referenceNotice()),
    ]);
    again.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(first[i]))).toBe(true));
  });

  it('and a different input different bytes', async () => {
    const a = await renderer.renderReceipt(onTimeReceipt());
    const b = await renderer.renderReceipt({ ...onTimeReceipt(), version: 2 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
