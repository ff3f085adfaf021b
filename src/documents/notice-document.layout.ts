import type { PDFPage } from 'pdf-lib';
import { assertDrawable } from './cjk-fonts.js';
import { chineseDate } from './chinese-dates.js';
import type { NoticeDocumentData } from './document-data.js';
import { A4_PORTRAIT, CJK_ASCENT, CJK_DESCENT, OFFICIAL_RED, Typesetter, inputDigest, mm, type TextStyle } from './typesetter.js';

/**
 * A notice as an official document in the layout of GB/T 9704-2012 《党政机关公文格式》:
 * A4, type area 156 mm × 225 mm with its top 37 mm and its left 28 mm from
 * the page edges, 22 lines of 3号 (16 pt) text, 2号 (22 pt) title. Without a
 * seal (不加盖印章的公文): the authority's name 右空二字, the date below it,
 * its first character two characters to the right (7.3.5.2).
 */

const PAGE_H = A4_PORTRAIT[1];
const LEFT = mm(28);
const WIDTH = mm(156);
const RIGHT = LEFT + WIDTH;
const TOP = PAGE_H - mm(37);
const BOTTOM = TOP - mm(225);
/** 22 lines in the type area */
const PITCH = mm(225) / 22;
const BODY: TextStyle = { size: 16 };
const EM = BODY.size;
const TITLE: TextStyle = { size: 22, weight: 'bold' };
const TITLE_PITCH = 34;
const DOC_NUMBER: TextStyle = { size: 16 };
const PAGE_NUMBER: TextStyle = { size: 14 };
const BANNER_MAX_SIZE = 42;

function assertNoticeDrawable(data: NoticeDocumentData): void {
  assertDrawable(data.issuerName, 'issuerName');
  assertDrawable(data.docNumber, 'docNumber');
  assertDrawable(data.title, 'title');
  data.recipients.forEach((r, i) => assertDrawable(r, `recipients[${i}]`));
  assertDrawable(data.body, 'body');
  data.attachments.forEach((a, i) => assertDrawable(a.title, `attachments[${i}].title`));
}

/** Draws top-down on the text lines of the type area, adding pages as needed. */
class Flow {
  page: PDFPage;
  /** top of the next line box */
  y = TOP;

  constructor(private readonly t: Typesetter) {
    this.page = t.doc.addPage(A4_PORTRAIT);
  }

  /** Reserves a line box of `pitch`, on a new page when this one is full; returns the baseline. */
  line(size: number, pitch = PITCH): number {
    if (this.y - pitch < BOTTOM - 0.5) this.newPage();
    const baseline = this.y - (pitch - size) / 2 - CJK_ASCENT * size;
    this.y -= pitch;
    return baseline;
  }

  skip(lines: number): void {
    this.y -= lines * PITCH;
  }

  /** Starts a new page unless `lines` more body lines fit on this one. */
  keep(lines: number): void {
    if (this.y - lines * PITCH < BOTTOM - 0.5) this.newPage();
  }

  newPage(): void {
    this.page = this.t.doc.addPage(A4_PORTRAIT);
    this.y = TOP;
  }
}

export async function renderNoticePdf(data: NoticeDocumentData): Promise<Uint8Array> {
  assertNoticeDrawable(data);
  const t = await Typesetter.create(
    {
      title: data.title,
      author: data.issuerName,
      subject: `${data.docNumber} ${data.title}`,
      keywords: ['通知', data.docNumber, data.issuerName, ...data.attachments.map((a) => a.title)],
      date: data.issuedAt,
    },
    inputDigest(data),
  );
  const flow = new Flow(t);

  drawMasthead(t, flow, data);

  // 标题: red rule, two blank lines, then the title centred, balanced over its lines.
  flow.skip(1);
  for (const line of t.wrapBalanced(data.title, WIDTH - 2 * TITLE.size, TITLE)) {
    t.drawCentered(flow.page, line, LEFT + WIDTH / 2, flow.line(TITLE.size, TITLE_PITCH), TITLE);
  }

  // 主送机关: one blank line under the title, flush left, ending with a full-width colon.
  flow.skip(1);
  if (data.recipients.length > 0) {
    for (const line of t.wrap(`${data.recipients.join('、')}：`, WIDTH, BODY)) t.draw(flow.page, line, LEFT, flow.line(BODY.size), BODY);
  }

  // 正文: each paragraph indented by two characters, continuation lines flush left.
  for (const paragraph of data.body.split(/\n+/).map((p) => p.trim())) {
    if (!paragraph) continue;
    t.wrap(paragraph, WIDTH, BODY, { firstLineIndent: 2 * EM }).forEach((line, i) => {
      t.draw(flow.page, line, LEFT + (i === 0 ? 2 * EM : 0), flow.line(BODY.size), BODY);
    });
  }

  drawAttachments(t, flow, data.attachments);
  drawSignature(t, flow, data.issuerName, chineseDate(data.issuedAt, data.timeZone));
  drawPageNumbers(t);
  return t.save();
}

