import ExcelJS from 'exceljs';
import type { JsonSchema } from '../catalogue/catalogue.service.js';
import { cellOf } from './cell-values.js';
import { COVER_INSTRUCTIONS, COVER_ROWS, COVER_SHEET_NAME, GOAL_SHEET_ROWS as ROWS, coverLines, goalSheetName, headerLabel } from './sheet-geometry.js';
import { GOAL_CODE, tableLayout, type Leaf, type TableLayout } from './table-layout.js';
import { LAYOUT_VERSION, MARKER_FORMAT, schemaDigest, writeMarker, type GoalSheetRef } from './template-marker.js';

/** What 附件3 is made from: plain data, so the notice's attachments and the download routes share it. */
export interface StrategyWorkbookInput {
  notice: { id: string; docNumber: string | null; title: string; campaignYear: number; tableTemplate: string };
  /** The campaign's template: the notice's frozen schema once issued, the catalogue's before. */
  schema: JsonSchema;
  /** One sheet per goal, in this order. */
  goals: { code: string; title: string }[];
  /** The center it is made for (its own download); absent: the notice's blank 附件3. */
  center?: { code: string; name: string; assignmentId: string };
  /** The center's draft, written into the cells it fills. */
  draft?: Record<string, unknown> | null;
}

const FILL_YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const FILL_GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const FILL_HEADER: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';
/** Protection guards the layout, not secrets: no password, a person may lift it from the menu. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: true,
  formatColumns: true,
  formatRows: true,
};

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function widthOf(leaf: Leaf): number {
  if (leaf.property === GOAL_CODE) return 12;
  if (leaf.kind === 'date' || leaf.kind === 'boolean' || leaf.kind === 'number' || leaf.kind === 'integer') return 14;
  const max = Number(leaf.schema.maxLength ?? 1000);
  return max <= 20 ? 12 : max <= 100 ? 22 : 34;
}

function numFmtOf(leaf: Leaf): string | undefined {
  if (leaf.kind === 'date') return 'yyyy-mm-dd';
  return leaf.kind === 'text' || leaf.kind === 'email' || leaf.kind === 'enum' || leaf.kind === 'json' ? '@' : undefined;
}

/** Excel's own check and hint for a cell of this leaf; the server checks again on upload. */
function validationOf(leaf: Leaf): ExcelJS.DataValidation | undefined {
  const common = { allowBlank: true, showErrorMessage: true, showInputMessage: true, errorStyle: 'stop', promptTitle: leaf.title };
  switch (leaf.kind) {
    case 'date':
      return {
        ...common,
        type: 'date',
        operator: 'greaterThan',
        formulae: [new Date(Date.UTC(1990, 0, 1))],
        error: '请填写日期，例如 2022-06-30',
        prompt: '日期，例如 2022-06-30',
      };
    case 'enum': {
      const list = (leaf.schema.enum as string[]).join(',');
      if (list.length > 250 || list.includes('"')) return undefined;
      return { ...common, type: 'list', formulae: [`"${list}"`], error: '请从下拉列表中选择', prompt: '请从下拉列表中选择' };
    }
    case 'boolean':
      return { ...common, type: 'list', formulae: ['"是,否"'], error: '请选择“是”或“否”', prompt: '是 / 否' };
    case 'number':
    case 'integer': {
      const [min, max] = [Number(leaf.schema.minimum ?? -1e12), Number(leaf.schema.maximum ?? 1e12)];
      const type = leaf.kind === 'integer' ? 'whole' : 'decimal';
      return { ...common, type, operator: 'between', formulae: [min, max], error: leaf.kind === 'integer' ? '请填写整数' : '请填写数字', prompt: '数字' };
    }
    case 'text':
    case 'email': {
      const max = leaf.schema.maxLength;
      if (typeof max !== 'number') return undefined;
      return { ...common, type: 'textLength', operator: 'lessThanOrEqual', formulae: [max], error: `不能超过${max}个字`, prompt: `不超过${max}个字` };
    }
    case 'json':
      return undefined;
  }
}

/** A leaf's fillable style and Excel check, made once and shared by its cells (thousands on a workbook of ten goals). */
const painted = new WeakMap<Leaf, { style: Partial<ExcelJS.Style>; validation: ExcelJS.DataValidation | undefined }>();

function paintOf(leaf: Leaf) {
  let paint = painted.get(leaf);
  if (!paint) {
    const numFmt = numFmtOf(leaf);
    const style: Partial<ExcelJS.Style> = {
      fill: FILL_YELLOW,
      border: BORDER,
      protection: { locked: false },
      alignment: { vertical: 'top', wrapText: true },
      ...(numFmt ? { numFmt } : {}),
    };
    paint = { style, validation: validationOf(leaf) };
    painted.set(leaf, paint);
  }
  return paint;
}

