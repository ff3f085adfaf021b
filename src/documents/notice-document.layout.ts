import type { PDFPage } from 'pdf-lib';
import { assertDrawable } from './cjk-fonts.js';
import { chineseDate } from './chinese-dates.js';
import type { NoticeDocumentData } from './document-data.js';
import { A4_PORTRAIT, CJK_ASCENT, CJK_DESCENT, OFFICIAL_RED, Typesetter, baselineIn, inputDigest, mm, type TextStyle } from './typesetter.js';

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

/** One line box (or blank line) of the flowing part of the document, laid out before pagination. */
interface Block {
  height: number;
  /** draws the block whose line box has its top at `top` */
  draw?: (page: PDFPage, top: number) => void;
  /** stays on the same page as the next block */
  keepWithNext?: boolean;
}

const blank = (lines = 1): Block => ({ height: lines * PITCH });

function textLine(t: Typesetter, text: string, x: number, style: TextStyle, pitch = PITCH): Block {
  return { height: pitch, draw: (page, top) => t.draw(page, text, x, baselineIn(top, pitch, style.size), style) };
}

/**
 * Places the blocks from `top` of the first page on: a group of blocks tied
 * by keepWithNext moves to a new page whole when it does not fit (unless it
 * is taller than a page); a blank line never starts a page.
 */
function paginate(t: Typesetter, first: PDFPage, top: number, blocks: Block[]): void {
  let page = first;
  let y = top;
  let atPageTop = false;
  for (let i = 0; i < blocks.length; i++) {
    let group = blocks[i].height;
    for (let j = i; blocks[j].keepWithNext && j + 1 < blocks.length; j++) group += blocks[j + 1].height;
    const needed = group <= TOP - BOTTOM ? group : blocks[i].height;
    if (y - needed < BOTTOM - 0.5) {
      page = t.doc.addPage(A4_PORTRAIT);
      y = TOP;
      atPageTop = true;
    }
    const block = blocks[i];
    if (!block.draw && atPageTop) continue;
    block.draw?.(page, y);
    y -= block.height;
    atPageTop = false;
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
      date: data.signedAt,
    },
    inputDigest(data),
  );
  const first = t.doc.addPage(A4_PORTRAIT);
  const ruleY = drawMasthead(t, first, data);
  const blocks: Block[] = [];

  // 标题: two blank lines under the red rule, centred, balanced over its lines.
  blocks.push(blank());
  for (const line of t.wrapBalanced(data.title, WIDTH - 2 * TITLE.size, TITLE)) {
    blocks.push({
      height: TITLE_PITCH,
      keepWithNext: true,
      draw: (page, top) => t.drawCentered(page, line, LEFT + WIDTH / 2, baselineIn(top, TITLE_PITCH, TITLE.size), TITLE),
    });
  }

  // 主送机关: one blank line under the title, flush left, ending with a full-width colon.
  blocks.push(blank());
  if (data.recipients.length > 0) {
    for (const line of t.wrap(`${data.recipients.join('、')}：`, WIDTH, BODY)) blocks.push(textLine(t, line, LEFT, BODY));
  }

  // 正文: each paragraph indented by two characters, continuation lines flush left.
  for (const paragraph of data.body.split(/\n+/).map((p) => p.trim())) {
    if (!paragraph) continue;
    t.wrap(paragraph, WIDTH, BODY, { firstLineIndent: 2 * EM }).forEach((line, i) => {
      blocks.push(textLine(t, line, LEFT + (i === 0 ? 2 * EM : 0), BODY));
    });
  }

  blocks.push(...attachmentBlocks(t, data.attachments));
  // The signature never stands alone on a page: it takes the last two lines before it along.
  for (const block of blocks.slice(-2)) block.keepWithNext = true;
  blocks.push(...signatureBlocks(t, data.issuerName, chineseDate(data.signedAt, data.timeZone)));

  paginate(t, first, ruleY - PITCH, blocks);
  drawPageNumbers(t);
  return t.save();
}

/**
 * 版头: red banner 35 mm below the top of the type area, the number two lines
 * below it, a red rule 4 mm under the number. Returns the rule's height.
 */
