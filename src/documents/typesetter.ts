import { createHash } from 'node:crypto';
import { PDFDocument, rgb, type PDFPage, type RGB } from 'pdf-lib';
import { assertDrawable, embedDocumentFonts, type DocumentFonts, type FontWeight, type TypesetFont } from './cjk-fonts.js';
import { breakBalanced, breakLines, type BreakOptions } from './line-breaking.js';

/** Page sizes in points (1 pt = 1/72 in). */
export const A4_PORTRAIT: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
export const mm = (millimetres: number): number => (millimetres * 72) / 25.4;

export const BLACK = rgb(0, 0, 0);
/** The red of the issuing-authority banner and rule (GB/T 9704: 红色). */
export const OFFICIAL_RED = rgb(230 / 255, 0, 18 / 255);
export const RULE_GREY = rgb(0.25, 0.25, 0.25);
export const HEADER_FILL = rgb(0.92, 0.92, 0.92);

/** Top of an ideograph above the baseline, in em (Noto CJK: 0.88 em ascender, 0.12 em descender). */
export const CJK_ASCENT = 0.88;
export const CJK_DESCENT = 0.12;

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: RGB;
}

/** Fixed strings in the document information, so that the same input gives the same bytes. */
const PRODUCER = 'gongwen PdfRenderer (pdf-lib 1.17.1, fontkit 2.0.4)';
const CREATOR = 'gongwen 公文流转';

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** ISO instant taken from the data (never the clock): creation and modification date */
  date: string;
}

/** A stable digest of a document's input: seeds the font subset tags. */
export function inputDigest(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

/** Measuring, breaking and drawing text in one document's embedded fonts. */
export class Typesetter {
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: DocumentFonts,
  ) {}

  static async create(info: DocumentInfo, seed: string): Promise<Typesetter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const date = new Date(info.date);
    doc.setTitle(info.title, { showInWindowTitleBar: true });
    doc.setAuthor(info.author);
    doc.setSubject(info.subject);
    doc.setKeywords(info.keywords);
    doc.setCreator(CREATOR);
    doc.setProducer(PRODUCER);
    doc.setLanguage('zh-CN');
    doc.setCreationDate(date);
    doc.setModificationDate(date);
    return new Typesetter(doc, await embedDocumentFonts(doc, seed));
  }

  save(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: true });
  }

  font(weight: FontWeight = 'regular'): TypesetFont {
    return this.fonts[weight];
  }

  width(text: string, style: TextStyle): number {
    return this.font(style.weight).width(text, style.size);
  }

  wrap(text: string, maxWidth: number, style: TextStyle, options?: BreakOptions): string[] {
    const font = this.font(style.weight);
    return breakLines(text, maxWidth, (char) => font.charWidth(char, style.size), options);
  }

  wrapBalanced(text: string, maxWidth: number, style: TextStyle): string[] {
    const font = this.font(style.weight);
    return breakBalanced(text, maxWidth, (char) => font.charWidth(char, style.size));
  }

  /** Draws one line with its baseline at `y`. */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle): void {
    if (text === '') return;
    // The input was checked field by field; this catches the fixed texts of a layout.
    assertDrawable(text, 'layout');
    page.drawText(text, { x, y, size: style.size, font: this.font(style.weight).pdfFont, color: style.color ?? BLACK });
  }

  drawCentered(page: PDFPage, text: string, centerX: number, y: number, style: TextStyle): void {
    this.draw(page, text, centerX - this.width(text, style) / 2, y, style);
  }

  drawRight(page: PDFPage, text: string, rightX: number, y: number, style: TextStyle): void {
    this.draw(page, text, rightX - this.width(text, style), y, style);
  }
}

/** Baseline of a line of `size` text set in a line box of height `pitch` whose top is `top`. */
export function baselineIn(top: number, pitch: number, size: number): number {
  return top - (pitch - size) / 2 - CJK_ASCENT * size;
}