/** A cell the center fills: yellow, unlocked, checked by Excel as the template says. */
function fillable(cell: ExcelJS.Cell, leaf: Leaf, value: unknown): void {
  const { style, validation } = paintOf(leaf);
  cell.value = cellOf(value, leaf.kind);
  // Shared on purpose: no cell's style is changed after this.
  cell.style = style;
  if (validation) cell.dataValidation = validation;
}

const FIXED_STYLE: Partial<ExcelJS.Style> = { fill: FILL_GREY, border: BORDER, alignment: { vertical: 'top', wrapText: true } };

function fixed(cell: ExcelJS.Cell, value: ExcelJS.CellValue = null): void {
  cell.value = value;
  cell.style = FIXED_STYLE;
}

function header(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = { name: FONT, bold: true };
  cell.fill = FILL_HEADER;
  cell.border = BORDER;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function banner(sheet: ExcelJS.Worksheet, row: number, text: string, width: number, size = 11, bold = false): void {
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, size, bold };
  cell.alignment = { vertical: 'middle', wrapText: true };
  if (width > 1) sheet.mergeCells(row, 1, row, width);
}

function noticeLine(input: StrategyWorkbookInput): string {
  return `通知：${input.notice.docNumber ?? '（尚未印发）'}《${input.notice.title}》`;
}

function centerLine(input: StrategyWorkbookInput): string {
  return `填报单位：${input.center ? `${input.center.name}（${input.center.code}）` : '（上传时按登录的质控中心识别）'}`;
}

/** The header rows of a goal sheet: title, notice, center, goal, the note, then the columns' two header rows. */
function goalSheetHead(sheet: ExcelJS.Worksheet, input: StrategyWorkbookInput, layout: TableLayout, goal: { code: string; title: string }): void {
  const width = layout.goalLeaves.length;
  banner(sheet, ROWS.title, `附件3  ${String(input.schema.title ?? '策略表')}`, width, 14, true);
  banner(sheet, ROWS.notice, noticeLine(input), width);
  banner(sheet, ROWS.center, centerLine(input), width);
  banner(sheet, ROWS.goal, `目标：${goal.code}  ${goal.title}`, width, 12, true);
  banner(sheet, ROWS.note, '黄色单元格由质控中心填写。第8行填写单项内容；可有多项的内容每行一项，向下续填。日期如 2022-06-30。带 * 的列为必填。', width, 10);
  sheet.getRow(ROWS.note).height = 30;
  let start = 0;
  layout.goalLeaves.forEach((leaf, i) => {
    header(sheet.getCell(ROWS.header, i + 1), headerLabel(leaf));
    sheet.getColumn(i + 1).width = widthOf(leaf);
    const next = layout.goalLeaves[i + 1];
    if (next && next.property === leaf.property) return;
    // The template column over its leaves; a single leaf of the same name spans both header rows.
    const first = layout.goalLeaves[start];
    if (start === i && first.title === first.groupTitle) {
      // The merged cell shows the top one's value; the reader, at the header row, reads it too.
      header(sheet.getCell(ROWS.group, i + 1), headerLabel(leaf));
      sheet.mergeCells(ROWS.group, i + 1, ROWS.header, i + 1);
    } else {
      header(sheet.getCell(ROWS.group, start + 1), first.groupTitle);
      if (i > start) sheet.mergeCells(ROWS.group, start + 1, ROWS.group, i + 1);
    }
    start = i + 1;
  });
  sheet.getRow(ROWS.header).height = 30;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: ROWS.header }];
}

/** The value of a leaf in a goal entry of the draft, for row `index` of a repeated leaf. */
function draftValue(entry: Record<string, unknown> | undefined, leaf: Leaf, index: number): unknown {
  const own = entry?.[leaf.property];
  if (!leaf.repeated) return leaf.field ? asRecord(own)?.[leaf.field] : own;
  const item = Array.isArray(own) ? own[index] : undefined;
  return leaf.field ? asRecord(item)?.[leaf.field] : item;
}

function rowsNeeded(layout: TableLayout, entry: Record<string, unknown> | undefined): number {
  const lengths = layout.goalLeaves.filter((l) => l.repeated).map((l) => (Array.isArray(entry?.[l.property]) ? (entry[l.property] as unknown[]).length : 0));
  return Math.max(layout.itemRows, ...lengths);
}