function drawMasthead(t: Typesetter, page: PDFPage, data: NoticeDocumentData): number {
  const banner = `${data.issuerName}文件`;
  const bannerStyle: TextStyle = { size: BANNER_MAX_SIZE, weight: 'bold', color: OFFICIAL_RED };
  const natural = t.width(banner, bannerStyle);
  if (natural > WIDTH) bannerStyle.size = (BANNER_MAX_SIZE * WIDTH) / natural;
  const bannerBaseline = TOP - mm(35) - CJK_ASCENT * bannerStyle.size;
  t.drawCentered(page, banner, LEFT + WIDTH / 2, bannerBaseline, bannerStyle);

  const numberTop = bannerBaseline - CJK_DESCENT * bannerStyle.size - 2 * PITCH;
  const numberBaseline = baselineIn(numberTop, PITCH, DOC_NUMBER.size);
  t.drawCentered(page, data.docNumber, LEFT + WIDTH / 2, numberBaseline, DOC_NUMBER);

  const ruleY = numberBaseline - CJK_DESCENT * DOC_NUMBER.size - mm(4);
  page.drawLine({ start: { x: LEFT, y: ruleY }, end: { x: RIGHT, y: ruleY }, thickness: 1.2, color: OFFICIAL_RED });
  return ruleY;
}

/**
 * 附件说明 (7.3.4): one blank line under the body, indented two characters,
 * "附件：" then the titles; with several, numbered "1." and aligned on the
 * first character of each title, continuation lines too. No final punctuation.
 */
function attachmentBlocks(t: Typesetter, attachments: NoticeDocumentData['attachments']): Block[] {
  if (attachments.length === 0) return [];
  const blocks: Block[] = [blank()];
  const label = '附件：';
  const labelX = LEFT + 2 * EM;
  const numberX = labelX + t.width(label, BODY);
  const numbered = attachments.length > 1;
  const numbers = attachments.map((a) => (numbered ? `${a.no}. ` : ''));
  const titleX = numberX + Math.max(...numbers.map((n) => t.width(n, BODY)));
  attachments.forEach((attachment, i) => {
    const title = attachment.title.replace(/[。，；、.,;]+$/u, '');
    t.wrap(title, RIGHT - titleX, BODY).forEach((line, j) => {
      blocks.push({
        height: PITCH,
        draw: (page, top) => {
          const y = baselineIn(top, PITCH, BODY.size);
          if (i === 0 && j === 0) t.draw(page, label, labelX, y, BODY);
          if (j === 0) t.draw(page, numbers[i], numberX, y, BODY);
          t.draw(page, line, titleX, y, BODY);
        },
      });
    });
  });
  return blocks;
}

/**
 * 发文机关署名 and 成文日期 (7.3.5.2, no seal): one blank line, the name 右空二字,
 * the date on the next line starting two characters further right; when the
 * date is the longer, it ends two characters from the right and the name moves.
 */
function signatureBlocks(t: Typesetter, issuer: string, date: string): Block[] {
  const issuerW = t.width(issuer, BODY);
  const dateW = t.width(date, BODY);
  const issuerX = dateW + 2 * EM <= issuerW ? RIGHT - 2 * EM - issuerW : RIGHT - 2 * EM - dateW - 2 * EM;
  return [{ ...blank(), keepWithNext: true }, { ...textLine(t, issuer, issuerX, BODY), keepWithNext: true }, textLine(t, date, issuerX + 2 * EM, BODY)];
}

/**
 * 页码 (7.5): "— 1 —" in 4号 (14 pt) below the type area, its dashes 7 mm under
 * it; odd pages on the right and even pages on the left, one character in.
 */
function drawPageNumbers(t: Typesetter): void {
  const pages = t.doc.getPages();
  const baseline = BOTTOM - mm(7) - 0.5 * PAGE_NUMBER.size;
  pages.forEach((page, i) => {
    // En spaces (U+2002): a text extractor drops a plain space this narrow next to one digit.
    const text = `—\u2002${i + 1}\u2002—`;
    if ((i + 1) % 2 === 1) t.drawRight(page, text, RIGHT - PAGE_NUMBER.size, baseline, PAGE_NUMBER);
    else t.draw(page, text, LEFT + PAGE_NUMBER.size, baseline, PAGE_NUMBER);
  });
}
