import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DivisionDocumentData, NoticeDocumentData, ReceiptData, TableData } from './document-data.js';
import { renderDivisionPdf } from './division.layout.js';
import { renderNoticePdf } from './notice-document.layout.js';
import { renderReceiptPdf } from './receipt.layout.js';
import { renderStrategyTablePdf } from './strategy-table.layout.js';
import { RenditionCache } from './rendition-cache.js';

/** Receipts and tables read from the cache ahead, in one statement, by {@link PdfRenderer.readAhead}. */
export type RenditionsAhead = ReadonlyMap<string, Uint8Array>;

/**
 * The PDFs of the product: pure functions of their data (no clock, no
 * database), so the same input always gives the same bytes. Call it outside
 * any database transaction: a render takes milliseconds of CPU.
 *
 * Every method rejects with MissingGlyphError when a string holds a
 * character the font cannot draw (e.g. 𠮷), naming the field.
 */
@Injectable()
export class PdfRenderer {
  /** With a cache (the app's), receipts and tables already rendered are read back; without (tests), always rendered. */
  constructor(@Optional() @Inject(RenditionCache) private readonly cache?: RenditionCache) {}

  /**
   * 回执: A4 portrait, the receipt's data attached as `receipt.json`. With `ahead`
   * (read by {@link readAhead}) a document not in it is rendered without asking the cache again.
   */
  renderReceipt(data: ReceiptData, ahead?: RenditionsAhead): Promise<Uint8Array> {
    return this.cached('receipt', data, renderReceiptPdf, ahead);
  }

  /** The submitted strategy table: A4 landscape, header repeated, "第 1 页 共 N 页". */
  renderTable(data: TableData, ahead?: RenditionsAhead): Promise<Uint8Array> {
    return this.cached('table', data, renderStrategyTablePdf, ahead);
  }

  /** The cached receipts and tables of many versions in one read, for the render methods to take (an export's page). */
  async readAhead(wanted: { receipts: readonly ReceiptData[]; tables: readonly TableData[] }): Promise<RenditionsAhead> {
    if (!this.cache) return new Map();
    const cache = this.cache;
    return cache.getMany([...wanted.receipts.map((d) => cache.keyOf('receipt', d)), ...wanted.tables.map((d) => cache.keyOf('table', d))]);
  }

  /** The notice as an official document (GB/T 9704-2012 layout). */
  renderNotice(data: NoticeDocumentData): Promise<Uint8Array> {
    return renderNoticePdf(data);
  }

  /** 附件2, the division of labour, in the notice's type area: A4 portrait, header row repeated, "— 1 —". */
  renderDivision(data: DivisionDocumentData): Promise<Uint8Array> {
    return renderDivisionPdf(data);
  }

  private async cached<T>(kind: 'receipt' | 'table', data: T, render: (data: T) => Promise<Uint8Array>, ahead?: RenditionsAhead): Promise<Uint8Array> {
    if (!this.cache) return render(data);
    const key = this.cache.keyOf(kind, data);
    const hit = ahead ? ahead.get(key) : await this.cache.get(key);
    if (hit) return hit;
    const bytes = await render(data);
    await this.cache.put(key, kind, bytes);
    return bytes;
  }
}
