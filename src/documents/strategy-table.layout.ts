import type { PDFPage } from 'pdf-lib';
import { assertDrawable, assertDrawableDeep } from './cjk-fonts.js';
import { chineseCalendarDate, chineseDateTime, zoneLabel } from './chinese-dates.js';
import type { TableColumn, TableData } from './document-data.js';
import { A4_LANDSCAPE, HEADER_FILL, RULE_GREY, Typesetter, baselineIn, inputDigest, type TextStyle } from './typesetter.js';

/**
 * The submitted strategy table (附件3) on A4 landscape: one row per goal, the
 * columns of the template (`x-columns`), cells wrapped, the header row repeated
 * on every page, "第 1 页 共 3 页" at the foot, the contact at the end.
 *
 * A column key `measures.measure` takes `measure` from each element of the
 * goal's `measures` array: the columns of one array share sub-rows, so each
 * measure stands level with its milestone and its responsible person.
 */

const [PAGE_W, PAGE_H] = A4_LANDSCAPE;
const MARGIN_X = 36;
const TOP = PAGE_H - 36;
const BOTTOM = 44;
const FOOTER_BASELINE = 22;
const TABLE_W = PAGE_W - 2 * MARGIN_X;
const CELL: TextStyle = { size: 9 };
const HEAD: TextStyle = { size: 9.5, weight: 'bold' };
const TITLE: TextStyle = { size: 15, weight: 'bold' };
const META: TextStyle = { size: 9.5 };
const CONTACT: TextStyle = { size: 10.5 };
const FOOTER: TextStyle = { size: 9 };
const PITCH = 13;
const PAD_X = 4;
const PAD_Y = 4;
/** a row split over pages keeps at least this much on the first page */
const MIN_SPLIT = 2 * PITCH + 2 * PAD_Y;

/** Relative widths of the 2022 template's columns; any other column gets DEFAULT_WEIGHT. */
const COLUMN_WEIGHTS: Record<string, number> = {
  goalCode: 1.45,
  leadCenter: 1.2,
  partnerUnits: 1.25,
  baseline: 1.7,
  target: 1.3,
  coreStrategies: 2.1,
  'measures.measure': 2.1,
  'measures.milestone': 1.3,
  'measures.responsible': 0.8,
  indicators: 1.6,
};
const DEFAULT_WEIGHT = 1.2;

/** Fields shown first and without a label when an object is printed in a cell. */
const LEAD_FIELDS = ['value', 'name', 'title', 'measure'];
/** Labels of the other fields of the 2022 template's objects (baseline, target, indicators). */
const FIELD_LABELS: Record<string, string> = {
  dataSource: '数据来源',
  asOf: '基线时间',
  date: '完成时间',
  definition: '定义',
  frequency: '监测频率',
  milestone: '时间节点',
  responsible: '责任人',
};

function scalarText(value: unknown): string {
  if (typeof value === 'string') return chineseCalendarDate(value.trim());
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  return '';
}

