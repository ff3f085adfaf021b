import ExcelJS from 'exceljs';
import { DomainError, type FieldError } from '../common/errors.js';
import { readCell, type CellReading } from './cell-values.js';
import { GOAL_SHEET_ROWS as ROWS, columnLetter, coverLines, labelText } from './sheet-geometry.js';
import { GOAL_CODE, type Leaf, type TableLayout } from './table-layout.js';
import { MARKER_SHEET, type GoalSheetRef, type TemplateMarker } from './template-marker.js';
import { zipEntries, zipEntryData } from './zip-directory.js';

/** What the workbook may unpack to (a strategy table is a few hundred KB): a ZIP bomb stops here. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Rows read below the first data row of a goal sheet. */
const MAX_ROWS = 1000;

/** Where a value of the table sits in the uploaded workbook. */
export interface CellRef {
  sheet: string;
  row: number;
  column: number;
  leaf: Leaf;
}

export interface WorkbookReading {
  table: Record<string, unknown>;
  /** Each value read, by the path validation errors use (`table.goals[0].baseline.value`). */
  cells: Map<string, CellRef>;
  /** Each list read (`table.goals[0].measures`), by the first cell of its first item. */
  lists: Map<string, CellRef>;
  /** Cells that could not be read as their column's kind. */
  problems: FieldError[];
}

/** `工作表“目标2022-03”第8行 D列（现状与基线）：不能超过1000个字` */
export function located(ref: CellRef, field: string, reason: string): FieldError {
  const letter = columnLetter(ref.column);
  return { field, message: `工作表“${ref.sheet}”第${ref.row}行 ${letter}列（${ref.leaf.title}）：${reason}`, cell: `${ref.sheet}!${letter}${ref.row}` };
}

/** Refuses what is not an .xlsx workbook (by content, not name) and what would unpack too large. */
export function assertXlsx(bytes: Buffer): void {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传');
  }
  const entries = zipEntries(bytes);
  const names = new Set(entries?.map((e) => e.name));
  if (!entries || !names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '只接受 Excel 工作簿（.xlsx）文件，请上传在系统中下载并填写的附件3');
  }
  const tooLarge = new DomainError('PAYLOAD_TOO_LARGE', `工作簿解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB，不像是附件3，请检查文件`);
  if (entries.reduce((sum, e) => sum + e.size, 0) > MAX_UNPACKED_BYTES) throw tooLarge;
  // The directory's sizes are what the file claims: inflate each entry within what is left of the budget before exceljs does.
  let budget = MAX_UNPACKED_BYTES;
  for (const entry of entries) {
    try {
      budget -= zipEntryData(bytes, entry, budget).length;
    } catch (error) {
      if (error instanceof RangeError) throw tooLarge;
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '无法读取该 Excel 文件（文件可能已损坏），请重新保存为 .xlsx 后上传');
    }
  }
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '无法读取该 Excel 文件（文件可能已损坏），请重新保存为 .xlsx 后上传');
  }
  return workbook;
}

const read = (sheet: ExcelJS.Worksheet, row: number, column: number, leaf: Leaf): CellReading => readCell(sheet.getRow(row).getCell(column).value, leaf.kind);

const cellText = (sheet: ExcelJS.Worksheet, row: number, column: number): string => {
  const value = sheet.getRow(row).getCell(column).value;
  return typeof value === 'string'
    ? labelText(value)
    : value && typeof value === 'object' && 'richText' in value
      ? labelText(value.richText.map((r) => r.text).join(''))
      : '';
};

/** What one sheet gives: its entry (null when left blank) and where each value came from. */
interface SheetReading {
  entry: Record<string, unknown> | null;
  cells: [string, CellRef][];
  lists: [string, CellRef][];
  problems: FieldError[];
}

