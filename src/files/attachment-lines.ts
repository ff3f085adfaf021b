import type { Attachment } from '../notices/notice.entities.js';

/**
 * The notice's 附件说明 as the files change: each file is the line of its
 * number, so the printed list, the notice's `attachments` and the stored
 * files never disagree on a number or a title.
 */

const byNumber = (a: Attachment, b: Attachment) => a.no - b.no;

/** The list with line `no` carrying this title and file (added when it was not there). */
export function withFileLine(lines: readonly Attachment[], no: number, title: string, attachmentId: string): Attachment[] {
  return [...lines.filter((l) => l.no !== no), { no, title, attachmentId }].sort(byNumber);
}

/** The list without line `no`: a deleted file takes its line with it. */
export function withoutLine(lines: readonly Attachment[], no: number): Attachment[] {
  return lines.filter((l) => l.no !== no);
}

/** The first number no line uses and no generator owns: where an upload without a number goes. */
export function nextFreeNumber(lines: readonly Attachment[], reserved: readonly number[]): number {
  const used = new Set([...lines.map((l) => l.no), ...reserved]);
  let no = 1;
  while (used.has(no)) no++;
  return no;
}

export function titleOf(lines: readonly Attachment[], no: number): string | undefined {
  return lines.find((l) => l.no === no)?.title;
}
