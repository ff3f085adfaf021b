import type { Leaf, TableLayout } from './table-layout.js';

/**
 * Where things are on the sheets of 附件3 (layout version 1): the builder
 * writes and the reader reads the same rows and columns from here.
 */
export const GOAL_SHEET_ROWS = {
  title: 1,
  notice: 2,
  center: 3,
  goal: 4,
  note: 5,
  /** the template's columns (`x-columns`), each over its leaves */
  group: 6,
  /** one label per leaf: the row the reader checks */
  header: 7,
  /** single values here; repeated ones (one per row) from here down */
  firstData: 8,
} as const;

export const COVER_SHEET_NAME = '填报说明';

export const goalSheetName = (goalCode: string): string => `目标${goalCode}`;

/** A leaf's label in a header: its title, starred when the template requires it. */
export const headerLabel = (leaf: Leaf): string => (leaf.required ? `${leaf.title} *` : leaf.title);

/** The label read back, star and spaces dropped. */
export const labelText = (text: string): string => text.replace(/\s*\*\s*$/, '').trim();

/** `A`, `B`, …, `Z`, `AA`: a column's letters from its 1-based number. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export const COVER_INSTRUCTIONS = [
  '1. 本工作簿由公文流转系统生成。请在黄色单元格中填写，灰色单元格无需填写；请勿修改表头、工作表名称或删除工作表。',
  '2. 每项牵头或协作的目标一张工作表（“目标2022-01”等）。第8行填写只有一项的内容（牵头单位、现状与基线、目标值等）。',
  '3. 可有多项的内容（协作单位、核心策略、具体措施、监测指标等）每行一项，从第8行起向下填写；同一项措施的时间节点、责任人与措施写在同一行。',
  '4. 日期请填写为 2022-06-30 格式（也可填 2022/6/30 或 2022年6月30日）；带 * 的列为提交时的必填项。',
  '5. 不承担的目标其工作表可留空。填好后在系统中本单位的任务页“上传附件3”，系统校验后保存为草稿，确认无误再提交。',
];

export const COVER_ROWS = {
  title: 1,
  notice: 2,
  center: 3,
  template: 4,
  instructionsTitle: 6,
  firstInstruction: 7,
} as const;

export interface CoverLine {
  row: number;
  /** a leaf's row (label | value | hint), or the title of the section the next leaves belong to */
  leaf?: Leaf;
  section?: string;
}

/** The rows of the cover sheet after the instructions: a header, then each group's title and its leaves. */
export function coverLines(layout: TableLayout): { headerRow: number; lines: CoverLine[] } {
  const headerRow = COVER_ROWS.firstInstruction + COVER_INSTRUCTIONS.length + 1;
  const lines: CoverLine[] = [];
  let row = headerRow + 1;
  let group = '';
  for (const leaf of layout.tableLeaves) {
    if (leaf.groupTitle !== group) {
      group = leaf.groupTitle;
      lines.push({ row: row++, section: group });
    }
    lines.push({ row: row++, leaf });
  }
  return { headerRow, lines };
}