function goalSheet(workbook: ExcelJS.Workbook, input: StrategyWorkbookInput, layout: TableLayout, goal: { code: string; title: string }): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(goalSheetName(goal.code), {
    properties: { defaultRowHeight: 18 },
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  goalSheetHead(sheet, input, layout, goal);
  const drafts = Array.isArray(input.draft?.goals) ? (input.draft.goals as unknown[]) : [];
  const entry = drafts.map(asRecord).find((g) => g?.[GOAL_CODE] === goal.code);
  const rows = rowsNeeded(layout, entry);
  for (let r = 0; r < rows; r++) {
    layout.goalLeaves.forEach((leaf, c) => {
      const cell = sheet.getCell(ROWS.firstData + r, c + 1);
      if (leaf.property === GOAL_CODE) fixed(cell, r === 0 ? goal.code : null);
      else if (leaf.repeated || r === 0) fillable(cell, leaf, draftValue(entry, leaf, r));
      else fixed(cell);
    });
  }
  return sheet;
}

function coverSheet(workbook: ExcelJS.Workbook, input: StrategyWorkbookInput, layout: TableLayout, goalSheets: GoalSheetRef[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(COVER_SHEET_NAME);
  sheet.columns = [{ width: 22 }, { width: 40 }, { width: 60 }];
  banner(sheet, COVER_ROWS.title, `附件3  ${String(input.schema.title ?? '策略表')}`, 3, 14, true);
  banner(sheet, COVER_ROWS.notice, noticeLine(input), 3);
  banner(sheet, COVER_ROWS.center, centerLine(input), 3);
  banner(
    sheet,
    COVER_ROWS.template,
    `模板：${input.notice.tableTemplate}（${input.notice.campaignYear}年度，版本 ${schemaDigest(input.schema).slice(0, 12)}）`,
    3,
    10,
  );
  banner(sheet, COVER_ROWS.instructionsTitle, '填写说明', 3, 12, true);
  COVER_INSTRUCTIONS.forEach((line, i) => {
    banner(sheet, COVER_ROWS.firstInstruction + i, line, 3, 10);
    sheet.getRow(COVER_ROWS.firstInstruction + i).height = 28;
  });
  const { headerRow, lines } = coverLines(layout);
  ['项目', '填写内容', '说明'].forEach((text, i) => header(sheet.getCell(headerRow, i + 1), text));
  const draft = input.draft ?? undefined;
  for (const line of lines) {
    if (line.section) {
      banner(sheet, line.row, line.section, 3, 11, true);
      continue;
    }
    const leaf = line.leaf!;
    fixed(sheet.getCell(line.row, 1), headerLabel(leaf));
    const own = draft?.[leaf.property];
    fillable(sheet.getCell(line.row, 2), leaf, leaf.field ? asRecord(own)?.[leaf.field] : own);
    fixed(sheet.getCell(line.row, 3), leaf.kind === 'date' ? '日期，例如 2022-06-30' : leaf.required ? '必填' : '选填');
  }
  const listRow = (lines.at(-1)?.row ?? headerRow) + 2;
  banner(sheet, listRow, `本工作簿的目标工作表：${goalSheets.map((g) => g.name).join('、') || '（无）'}`, 3, 10);
  return sheet;
}

/**
 * 附件3 as an .xlsx workbook: a cover sheet (instructions, the contact), one
 * sheet per goal with every column of the template, the cells a center fills
 * in yellow and unlocked (the rest protected, without a password), Excel's
 * own checks where the template has dates, lists, numbers or lengths, and the
 * very hidden marker that makes an upload recognisable. With `center` and
 * `draft` it is that center's copy, prefilled.
 */
export async function buildStrategyWorkbook(input: StrategyWorkbookInput): Promise<Buffer> {
  const layout = tableLayout(input.schema);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gongwen 公文流转';
  workbook.title = `附件3 ${String(input.schema.title ?? '')}`;
  // A fixed date: the same input gives the same workbook contents.
  workbook.created = workbook.modified = new Date(Date.UTC(input.notice.campaignYear, 0, 1));
  const goalSheets = layout.goalsProperty ? input.goals.map((g) => ({ name: goalSheetName(g.code), goal: g.code })) : [];
  const cover = coverSheet(workbook, input, layout, goalSheets);
  const sheets = [cover, ...goalSheets.map((ref, i) => goalSheet(workbook, input, layout, input.goals[i]))];
  for (const sheet of sheets) await sheet.protect('', PROTECTION);
  await writeMarker(workbook, {
    format: MARKER_FORMAT,
    layout: LAYOUT_VERSION,
    template: input.notice.tableTemplate,
    year: input.notice.campaignYear,
    schemaDigest: schemaDigest(input.schema),
    noticeId: input.notice.id,
    docNumber: input.notice.docNumber ?? '',
    assignmentId: input.center?.assignmentId ?? null,
    centerCode: input.center?.code ?? null,
    coverSheet: COVER_SHEET_NAME,
    goalSheets,
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
