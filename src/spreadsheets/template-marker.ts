import type ExcelJS from 'exceljs';
import type { JsonSchema } from '../catalogue/catalogue.service.js';
import { canonicalJson, sha256 } from '../common/ids.js';

/**
 * The very hidden sheet that makes a workbook recognisably OUR 附件3: which
 * notice and template it was made from, for which center, and which sheet
 * holds which goal. Excel, WPS and LibreOffice keep it through a save; a
 * person cannot unhide it from the menus.
 */
export const MARKER_SHEET = '_gongwen';
export const MARKER_FORMAT = 'gongwen/strategy-table';
/** The layout of the sheets (header rows, first data row): raised when it changes, so old files are told apart. */
export const LAYOUT_VERSION = 1;

export interface GoalSheetRef {
  name: string;
  goal: string;
}

export interface TemplateMarker {
  format: string;
  layout: number;
  /** The campaign's template key (`2022`) and year. */
  template: string;
  year: number;
  /** sha256 of the template's JSON Schema (canonical JSON): its version. */
  schemaDigest: string;
  noticeId: string;
  docNumber: string;
  /** The assignment it was made for; null for the notice's blank 附件3. */
  assignmentId: string | null;
  centerCode: string | null;
  coverSheet: string;
  goalSheets: GoalSheetRef[];
}

/** The version of a template: equal schemas give equal digests, whatever their key order. */
export const schemaDigest = (schema: JsonSchema): string => sha256(canonicalJson(schema));

const KEYS: (keyof TemplateMarker)[] = [
  'format',
  'layout',
  'template',
  'year',
  'schemaDigest',
  'noticeId',
  'docNumber',
  'assignmentId',
  'centerCode',
  'coverSheet',
  'goalSheets',
];

export async function writeMarker(workbook: ExcelJS.Workbook, marker: TemplateMarker): Promise<void> {
  const sheet = workbook.addWorksheet(MARKER_SHEET, { state: 'veryHidden' });
  sheet.addRow(['gongwen 公文流转：本工作表用于识别附件3模板，请勿修改']);
  for (const key of KEYS) {
    // Every value as JSON: a string, a number, null and a list read back as what they were.
    sheet.addRow([key, JSON.stringify(marker[key])]);
  }
  await sheet.protect('', { selectLockedCells: false, selectUnlockedCells: false });
}

function textOf(cell: ExcelJS.Cell): string {
  const value = cell.value;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function goalSheetsOf(value: unknown): GoalSheetRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is GoalSheetRef => typeof (g as GoalSheetRef)?.name === 'string' && typeof (g as GoalSheetRef)?.goal === 'string');
}

/** The marker of an uploaded workbook, or null when it has none (or not one we could have written). */
export function readMarker(workbook: ExcelJS.Workbook): TemplateMarker | null {
  const sheet = workbook.getWorksheet(MARKER_SHEET);
  if (!sheet) return null;
  const values = new Map<string, unknown>();
  sheet.eachRow((row) => {
    values.set(textOf(row.getCell(1)), parseJson(textOf(row.getCell(2))));
  });
  const marker: TemplateMarker = {
    format: str(values.get('format')),
    layout: Number(values.get('layout')),
    template: str(values.get('template')),
    year: Number(values.get('year')),
    schemaDigest: str(values.get('schemaDigest')),
    noticeId: str(values.get('noticeId')),
    docNumber: str(values.get('docNumber')),
    assignmentId: strOrNull(values.get('assignmentId')),
    centerCode: strOrNull(values.get('centerCode')),
    coverSheet: str(values.get('coverSheet')),
    goalSheets: goalSheetsOf(values.get('goalSheets')),
  };
  return marker.format === MARKER_FORMAT ? marker : null;
}
