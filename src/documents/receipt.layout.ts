import { AFRelationship, type PDFPage } from 'pdf-lib';
import { assertDrawable } from './cjk-fonts.js';
import { chineseDate, chineseDateTime, zoneLabel } from './chinese-dates.js';
import type { ReceiptData } from './document-data.js';
import { A4_PORTRAIT, HEADER_FILL, RULE_GREY, Typesetter, baselineIn, inputDigest, type TextStyle } from './typesetter.js';

/** The attachment holding the receipt's data; an ASCII name reads everywhere. */
export const RECEIPT_ATTACHMENT_NAME = 'receipt.json';

const [PAGE_W, PAGE_H] = A4_PORTRAIT;
const MARGIN_X = 64;
const TOP = PAGE_H - 72;
const BOTTOM = 64;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const LABEL_W = 112;
const PAD_X = 8;
const PAD_Y = 6;
const TITLE: TextStyle = { size: 26, weight: 'bold' };
const LABEL: TextStyle = { size: 11, weight: 'bold' };
const VALUE: TextStyle = { size: 11 };
const NOTE: TextStyle = { size: 10.5 };
/** The digest's style: VALUE's face, its size fitted to one line. */
const DIGEST: TextStyle = { size: 11 };
const PITCH = 18;
const NOTE_PITCH = 17;

/** The receipt's data in a fixed key order: what is attached as JSON. */
export function receiptJson(data: ReceiptData): ReceiptData {
  return {
    receiptNo: data.receiptNo,
    noticeDocNumber: data.noticeDocNumber,
    noticeTitle: data.noticeTitle,
    centerName: data.centerName,
    goals: data.goals.map((g) => ({ code: g.code, title: g.title })),
    version: data.version,
    submittedAt: data.submittedAt,
    timeZone: data.timeZone,
    late: data.late,
    sha256: data.sha256,
    deadline: data.deadline,
    ...(data.originalDeadline !== undefined && data.originalDeadline !== data.deadline ? { originalDeadline: data.originalDeadline } : {}),
  };
}

function assertReceiptDrawable(data: ReceiptData): void {
  assertDrawable(data.receiptNo, 'receiptNo');
  assertDrawable(data.noticeDocNumber, 'noticeDocNumber');
  assertDrawable(data.noticeTitle, 'noticeTitle');
  assertDrawable(data.centerName, 'centerName');
  data.goals.forEach((g, i) => {
    assertDrawable(g.code, `goals[${i}].code`);
    assertDrawable(g.title, `goals[${i}].title`);
  });
  assertDrawable(data.sha256, 'sha256');
  assertDrawable(data.timeZone, 'timeZone');
}

/** The times and the verdict as the receipt words them. */
interface ReceiptWording {
  submitted: string;
  deadline: string;
  /** the deadline before an extension; the deadline itself if there was none */
  original: string;
  extended: boolean;
  onTime: '按时' | '延期后按时' | '逾期';
}

/** Where the next line goes: the current page and the top of the space left on it. */
interface Cursor {
  page: PDFPage;
  y: number;
}

/** 回执: one A4 portrait page (more only if the goals or the title are very long). */
export async function renderReceiptPdf(input: ReceiptData): Promise<Uint8Array> {
  const data = receiptJson(input);
  assertReceiptDrawable(data);
  const wording = receiptWording(data);
  const t = await createReceiptTypesetter(data, wording);
  const cursor = drawTitleAndRows(t, receiptRows(data, wording));
  drawNote(t, cursor, receiptNote(data, wording));
  t.drawRight(cursor.page, chineseDate(data.submittedAt, data.timeZone), MARGIN_X + CONTENT_W - 2 * VALUE.size, baselineIn(cursor.y, PITCH, VALUE.size), VALUE);
  await attachReceiptData(t, data);
  return t.save();
}

function receiptWording(data: ReceiptData): ReceiptWording {
  const zone = zoneLabel(data.timeZone);
  const submitted = `${chineseDateTime(data.submittedAt, data.timeZone)}（${zone}）`;
  const deadline = `${chineseDateTime(data.deadline, data.timeZone)}（${zone}）`;
  const extended = data.originalDeadline !== undefined && data.originalDeadline !== data.deadline;
  const original = extended ? `${chineseDateTime(data.originalDeadline!, data.timeZone)}（${zone}）` : deadline;
  const onTime = data.late ? (extended && Date.parse(data.submittedAt) < Date.parse(data.deadline) ? '延期后按时' : '逾期') : '按时';
  return { submitted, deadline, original, extended, onTime };
}

function createReceiptTypesetter(data: ReceiptData, { onTime }: ReceiptWording): Promise<Typesetter> {
  return Typesetter.create(
    {
      title: `回执 ${data.receiptNo}`,
      author: data.centerName,
      subject: `${data.noticeDocNumber} ${data.noticeTitle}：${data.centerName}策略表第${data.version}版报送回执`,
      keywords: ['回执', data.receiptNo, data.noticeDocNumber, data.centerName, `第${data.version}版`, onTime],
      date: data.submittedAt,
    },
    inputDigest(data),
  );
}