/** 版头: red banner 35 mm below the top of the type area, the number two lines below, a red rule 4 mm under it. */
function drawMasthead(t: Typesetter, flow: Flow, data: NoticeDocumentData): void {
  const banner = `${data.issuerName}文件`;
  const bannerStyle: TextStyle = { size: BANNER_MAX_SIZE, weight: 'bold', color: OFFICIAL_RED };
  const natural = t.width(banner, bannerStyle);
  if (natural > WIDTH) bannerStyle.size = (BANNER_MAX_SIZE * WIDTH) / natural;
  const bannerTop = TOP - mm(35);
  const bannerBaseline = bannerTop - CJK_ASCENT * bannerStyle.size;
  t.drawCentered(flow.page, banner, LEFT + WIDTH / 2, bannerBaseline, bannerStyle);

  const bannerBottom = bannerBaseline - CJK_DESCENT * bannerStyle.size;
  flow.y = bannerBottom - 2 * PITCH;
  const numberBaseline = flow.line(DOC_NUMBER.size);
  t.drawCentered(flow.page, data.docNumber, LEFT + WIDTH / 2, numberBaseline, DOC_NUMBER);

  const ruleY = numberBaseline - CJK_DESCENT * DOC_NUMBER.size - mm(4);
  flow.page.drawLine({ start: { x: LEFT, y: ruleY }, end: { x: RIGHT, y: ruleY }, thickness: 1.2, color: OFFICIAL_RED });
  flow.y = ruleY - PITCH;
}

/**
 * 附件说明 (7.3.4): one blank line under the body, indented two characters,
 * "附件：" then the titles; with several, numbered "1." and aligned on the
 * first character of each title, continuation lines too. No final punctuation.
 */
function drawAttachments(t: Typesetter, flow: Flow, attachments: NoticeDocumentData['attachments']): void {
  if (attachments.length === 0) return;
  flow.skip(1);
  const label = '附件：';
  const labelX = LEFT + 2 * EM;
  const numberX = labelX + t.width(label, BODY);
  const numbered = attachments.length > 1;
  const numbers = attachments.map((a) => (numbered ? `${a.no}. ` : ''));
  const titleX = numberX + Math.max(...numbers.map((n) => t.width(n, BODY)));
  attachments.forEach((attachment, i) => {
    const title = attachment.title.replace(/[。，；、.,;]+$/u, '');
    t.wrap(title, RIGHT - titleX, BODY).forEach((line, j) => {
      const baseline = flow.line(BODY.size);
      if (i === 0 && j === 0) t.draw(flow.page, label, labelX, baseline, BODY);
      if (j === 0) t.draw(flow.page, numbers[i], numberX, baseline, BODY);
      t.draw(flow.page, line, titleX, baseline, BODY);
    });
  });
}

/** 发文机关署名 and 成文日期 (7.3.5.2, no seal), kept together on one page. */
function drawSignature(t: Typesetter, flow: Flow, issuer: string, date: string): void {
  flow.skip(1);
  flow.keep(2);
  const issuerW = t.width(issuer, BODY);
  const dateW = t.width(date, BODY);
  // The date starts two characters right of the name; the longer of the two ends two characters from the right edge.
  const issuerX = dateW + 2 * EM <= issuerW ? RIGHT - 2 * EM - issuerW : RIGHT - 2 * EM - dateW - 2 * EM;
  t.draw(flow.page, issuer, issuerX, flow.line(BODY.size), BODY);
  t.draw(flow.page, date, issuerX + 2 * EM, flow.line(BODY.size), BODY);
}

/**
 * 页码 (7.5): "— 1 —" in 4号 (14 pt) below the type area, its dashes 7 mm under
 * it; odd pages on the right and even pages on the left, one character in.
 */
function drawPageNumbers(t: Typesetter): void {
  const pages = t.doc.getPages();
  const baseline = BOTTOM - mm(7) - 0.5 * PAGE_NUMBER.size;
  pages.forEach((page, i) => {
    const text = `— ${i + 1} —`;
    if ((i + 1) % 2 === 1) t.drawRight(page, text, RIGHT - PAGE_NUMBER.size, baseline, PAGE_NUMBER);
    else t.draw(page, text, LEFT + PAGE_NUMBER.size, baseline, PAGE_NUMBER);
  });
}
