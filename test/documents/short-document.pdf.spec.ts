import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { embedCjkFont } from '../../src/documents/cjk-fonts.js';
import { pdfText, renderCheck } from '../support/pdf-reader.js';

/**
 * The case that exposed @pdf-lib/fontkit (../shared/stack.md): a subset this
 * small came out as "月 9日" on screen while its text layer read right. Built
 * with the production font embedding and nothing else on the page.
 */
async function shortReceipt(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await embedCjkFont(doc, 'regular', 'short-document');
  doc.addPage([595.28, 841.89]).drawText('回执 2022年4月29日', { x: 72, y: 720, size: 20, font: font.pdfFont });
  return doc.save();
}

describe('a short document: "回执 2022年4月29日"', () => {
  it('extracts exactly', async () => {
    expect(pdfText(await shortReceipt()).trim()).toBe('回执 2022年4月29日');
  });

  it('renders every glyph with system fonts hidden', async () => {
    await expect(renderCheck(await shortReceipt())).resolves.toBeUndefined();
  });
});
