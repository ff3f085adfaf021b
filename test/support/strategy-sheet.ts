import ExcelJS from 'exceljs';
import type { Response } from 'supertest';

/** Supertest parser that keeps a binary body (xlsx, zip) as a Buffer. */
export function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** The file name a Content-Disposition header gives in `filename*=UTF-8''…`. */
export function utf8FileName(disposition: string | undefined): string {
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return match ? decodeURIComponent(match[1]) : '';
}

export async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/**
 * The columns a clerk sees on a goal sheet of 附件3, by the labels printed in
 * its header row (a star marks the required ones): written here from the
 * template's titles, independently of the code that lays the sheet out.
 */
export const GOAL_COLUMNS: Record<string, string> = {
  leadCenter: '牵头单位',
  partnerUnits: '协作单位',
  'baseline.value': '现状与基线',
  'baseline.dataSource': '数据来源',
  'baseline.asOf': '基线时间',
  'target.value': '目标值',
  'target.date': '目标完成时间',
  coreStrategies: '核心策略',
  'measures.measure': '具体措施',
  'measures.milestone': '时间节点',
  'measures.responsible': '责任人',
  'indicators.name': '监测指标',
  'indicators.definition': '指标定义',
  'indicators.frequency': '监测频率',
};

export const CONTACT_ROWS: Record<string, string> = { name: '联系人', phone: '联系电话', email: '电子邮箱' };

const label = (value: ExcelJS.CellValue): string => (typeof value === 'string' ? value.replace(/\s*\*$/, '') : '');

/** The header row of a goal sheet (the one naming `known`, 具体措施 on the 2022 template) and each label's column. */
export function goalColumns(sheet: ExcelJS.Worksheet, known = '具体措施'): { headerRow: number; columns: Map<string, number> } {
  // The lower of the two header rows: the one above it names the template's column groups.
  for (let r = 12; r >= 1; r--) {
    const columns = new Map<string, number>();
    sheet.getRow(r).eachCell((cell, c) => columns.set(label(cell.value), c));
    if (columns.has(known) && columns.size > 1) return { headerRow: r, columns };
  }
  throw new Error(`no header row on ${sheet.name}`);
}

type Cell = string | number | Date | null;
type Goal = Record<string, unknown>;

/**
 * Fills a downloaded 附件3 as a person would: for each goal, its sheet
 * (`目标2022-04`), single values on the first row under the header, lists one
 * item per row from there down; the contact on the cover sheet. `cellOf` lets
 * a test type a value differently (an Excel date, a wrong value).
 */
export async function fillStrategyWorkbook(
  bytes: Buffer,
  table: { goals: Goal[]; contact?: Record<string, unknown> },
  cellOf: (path: string, value: unknown) => Cell = (_p, v) => v as Cell,
): Promise<Buffer> {
  const workbook = await loadXlsx(bytes);
  table.goals.forEach((goal, g) => {
    const sheet = workbook.getWorksheet(`目标${String(goal.goalCode)}`);
    if (!sheet) throw new Error(`no sheet for ${String(goal.goalCode)}`);
    const { headerRow, columns } = goalColumns(sheet);
    const put = (row: number, key: string, path: string, value: unknown) => {
      if (value === undefined) return;
      sheet.getCell(headerRow + 1 + row, columns.get(GOAL_COLUMNS[key])!).value = cellOf(path, value);
    };
    for (const [key] of Object.entries(GOAL_COLUMNS)) {
      const [property, field] = key.split('.');
      const own = goal[property];
      if (Array.isArray(own)) {
        own.forEach((item, i) => put(i, key, `goals[${g}].${property}[${i}]${field ? `.${field}` : ''}`, field ? (item as Goal)[field] : item));
      } else {
        put(0, key, `goals[${g}].${key}`, field ? (own as Goal | undefined)?.[field] : own);
      }
    }
  });
  const cover = workbook.getWorksheet('填报说明')!;
  cover.eachRow((row) => {
    const key = Object.entries(CONTACT_ROWS).find(([, title]) => title === label(row.getCell(1).value))?.[0];
    if (key && table.contact?.[key] !== undefined) row.getCell(2).value = cellOf(`contact.${key}`, table.contact[key]);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
