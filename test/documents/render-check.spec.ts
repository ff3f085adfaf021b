import { describe, expect, it } from '@jest/globals';
import pdfLibFontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { embedCjkFont, fontFilePath } from '../../src/documents/cjk-fonts.js';
import { embeddedFontProblems, pdfText, rasterProblems, renderCheck, renderProblems } from '../support/pdf-reader.js';

/** The render check must be able to fail, or its passes prove nothing. */

const SHORT = '回执 2022年4月29日';

async function onePage(draw: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  await draw(doc);
  return doc.save({ useObjectStreams: false });
}

/** Our own embedding, with the font program cut to a third. */
async function truncatedFontPdf(): Promise<Uint8Array> {
  const good = await onePage(async (doc) => {
    const font = await embedCjkFont(doc, 'regular', 'truncated');
    doc.addPage().drawText(SHORT, { x: 72, y: 700, size: 20, font: font.pdfFont });
  });
  const doc = await PDFDocument.load(good);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    const ref = obj instanceof PDFDict ? obj.get(PDFName.of('FontFile2')) : undefined;
    if (ref instanceof PDFRef) {
      const program = decodePDFRawStream(doc.context.lookup(ref) as PDFRawStream).decode();
      doc.context.assign(ref, doc.context.flateStream(program.slice(0, Math.floor(program.length / 3))));
    }
  }
  return doc.save({ useObjectStreams: false });
}

describe('the PDF render check', () => {
  it('passes a page of ASCII in the embedded font, and a page with no text', async () => {
    const ascii = await onePage(async (doc) => {
      const font = await embedCjkFont(doc, 'regular', 'ascii');
      doc.addPage().drawText('Receipt 2022-04-29 08:59:59', { x: 72, y: 700, size: 20, font: font.pdfFont });
    });
    await expect(renderCheck(ascii)).resolves.toBeUndefined();
    const drawing = await onePage(async (doc) => {
      doc.addPage().drawRectangle({ x: 72, y: 600, width: 200, height: 100 });
    });
    await expect(renderCheck(drawing)).resolves.toBeUndefined();
  });

  it('runs with system fonts hidden: a standard Helvetica, which no PDF embeds, is reported missing', async () => {
    const helvetica = await onePage(async (doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.addPage().drawText('Receipt 2022-04-29', { x: 72, y: 700, size: 20, font });
    });
    expect(pdfText(helvetica).trim()).toBe('Receipt 2022-04-29');
    expect(rasterProblems(helvetica)).toContainEqual(expect.stringContaining("Couldn't find a font for 'Helvetica'"));
  });

  it('fails when the embedded font program is truncated', async () => {
    const bytes = await truncatedFontPdf();
    expect(pdfText(bytes).trim()).toBe(SHORT);
    expect(rasterProblems(bytes)).toContainEqual(expect.stringContaining("Couldn't create a font"));
    await expect(renderCheck(bytes)).rejects.toThrow(/render check failed/);
  });

  it('fails on the @pdf-lib/fontkit subset that loses glyphs while its text layer reads right', async () => {
    // poppler renders the lost glyphs as blanks without a warning; the check of
    // the embedded font program is what catches this one.
    const bytes = await onePage(async (doc) => {
      doc.registerFontkit(pdfLibFontkit);
      const font = await doc.embedFont(readFileSync(fontFilePath('regular')), { subset: true, customName: 'BROKEN+NotoSerifSC-Regular' });
      doc.addPage().drawText(SHORT, { x: 72, y: 700, size: 20, font });
    });
    expect(pdfText(bytes).trim()).toBe(SHORT);
    expect((await embeddedFontProblems(bytes)).length).toBeGreaterThan(0);
    expect((await renderProblems(bytes)).join('\n')).toMatch(/glyph \d+ for “\d”/);
    await expect(renderCheck(bytes)).rejects.toThrow(/render check failed/);
  });
});
