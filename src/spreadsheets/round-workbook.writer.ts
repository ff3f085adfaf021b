import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { GOAL_CODE, type Leaf, type TableLayout } from './table-layout.js';

/** One center's part of the round, as the export shows it. */
export interface RoundEntry {
  center: { code: string; name: string };
  /** 牵头 / 协作, for the sheet's goal; on the summary, the goals with their roles. */
  role: string;
  /** The assignment's state in Chinese (已提交, 审核中, …). */
  state: string;
  /** The latest submitted version, if any. */
  submitted: {
    version: number;
    versions: number;
    /** `2022-04-29 08:59:59` in the round's time zone */
    at: string;
    /** 逾期提交: the center's first version came after the deadline (a resubmission after a return is not late). */
    late: boolean;
    receiptNo: string;
    table: Record<string, unknown>;
  } | null;
  /** The effective deadline, formatted like `at`. */
  deadline: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function scalarText(value: unknown): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return JSON.stringify(value);
}

/** A leaf's value in one cell: a list's items one per line, numbered when there are several. */
export function leafCell(owner: Record<string, unknown> | undefined, leaf: Leaf): string | number | null {
  const own = owner?.[leaf.property];
  if (!leaf.repeated) return scalarText(leaf.field ? asRecord(own)?.[leaf.field] : own);
  if (!Array.isArray(own)) return scalarText(own);
  const texts = own.map((item) => scalarText(leaf.field ? asRecord(item)?.[leaf.field] : item) ?? '');
  if (texts.length === 0) return '无';
  return texts.length === 1 ? String(texts[0]) : texts.map((t, i) => `${i + 1}. ${t}`).join('\n');
}

interface SheetSpec {
  name: string;
  title: string;
  columns: { header: string; width: number }[];
}

/**
 * The round's export as an .xlsx written straight to a stream (exceljs's
 * streaming writer): each row is committed as it is added, each sheet before
 * the next one opens, so memory holds one row, not the workbook. The caller
 * feeds it page by page.
 */
export class RoundWorkbookWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private rows = 0;

  constructor(
    stream: Writable,
    private readonly layout: TableLayout,
    private readonly heading: string,
    /** `北京时间`: how the times are labelled. */
    private readonly zoneLabel: string,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    this.workbook.creator = 'gongwen 公文流转';
  }

  /** Opens the summary: one row per center, whatever it has submitted. */
  beginSummary(): void {
    this.open({
      name: '汇总',
      title: `${this.heading}：各单位报送情况`,
      columns: [
        { header: '序号', width: 6 },
        { header: '单位代码', width: 14 },
        { header: '质控中心', width: 30 },
        { header: '承担目标', width: 30 },
        { header: '状态', width: 10 },
        { header: '已提交版本数', width: 8 },
        { header: '最新版本', width: 8 },
        { header: `提交时间（${this.zoneLabel}）`, width: 20 },
        { header: '逾期提交', width: 8 },
        { header: '回执编号', width: 18 },
        { header: `截止时间（${this.zoneLabel}）`, width: 20 },
      ],
    });
  }

  addSummary(entry: RoundEntry): void {
    const s = entry.submitted;
    this.add([
      entry.center.code,
      entry.center.name,
      entry.role,
      entry.state,
      s?.versions ?? 0,
      s?.version ?? null,
      s?.at ?? null,
      s ? (s.late ? '是' : '否') : null,
      s?.receiptNo ?? null,
      entry.deadline,
    ]);
  }

  /** Opens a goal's sheet: one row per center that submitted a table for it, every column of the template. */
  beginGoal(goal: { code: string; title: string }): void {
    const leaves = [...this.layout.goalLeaves, ...this.layout.tableLeaves];
    this.open({
      name: `目标${goal.code}`,
      title: `${this.heading}：目标 ${goal.code} ${goal.title}`,
      columns: [
        { header: '序号', width: 6 },
        { header: '单位代码', width: 14 },
        { header: '质控中心', width: 30 },
        { header: '分工', width: 8 },
        ...leaves.map((l) => ({ header: l.title, width: l.property === GOAL_CODE ? 10 : l.kind === 'date' ? 14 : 28 })),
        { header: '版本', width: 6 },
        { header: `提交时间（${this.zoneLabel}）`, width: 20 },
        { header: '逾期提交', width: 8 },
        { header: '状态', width: 10 },
        { header: '回执编号', width: 18 },
      ],
    });
  }

  addGoal(goalCode: string, entry: RoundEntry): void {
    const s = entry.submitted;
    if (!s) return;
    const goals = this.layout.goalsProperty ? s.table[this.layout.goalsProperty] : undefined;
    const goal = Array.isArray(goals) ? goals.map(asRecord).find((g) => g?.[GOAL_CODE] === goalCode) : undefined;
    this.add([
      entry.center.code,
      entry.center.name,
      entry.role,
      ...this.layout.goalLeaves.map((l) => leafCell(goal, l)),
      ...this.layout.tableLeaves.map((l) => leafCell(s.table, l)),
      s.version,
      s.at,
      s.late ? '是' : '否',
      entry.state,
      s.receiptNo,
    ]);
  }

  /** Closes the last sheet and the workbook; the stream ends when the archive is written. */
  async commit(): Promise<void> {
    this.close();
    await this.workbook.commit();
  }

  private open(spec: SheetSpec): void {
    this.close();
    const sheet = this.workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 2, xSplit: 3 }] });
    sheet.columns = spec.columns.map((c) => ({ width: c.width }));
    const title = sheet.addRow([spec.title]);
    title.font = { bold: true, size: 13 };
    title.commit();
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    });
    header.commit();
    this.sheet = sheet;
    this.rows = 0;
  }

  private add(values: (string | number | null)[]): void {
    const row = this.sheet!.addRow([++this.rows, ...values]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
  }

  private close(): void {
    this.sheet?.commit();
    this.sheet = null;
  }
}
