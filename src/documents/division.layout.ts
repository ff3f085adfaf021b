import type { PDFPage } from 'pdf-lib';
import { assertDrawable } from './cjk-fonts.js';
import type { DivisionDocumentData } from './document-data.js';
import { A4_PORTRAIT, HEADER_FILL, RULE_GREY, Typesetter, baselineIn, inputDigest, mm, type TextStyle } from './typesetter.js';

/**
 * 附件2, the division of labour, as an attachment of the notice (GB/T 9704-2012 8.1):
 * the notice's type area (156 mm × 225 mm, 37 mm from the top, 28 mm from the
 * left), "附件2" at the top left in 3号 (16 pt) bold, the title in 2号 (22 pt)
 * bold centred one line below, then a table of 序号 | 改进目标 | 牵头单位 |
 * 协作单位 in 小四 (12 pt) with its header repeated on every page, and the
 * page number "— 1 —" as on the notice.
 */

const PAGE_H = A4_PORTRAIT[1];
const LEFT = mm(28);
const WIDTH = mm(156);
const RIGHT = LEFT + WIDTH;
const TOP = PAGE_H - mm(37);
const BOTTOM = TOP - mm(225);
const LINE = mm(225) / 22;
const LABEL: TextStyle = { size: 16, weight: 'bold' };
const TITLE: TextStyle = { size: 22, weight: 'bold' };
const TITLE_PITCH = 34;
const CELL: TextStyle = { size: 12 };
const HEAD: TextStyle = { size: 12, weight: 'bold' };
const PITCH = 16;
const PAD_X = 5;
const PAD_Y = 4;
const PAGE_NUMBER: TextStyle = { size: 14 };
/** Relative widths: 序号, 改进目标, 牵头单位, 协作单位. */
const WEIGHTS = [0.62, 2.5, 2, 2];
const HEADINGS = ['序号', '改进目标', '牵头单位', '协作单位'];

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十: how goals are named in the notice (目标一 … 目标十). */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n] ?? String(n);
  if (n < 100) return `${n >= 20 ? NUMERALS[Math.floor(n / 10)] : ''}十${NUMERALS[n % 10]}`;
  return String(n);
}

/** "2022-03" → "目标三"; any other code as it is. */
function goalLabel(code: string): string {
  const m = /^\d{4}-(\d{1,2})$/.exec(code);
  return m ? `目标${chineseNumeral(Number(m[1]))}` : code;
}

interface Column {
  x: number;
  width: number;
}

/** A table row as lines per cell; all cells share one pitch, so a row splits at any line. */
type Row = string[][];

function columns(): Column[] {
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  let x = LEFT;
  return WEIGHTS.map((w) => {
    const column = { x, width: (WIDTH * w) / total };
    x += column.width;
    return column;
  });
}

const rowHeight = (row: Row): number => Math.max(1, ...row.map((cell) => cell.length)) * PITCH + 2 * PAD_Y;

function drawRow(t: Typesetter, page: PDFPage, top: number, row: Row, cols: Column[], style: TextStyle, fill = false): number {
  const height = rowHeight(row);
  const bottom = top - height;
  if (fill) page.drawRectangle({ x: LEFT, y: bottom, width: WIDTH, height, color: HEADER_FILL });
  page.drawRectangle({ x: LEFT, y: bottom, width: WIDTH, height, borderColor: RULE_GREY, borderWidth: 0.6 });
  cols.forEach((c, i) => {
    if (i > 0) page.drawLine({ start: { x: c.x, y: top }, end: { x: c.x, y: bottom }, thickness: 0.6, color: RULE_GREY });
    row[i].forEach((line, k) => {
      const baseline = baselineIn(top - PAD_Y - k * PITCH, PITCH, style.size);
      // The number and the headings are centred; the rest reads from the left.
      if (i === 0 || fill) t.drawCentered(page, line, c.x + c.width / 2, baseline, style);
      else t.draw(page, line, c.x + PAD_X, baseline, style);
    });
  });
  return height;
}