/** A cell's value as paragraphs of readable Chinese. */
export function cellParagraphs(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['无'];
    return value.flatMap((item, i) => {
      const paragraphs = cellParagraphs(item);
      if (value.length > 1 && paragraphs.length > 0) paragraphs[0] = `${i + 1}. ${paragraphs[0]}`;
      return paragraphs;
    });
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== '');
    const lead = entries.filter(([k]) => LEAD_FIELDS.includes(k));
    const rest = entries.filter(([k]) => !LEAD_FIELDS.includes(k));
    return [...lead.flatMap(([, v]) => cellParagraphs(v)), ...rest.map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${cellParagraphs(v).join('；')}`)];
  }
  const text = scalarText(value);
  return text ? [text] : [];
}

interface Line {
  text: string;
  /** offset of the line box's top below the row's top */
  y: number;
}

interface CellBlock {
  lines: Line[];
  /** offsets below the row's top of the rules between sub-rows (array columns) */
  rules: number[];
}

/** A row, or the part of a row that goes on one page. */
interface RowBlock {
  height: number;
  cells: CellBlock[];
}

interface ColumnLayout {
  column: TableColumn;
  x: number;
  width: number;
  /** for `measures.measure`: the array (`measures`) and the field (`measure`) */
  group?: { array: string; field: string };
}

function layoutColumns(columns: TableColumn[], goals: TableData['table']['goals']): ColumnLayout[] {
  const weights = columns.map((c) => COLUMN_WEIGHTS[c.key] ?? DEFAULT_WEIGHT);
  const total = weights.reduce((a, b) => a + b, 0);
  let x = MARGIN_X;
  return columns.map((column, i) => {
    const width = (TABLE_W * weights[i]) / total;
    const dot = column.key.indexOf('.');
    const array = dot > 0 ? column.key.slice(0, dot) : '';
    const isGroup = dot > 0 && goals.some((g) => Array.isArray(g[array]));
    const layout: ColumnLayout = { column, x, width, group: isGroup ? { array, field: column.key.slice(dot + 1) } : undefined };
    x += width;
    return layout;
  });
}

/** The value of a non-array column: `goalCode` shown with its title; `a.b` read as a nested field. */
function spanValue(goal: Record<string, unknown>, key: string, goalTitles: Record<string, string>): unknown {
  if (key === 'goalCode' && typeof goal.goalCode === 'string') {
    const title = goalTitles[goal.goalCode];
    return title ? [goal.goalCode, title].join('\n') : goal.goalCode;
  }
  let value: unknown = goal;
  for (const part of key.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

class TableLayout {
  constructor(
    private readonly t: Typesetter,
    private readonly columns: ColumnLayout[],
  ) {}

  private wrapCell(paragraphs: string[], column: ColumnLayout, style: TextStyle): string[] {
    return paragraphs.flatMap((p) => this.t.wrap(p, column.width - 2 * PAD_X, style));
  }

  headerBlock(): RowBlock {
    const cells = this.columns.map((c) => ({
      lines: this.wrapCell([c.column.title], c, HEAD).map((text, i) => ({ text, y: PAD_Y + i * PITCH })),
      rules: [],
    }));
    return { height: Math.max(...cells.map((c) => c.lines.length)) * PITCH + 2 * PAD_Y, cells };
  }

  rowBlock(goal: Record<string, unknown>, goalTitles: Record<string, string>): RowBlock {
    const cells: CellBlock[] = this.columns.map(() => ({ lines: [], rules: [] }));
    let height = PITCH + 2 * PAD_Y;

    this.columns.forEach((c, i) => {
      if (c.group) return;
      const lines = this.wrapCell(cellParagraphs(spanValue(goal, c.column.key, goalTitles)), c, CELL);
      cells[i].lines = lines.map((text, k) => ({ text, y: PAD_Y + k * PITCH }));
      height = Math.max(height, lines.length * PITCH + 2 * PAD_Y);
    });

    // Columns that read the same array share sub-rows, one per element.
    const arrays = [...new Set(this.columns.flatMap((c) => (c.group ? [c.group.array] : [])))];
    for (const array of arrays) {
      const members = this.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.group?.array === array);
      const elements = Array.isArray(goal[array]) ? (goal[array] as unknown[]) : [];
      let top = 0;
      elements.forEach((element, j) => {
        const wrapped = members.map(({ c }) => {
          const value = element !== null && typeof element === 'object' ? (element as Record<string, unknown>)[c.group?.field ?? ''] : undefined;
          return this.wrapCell(cellParagraphs(value), c, CELL);
        });
        const rows = Math.max(1, ...wrapped.map((w) => w.length));
        members.forEach(({ i }, m) => {
          if (j > 0) cells[i].rules.push(top);
          cells[i].lines.push(...wrapped[m].map((text, k) => ({ text, y: top + PAD_Y + k * PITCH })));
        });
        top += rows * PITCH + 2 * PAD_Y;
      });
      height = Math.max(height, top);
    }
    return { height, cells };
  }

  /**
   * Splits a row at `available` points: the lines that fit stay, the others
   * continue on the next page, every column shifted by the same amount so the
   * sub-rows stay level. The cut goes between two sub-rows (measures) when
   * that still fills at least half of the space.
   */
  split(block: RowBlock, available: number): [RowBlock, RowBlock | undefined] {
    let cut = available - PAD_Y;
    const boundaries = block.cells.flatMap((c) => c.rules).filter((r) => r - PAD_Y <= cut && r >= available / 2);
    if (boundaries.length > 0) cut = Math.max(...boundaries) - PAD_Y;
    const rest = block.cells.flatMap((c) => c.lines.filter((l) => l.y + PITCH > cut).map((l) => l.y));
    if (rest.length === 0) return [{ ...block, height: available }, undefined];
    const shift = Math.min(...rest) - PAD_Y;
    // A rule right at the cut is replaced by the page break.
    const head: RowBlock = {
      height: available,
      cells: block.cells.map((c) => ({ lines: c.lines.filter((l) => l.y + PITCH <= cut), rules: c.rules.filter((r) => r < shift - 0.5) })),
    };
    const tail: RowBlock = {
      height: block.height - shift,
      cells: block.cells.map((c) => ({
        lines: c.lines.filter((l) => l.y + PITCH > cut).map((l) => ({ text: l.text, y: l.y - shift })),
        rules: c.rules.filter((r) => r > shift + 0.5).map((r) => r - shift),
      })),
    };
    return [head, tail];
  }

  draw(page: PDFPage, top: number, block: RowBlock, style: TextStyle, fill = false): void {
    const bottom = top - block.height;
    if (fill) page.drawRectangle({ x: MARGIN_X, y: bottom, width: TABLE_W, height: block.height, color: HEADER_FILL });
    page.drawRectangle({ x: MARGIN_X, y: bottom, width: TABLE_W, height: block.height, borderColor: RULE_GREY, borderWidth: 0.6 });
    this.columns.forEach((c, i) => {
      if (i > 0) page.drawLine({ start: { x: c.x, y: top }, end: { x: c.x, y: bottom }, thickness: 0.6, color: RULE_GREY });
      for (const r of block.cells[i].rules) {
        if (r > 0.5 && r < block.height - 0.5) {
          page.drawLine({ start: { x: c.x, y: top - r }, end: { x: c.x + c.width, y: top - r }, thickness: 0.4, color: RULE_GREY });
        }
      }
      for (const line of block.cells[i].lines) {
        this.t.draw(page, line.text, c.x + PAD_X, baselineIn(top - line.y, PITCH, style.size), style);
      }
    });
  }
}

function assertTableDrawable(data: TableData): void {
  assertDrawable(data.templateTitle, 'templateTitle');
  assertDrawable(data.centerName, 'centerName');
  assertDrawable(data.noticeDocNumber, 'noticeDocNumber');
  data.columns.forEach((c, i) => assertDrawable(c.title, `columns[${i}].title`));
  for (const [code, title] of Object.entries(data.goalTitles)) assertDrawable(title, `goalTitles.${code}`);
  assertDrawableDeep(data.table, 'table');
}

export async function renderStrategyTablePdf(data: TableData): Promise<Uint8Array> {
  assertTableDrawable(data);
  const t = await createTableTypesetter(data);
  const table = new TableLayout(t, layoutColumns(data.columns, data.table.goals));
  const pages = new PageFlow(t, table, table.headerBlock());
  drawTitleAndMeta(t, pages, data);
  pages.drawHeader();
  for (const goal of data.table.goals) pages.drawRow(table.rowBlock(goal, data.goalTitles));
  drawContact(t, pages, data.table.contact);
  drawPageNumbers(t);
  return t.save();
}

function createTableTypesetter(data: TableData): Promise<Typesetter> {
  return Typesetter.create(
    {
      title: `${data.templateTitle}（${data.centerName}，第${data.version}版）`,
      author: data.centerName,
      subject: `${data.noticeDocNumber} ${data.templateTitle}`,
      keywords: ['策略表', data.noticeDocNumber, data.centerName, `第${data.version}版`],
      date: data.submittedAt,
    },
    inputDigest(data),
  );
}

/**
 * The pages of the table as they fill: the current page and the top of the
 * space left on it; a new page repeats the header row.
 */
class PageFlow {
  page: PDFPage;
  y = TOP;
  private rowsOnPage = 0;
  /** the space for rows on a page that has only the header */
  private readonly freshPage: number;

  constructor(
    private readonly t: Typesetter,
    private readonly table: TableLayout,
    private readonly header: RowBlock,
  ) {
    this.page = t.doc.addPage(A4_LANDSCAPE);
    this.freshPage = TOP - header.height - BOTTOM;
  }

  newPage(withHeader: boolean): void {
    this.page = this.t.doc.addPage(A4_LANDSCAPE);
    this.y = TOP;
    this.rowsOnPage = 0;
    if (withHeader) this.drawHeader();
  }

  drawHeader(): void {
    this.table.draw(this.page, this.y, this.header, HEAD, true);
    this.y -= this.header.height;
  }

  /**
   * One goal's row: on this page if it fits, else on the next one if it fits
   * there, else split, its first part filling this page.
   */
  drawRow(row: RowBlock): void {
    let block: RowBlock | undefined = row;
    while (block) {
      const available = this.y - BOTTOM;
      if (block.height <= available) {
        this.table.draw(this.page, this.y, block, CELL);
        this.y -= block.height;
        this.rowsOnPage++;
        block = undefined;
      } else if ((this.rowsOnPage > 0 && block.height <= this.freshPage) || available < MIN_SPLIT) {
        this.newPage(true);
      } else {
        const [head, tail] = this.table.split(block, available);
        this.table.draw(this.page, this.y, head, CELL);
        this.newPage(true);
        block = tail;
      }
    }
  }
}

/** The balanced title and the line of who sent which version when, above the table. */
function drawTitleAndMeta(t: Typesetter, pages: PageFlow, data: TableData): void {
  const submitted = `${chineseDateTime(data.submittedAt, data.timeZone)}（${zoneLabel(data.timeZone)}）`;
  for (const line of t.wrapBalanced(data.templateTitle, TABLE_W, TITLE)) {
    t.drawCentered(pages.page, line, PAGE_W / 2, baselineIn(pages.y, 22, TITLE.size), TITLE);
    pages.y -= 22;
  }
  pages.y -= 6;
  const meta = `填报单位：${data.centerName}　　通知文号：${data.noticeDocNumber}　　版本：第${data.version}版　　提交时间：${submitted}`;
  for (const line of t.wrap(meta, TABLE_W, META)) {
    t.draw(pages.page, line, MARGIN_X, baselineIn(pages.y, 15, META.size), META);
    pages.y -= 15;
  }
  pages.y -= 6;
}

function drawContact(t: Typesetter, pages: PageFlow, contact: TableData['table']['contact']): void {
  const contactText = [`联系人：${contact.name}`, `联系电话：${contact.phone}`, ...(contact.email ? [`电子邮箱：${contact.email}`] : [])].join('　　');
  const contactLines = t.wrap(contactText, TABLE_W, CONTACT);
  if (pages.y - 10 - contactLines.length * 16 < BOTTOM) pages.newPage(false);
  pages.y -= 10;
  for (const line of contactLines) {
    t.draw(pages.page, line, MARGIN_X, baselineIn(pages.y, 16, CONTACT.size), CONTACT);
    pages.y -= 16;
  }
}

/** "第 1 页 共 3 页" at the foot of every page. */
function drawPageNumbers(t: Typesetter): void {
  const pages = t.doc.getPages();
  // En spaces (U+2002): a text extractor drops a plain space this narrow next to one digit.
  pages.forEach((p, i) => t.drawCentered(p, `第\u2002${i + 1}\u2002页\u2002共\u2002${pages.length}\u2002页`, PAGE_W / 2, FOOTER_BASELINE, FOOTER));
}
