import type ExcelJS from 'exceljs';
import type { CellKind } from './table-layout.js';

/** What one cell of a filled 附件3 says: nothing, a value of the leaf's kind, or why it cannot be one. */
export type CellReading = { blank: true } | { blank: false; value: unknown } | { blank: false; problem: string };

type Plain = string | number | boolean | Date;

const BLANK: CellReading = { blank: true };

/** Excel's day 0 for serial dates (the 1900 system, with its leap-year bug already past by 1900-03-01). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The cell's content as a plain value: rich text joined, a hyperlink's text, a formula's result. */
function plainOf(value: ExcelJS.CellValue): Plain | null | { problem: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return { problem: `单元格是错误值 ${String(value.error)}，请改为实际内容` };
  if ('hyperlink' in value) return plainOf(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { problem: '公式没有计算结果，请复制后“粘贴为数值”' };
    return plainOf(result as ExcelJS.CellValue);
  }
  return { problem: '无法识别单元格内容' };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2022-06-30` from the calendar fields, if they name a real day. */
function isoDate(year: number, month: number, day: number): string | null {
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** exceljs reads a date cell as midnight UTC of the day shown. */
const dateOfCell = (at: Date) => isoDate(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const DATE_HINT = '应为日期，例如 2022-06-30';

function readDate(value: Plain): CellReading {
  if (value instanceof Date) {
    const day = dateOfCell(value);
    return day ? { blank: false, value: day } : { blank: false, problem: DATE_HINT };
  }
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2_958_466) {
    return { blank: false, value: dateOfCell(new Date(EXCEL_EPOCH_MS + value * DAY_MS)) };
  }
  const match = typeof value === 'string' ? DATE_TEXT.exec(value) : null;
  if (!match) return { blank: false, problem: DATE_HINT };
  const day = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return day ? { blank: false, value: day } : { blank: false, problem: `${value} 不是有效的日期` };
}

function readNumber(value: Plain, integer: boolean): CellReading {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^[-+]?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return { blank: false, problem: integer ? '应为整数' : '应为数字' };
  if (integer && !Number.isInteger(n)) return { blank: false, problem: '应为整数' };
  return { blank: false, value: n };
}

const YES = ['是', 'true', 'TRUE', '1', 'Y', 'y'];
const NO = ['否', 'false', 'FALSE', '0', 'N', 'n'];

function readBoolean(value: Plain): CellReading {
  if (typeof value === 'boolean') return { blank: false, value };
  const text = String(value);
  if (YES.includes(text)) return { blank: false, value: true };
  if (NO.includes(text)) return { blank: false, value: false };
  return { blank: false, problem: '应为“是”或“否”' };
}

function textOf(value: Plain): string {
  if (value instanceof Date) return dateOfCell(value) ?? value.toISOString();
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/**
 * A cell of a filled 附件3 read as the leaf's kind. Text is trimmed and its
 * line breaks made `\n`; an empty cell or one of spaces is blank. Dates are
 * accepted as Excel dates, serial numbers or `2022-06-30`, `2022/6/30`,
 * `2022年6月30日`, and always answered as `2022-06-30`.
 */
export function readCell(raw: ExcelJS.CellValue, kind: CellKind): CellReading {
  let value = plainOf(raw);
  if (value === null) return BLANK;
  if (typeof value === 'object' && 'problem' in value) return { blank: false, problem: value.problem };
  if (typeof value === 'string') {
    value = value.replace(/\r\n?/g, '\n').trim();
    if (value === '') return BLANK;
  }
  switch (kind) {
    case 'date':
      return readDate(value);
    case 'number':
    case 'integer':
      return readNumber(value, kind === 'integer');
    case 'boolean':
      return readBoolean(value);
    case 'json':
      try {
        return { blank: false, value: JSON.parse(textOf(value)) };
      } catch {
        return { blank: false, problem: '应为 JSON 文本' };
      }
    case 'text':
    case 'email':
    case 'enum':
      return { blank: false, value: textOf(value) };
  }
}

/** A value of the table as a cell: a date as an Excel date, a boolean as 是/否, anything else as text or number. */
export function cellOf(value: unknown, kind: CellKind): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (kind === 'date' && typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (match && isoDate(Number(match[1]), Number(match[2]), Number(match[3]))) return new Date(`${value}T00:00:00Z`);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return kind === 'text' ? String(value) : value;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