function assertDivisionDrawable(data: DivisionDocumentData): void {
  assertDrawable(data.label, 'label');
  assertDrawable(data.title, 'title');
  assertDrawable(data.issuerName, 'issuerName');
  assertDrawable(data.docNumber, 'docNumber');
  data.goals.forEach((g, i) => {
    assertDrawable(g.title, `goals[${i}].title`);
    g.leads.forEach((name, j) => assertDrawable(name, `goals[${i}].leads[${j}]`));
    g.partners.forEach((name, j) => assertDrawable(name, `goals[${i}].partners[${j}]`));
  });
}

export async function renderDivisionPdf(data: DivisionDocumentData): Promise<Uint8Array> {
  assertDivisionDrawable(data);
  const t = await Typesetter.create(
    {
      title: data.title,
      author: data.issuerName,
      subject: `${data.docNumber} ${data.label} ${data.title}`,
      keywords: ['分工', data.label, data.docNumber, data.issuerName],
      date: data.date,
    },
    inputDigest(data),
  );
  const cols = columns();
  const wrap = (texts: string[], i: number, style: TextStyle) => texts.flatMap((text) => t.wrap(text, cols[i].width - 2 * PAD_X, style));
  const header: Row = HEADINGS.map((h, i) => wrap([h], i, HEAD));
  const rows: Row[] = data.goals.map((g, n) => [
    [String(n + 1)],
    wrap([`${goalLabel(g.code)}：${g.title}`], 1, CELL),
    wrap([g.leads.join('、')], 2, CELL),
    g.partners.length > 0 ? wrap([g.partners.join('、')], 3, CELL) : ['—'],
  ]);

  let page = t.doc.addPage(A4_PORTRAIT);
  let y = TOP;
  t.draw(page, data.label, LEFT, baselineIn(y, LINE, LABEL.size), LABEL);
  y -= 2 * LINE;
  for (const line of t.wrapBalanced(data.title, WIDTH - 2 * TITLE.size, TITLE)) {
    t.drawCentered(page, line, LEFT + WIDTH / 2, baselineIn(y, TITLE_PITCH, TITLE.size), TITLE);
    y -= TITLE_PITCH;
  }
  y -= LINE;
  y -= drawRow(t, page, y, header, cols, HEAD, true);
  for (const whole of rows) {
    let row: Row | undefined = whole;
    while (row) {
      const fit = Math.floor((y - BOTTOM - 2 * PAD_Y) / PITCH);
      const lines = Math.max(1, ...row.map((cell) => cell.length));
      // A row moves to the next page whole when it fits there; a taller one is cut between lines.
      if (lines > fit && (fit < 2 || lines * PITCH + 2 * PAD_Y <= TOP - BOTTOM - rowHeight(header))) {
        page = t.doc.addPage(A4_PORTRAIT);
        y = TOP - drawRow(t, page, TOP, header, cols, HEAD, true);
        continue;
      }
      const part = lines > fit ? row.map((cell) => cell.slice(0, fit)) : row;
      y -= drawRow(t, page, y, part, cols, CELL);
      row = lines > fit ? row.map((cell) => cell.slice(fit)) : undefined;
    }
  }
  drawPageNumbers(t);
  return t.save();
}

/** 页码 as on the notice: "— 1 —" in 4号, odd pages on the right, even on the left, one character in. */
function drawPageNumbers(t: Typesetter): void {
  const baseline = BOTTOM - mm(7) - 0.5 * PAGE_NUMBER.size;
  t.doc.getPages().forEach((page, i) => {
    const text = `—\u2002${i + 1}\u2002—`;
    if ((i + 1) % 2 === 1) t.drawRight(page, text, RIGHT - PAGE_NUMBER.size, baseline, PAGE_NUMBER);
    else t.draw(page, text, LEFT + PAGE_NUMBER.size, baseline, PAGE_NUMBER);
  });
}