/** A row: its label, its value, and the value's style when it is not the common one. */
type Row = [label: string, value: string, style?: TextStyle];

function receiptRows(data: ReceiptData, { submitted, deadline, original, extended, onTime }: ReceiptWording): Row[] {
  return [
    ['回执编号', data.receiptNo],
    ['通知文号', data.noticeDocNumber],
    ['通知标题', data.noticeTitle],
    ['报送单位', data.centerName],
    ['牵头目标', data.goals.map((g) => `${g.code} ${g.title}`).join('\n')],
    ['报送版本', `第${data.version}版`],
    ['提交时间', submitted],
    ['截止时间', extended ? `${deadline}（已延期，原截止时间${original}）` : deadline],
    ['是否按时', onTime],
    // The digest on one line, so that it can be read off and compared: as large as the column allows.
    ['策略表SHA-256', data.sha256, DIGEST],
  ];
}

/** The title and the table of label/value rows, a row that does not fit going to a new page. */
function drawTitleAndRows(t: Typesetter, rows: Row[]): Cursor {
  const cursor: Cursor = { page: t.doc.addPage(A4_PORTRAIT), y: TOP };
  t.drawCentered(cursor.page, '回执', PAGE_W / 2, baselineIn(cursor.y, 40, TITLE.size), TITLE);
  cursor.y -= 40 + 20;

  const valueW = CONTENT_W - LABEL_W - 2 * PAD_X;
  for (const [label, value, style = VALUE] of rows) {
    const fitted =
      style === DIGEST ? { ...style, size: Math.min(VALUE.size, Math.floor((10 * VALUE.size * valueW) / t.width(value, VALUE)) / 10 - 0.2) } : style;
    const lines = t.wrap(value, valueW, fitted);
    const height = lines.length * PITCH + 2 * PAD_Y;
    if (cursor.y - height < BOTTOM) {
      cursor.page = t.doc.addPage(A4_PORTRAIT);
      cursor.y = TOP;
    }
    drawRow(t, cursor.page, cursor.y, height, label, lines, fitted);
    cursor.y -= height;
  }
  return cursor;
}

function receiptNote(data: ReceiptData, { submitted, deadline, original, onTime }: ReceiptWording): string {
  return (
    `${data.centerName}报送的策略表（第${data.version}版）已于${submitted}收到，` +
    (!data.late
      ? '属按时报送。'
      : onTime === '延期后按时'
        ? `晚于原截止时间${original}，在延期后的截止时间${deadline}前报送。`
        : `晚于截止时间${deadline}，属逾期报送。`) +
    `本回执由系统自动生成，回执数据（${RECEIPT_ATTACHMENT_NAME}）作为附件嵌入本文件。` +
    'SHA-256为所报送策略表的规范JSON（UTF-8编码，对象的键按字典序排列，无空白）的摘要；随报送邮件发往指定政务邮箱的策略表JSON文件即为该规范JSON，可用sha256sum等工具核验。'
  );
}

/** The note below the table, on a new page if it does not fit with the date under it; leaves the cursor where the date goes. */
function drawNote(t: Typesetter, cursor: Cursor, note: string): void {
  const noteLines = t.wrap(note, CONTENT_W, NOTE, { firstLineIndent: 2 * NOTE.size });
  cursor.y -= 20;
  if (cursor.y - (noteLines.length + 3) * NOTE_PITCH < BOTTOM) {
    cursor.page = t.doc.addPage(A4_PORTRAIT);
    cursor.y = TOP;
  }
  noteLines.forEach((line, i) => {
    t.draw(cursor.page, line, MARGIN_X + (i === 0 ? 2 * NOTE.size : 0), baselineIn(cursor.y, NOTE_PITCH, NOTE.size), NOTE);
    cursor.y -= NOTE_PITCH;
  });
  cursor.y -= 2 * NOTE_PITCH;
}

async function attachReceiptData(t: Typesetter, data: ReceiptData): Promise<void> {
  const json = new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
  await t.doc.attach(json, RECEIPT_ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: '回执数据',
    creationDate: new Date(data.submittedAt),
    modificationDate: new Date(data.submittedAt),
    afRelationship: AFRelationship.Data,
  });
}

function drawRow(t: Typesetter, page: PDFPage, top: number, height: number, label: string, lines: string[], style: TextStyle): void {
  const left = MARGIN_X;
  page.drawRectangle({ x: left, y: top - height, width: LABEL_W, height, color: HEADER_FILL });
  page.drawRectangle({ x: left, y: top - height, width: CONTENT_W, height, borderColor: RULE_GREY, borderWidth: 0.6 });
  page.drawLine({ start: { x: left + LABEL_W, y: top }, end: { x: left + LABEL_W, y: top - height }, thickness: 0.6, color: RULE_GREY });
  t.draw(page, label, left + PAD_X, baselineIn(top - PAD_Y, PITCH, LABEL.size), LABEL);
  lines.forEach((line, i) => {
    t.draw(page, line, left + LABEL_W + PAD_X, baselineIn(top - PAD_Y - i * PITCH, PITCH, style.size), style);
  });
}