function headerProblems(sheet: ExcelJS.Worksheet, leaves: Leaf[]): FieldError[] {
  return leaves.flatMap((leaf, i) =>
    cellText(sheet, ROWS.header, i + 1) === leaf.title
      ? []
      : [
          {
            field: 'file',
            message: `工作表“${sheet.name}”第${ROWS.header}行 ${columnLetter(i + 1)}列：表头应为“${leaf.title}”。请勿插入、删除或移动列，可重新下载附件3后填写`,
            cell: `${sheet.name}!${columnLetter(i + 1)}${ROWS.header}`,
          },
        ],
  );
}

/** Adds a value read at `ref` to `target` under the leaf's property (and field), answering the path it took. */
function place(target: Record<string, unknown>, leaf: Leaf, value: unknown, base: string): string {
  if (!leaf.field) {
    target[leaf.property] = value;
    return `${base}.${leaf.property}`;
  }
  const own = (target[leaf.property] ??= {}) as Record<string, unknown>;
  own[leaf.field] = value;
  return `${base}.${leaf.property}.${leaf.field}`;
}

/** The single values of a goal sheet (row 8), and any found below it where only one belongs. */
function readSingles(sheet: ExcelJS.Worksheet, leaves: Leaf[], lastRow: number, base: string, out: SheetReading, entry: Record<string, unknown>): boolean {
  let filled = false;
  leaves.forEach((leaf, i) => {
    if (leaf.repeated || leaf.property === GOAL_CODE) return;
    const ref: CellRef = { sheet: sheet.name, row: ROWS.firstData, column: i + 1, leaf };
    const reading = read(sheet, ROWS.firstData, i + 1, leaf);
    if ('problem' in reading) out.problems.push(located(ref, `${base}.${leaf.property}${leaf.field ? `.${leaf.field}` : ''}`, reading.problem));
    else if (!reading.blank) {
      out.cells.push([place(entry, leaf, reading.value, base), ref]);
      filled = true;
    }
    for (let row = ROWS.firstData + 1; row <= lastRow; row++) {
      if (!read(sheet, row, i + 1, leaf).blank) {
        out.problems.push(located({ ...ref, row }, `${base}.${leaf.property}`, `此列只填一项，请填写在第${ROWS.firstData}行`));
      }
    }
  });
  return filled;
}

/** The lists of a goal sheet: each row where any of a list's columns is filled is one item of it. */
function readLists(sheet: ExcelJS.Worksheet, leaves: Leaf[], lastRow: number, base: string, out: SheetReading, entry: Record<string, unknown>): boolean {
  let filled = false;
  const properties = [...new Set(leaves.filter((l) => l.repeated).map((l) => l.property))];
  for (const property of properties) {
    const columns = leaves.map((leaf, i) => ({ leaf, column: i + 1 })).filter((c) => c.leaf.repeated && c.leaf.property === property);
    const items: unknown[] = [];
    entry[property] = items;
    for (let row = ROWS.firstData; row <= lastRow; row++) {
      const readings = columns.map((c) => ({ ...c, reading: read(sheet, row, c.column, c.leaf) }));
      if (readings.every((r) => r.reading.blank)) continue;
      const path = `${base}.${property}[${items.length}]`;
      if (items.length === 0) out.lists.push([`${base}.${property}`, { sheet: sheet.name, row, column: columns[0].column, leaf: columns[0].leaf }]);
      const item: Record<string, unknown> = {};
      for (const { leaf, column, reading } of readings) {
        const ref: CellRef = { sheet: sheet.name, row, column, leaf };
        const field = leaf.field ? `${path}.${leaf.field}` : path;
        if ('problem' in reading) out.problems.push(located(ref, field, reading.problem));
        else if (!reading.blank) {
          if (leaf.field) item[leaf.field] = reading.value;
          out.cells.push([field, ref]);
        }
      }
      const [first] = readings;
      // An array of scalars has one column; a problem leaves a placeholder (the upload is refused anyway).
      items.push(first.leaf.field ? item : 'value' in first.reading ? first.reading.value : null);
      filled = true;
    }
  }
  return filled;
}

