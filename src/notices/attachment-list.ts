import { validationFailed, type FieldError } from '../common/errors.js';
import type { Attachment } from './notice.entities.js';

/**
 * The 附件说明 as a clerk edits it: numbers unique, in order. A line that carries
 * a file keeps it (the files module put it there); an edit may retitle such a
 * line but not drop it, or the printed list and the stored files would part.
 */
export function editAttachmentList(stored: readonly Attachment[], given: readonly { no: number; title: string }[]): Attachment[] {
  const errors: FieldError[] = [];
  const numbers = new Set<number>();
  given.forEach((a, i) => {
    if (numbers.has(a.no)) errors.push({ field: `attachments[${i}].no`, message: `附件${a.no}重复` });
    numbers.add(a.no);
  });
  for (const line of stored) {
    if (line.attachmentId && !numbers.has(line.no)) {
      errors.push({ field: 'attachments', message: `附件${line.no}已上传文件，请先通过附件接口删除该文件` });
    }
  }
  if (errors.length > 0) throw validationFailed(`附件说明有误：${errors.map((e) => e.message).join('；')}`, errors);
  const files = new Map(stored.flatMap((a) => (a.attachmentId ? [[a.no, a.attachmentId] as const] : [])));
  return given
    .map((a) => {
      const attachmentId = files.get(a.no);
      return attachmentId ? { no: a.no, title: a.title, attachmentId } : { no: a.no, title: a.title };
    })
    .sort((a, b) => a.no - b.no);
}