function readGoalSheet(sheet: ExcelJS.Worksheet, ref: GoalSheetRef, layout: TableLayout, index: number): SheetReading {
  const out: SheetReading = { entry: null, cells: [], lists: [], problems: headerProblems(sheet, layout.goalLeaves) };
  if (out.problems.length > 0) return out;
  const base = `table.${layout.goalsProperty}[${index}]`;
  const lastRow = Math.min(sheet.rowCount, ROWS.firstData + MAX_ROWS - 1);
  if (sheet.rowCount > lastRow && sheet.getRows(lastRow + 1, sheet.rowCount - lastRow)?.some((r) => r.hasValues)) {
    out.problems.push({ field: 'file', message: `工作表“${sheet.name}”超过 ${MAX_ROWS} 行，请删去多余的行`, cell: `${sheet.name}!A${lastRow + 1}` });
  }
  const entry: Record<string, unknown> = { [GOAL_CODE]: ref.goal };
  const singles = readSingles(sheet, layout.goalLeaves, lastRow, base, out, entry);
  const lists = readLists(sheet, layout.goalLeaves, lastRow, base, out, entry);
  out.entry = singles || lists ? entry : null;
  return out;
}

function readCover(sheet: ExcelJS.Worksheet, layout: TableLayout, out: SheetReading, table: Record<string, unknown>): void {
  for (const line of coverLines(layout).lines) {
    if (!line.leaf) continue;
    const ref: CellRef = { sheet: sheet.name, row: line.row, column: 2, leaf: line.leaf };
    const field = `table.${line.leaf.property}${line.leaf.field ? `.${line.leaf.field}` : ''}`;
    if (cellText(sheet, line.row, 1) !== line.leaf.title) {
      out.problems.push({
        field: 'file',
        message: `工作表“${sheet.name}”第${line.row}行 A列：应为“${line.leaf.title}”。请勿插入或删除行`,
        cell: `${sheet.name}!A${line.row}`,
      });
      continue;
    }
    const reading = read(sheet, line.row, 2, line.leaf);
    if ('problem' in reading) out.problems.push(located(ref, field, reading.problem));
    else if (!reading.blank) out.cells.push([place(table, line.leaf, reading.value, 'table'), ref]);
  }
}

const hasValues = (sheet: ExcelJS.Worksheet) => {
  let found = false;
  sheet.eachRow((row) => {
    found ||= row.hasValues;
  });
  return found;
};

/**
 * A filled 附件3 as the JSON table, with where each value came from. The
 * marker (already checked) names the cover and the goal sheets; a goal sheet
 * left blank is not part of the table; a sheet we did not make, if it holds
 * anything, is refused rather than silently dropped.
 */
export function readStrategyWorkbook(workbook: ExcelJS.Workbook, marker: TemplateMarker, layout: TableLayout): WorkbookReading {
  const table: Record<string, unknown> = {};
  const out: SheetReading = { entry: null, cells: [], lists: [], problems: [] };
  const known = new Set([MARKER_SHEET, marker.coverSheet, ...marker.goalSheets.map((g) => g.name)]);
  for (const sheet of workbook.worksheets) {
    if (!known.has(sheet.name) && hasValues(sheet)) {
      out.problems.push({
        field: 'file',
        message: `工作表“${sheet.name}”不是附件3的一部分：请勿新增工作表或修改工作表名称（目标工作表名如“${marker.goalSheets[0]?.name ?? '目标'}”）`,
      });
    }
  }
  const cover = workbook.getWorksheet(marker.coverSheet);
  if (cover) readCover(cover, layout, out, table);
  if (layout.goalsProperty) {
    const goals: Record<string, unknown>[] = [];
    for (const ref of marker.goalSheets) {
      const sheet = workbook.getWorksheet(ref.name);
      if (!sheet) continue;
      const reading = readGoalSheet(sheet, ref, layout, goals.length);
      out.problems.push(...reading.problems);
      if (!reading.entry) continue;
      goals.push(reading.entry);
      out.cells.push(...reading.cells);
      out.lists.push(...reading.lists);
    }
    table[layout.goalsProperty] = goals;
  }
  return { table, cells: new Map(out.cells), lists: new Map(out.lists), problems: out.problems };
}
