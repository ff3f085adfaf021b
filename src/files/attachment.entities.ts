import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/**
 * A file of a notice's 附件说明 (its number's line; the title lives in the
 * notice's list). Its bytes are in the same row, in the database and not on a
 * disk: several instances share one PostgreSQL and no disk, backups and
 * transactions cover a file with its notice, and nothing is ever in a web root.
 * The entity maps every column but `content`, which is read and written by
 * literal SQL (bytea on PostgreSQL and blob on SQLite share no column type).
 */
export interface StoredAttachment {
  id: string;
  noticeId: string;
  /** The line of the 附件说明 (附件1, 附件2 …); one file per line. */
  no: number;
  /** The uploaded name, neutralised (no path, no control characters). */
  fileName: string;
  contentType: string;
  size: number;
  /** sha256 of the bytes, hex. */
  sha256: string;
  /** Which generator made it (附件2: `division`); null for an uploaded file. */
  generator: string | null;
  /** Null when the engine made it (at issue). */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const StoredAttachmentEntity = new EntitySchema<StoredAttachment>({
  name: 'StoredAttachment',
  tableName: 'notice_attachments',
  columns: {
    id: col.id(),
    noticeId: col.ref('notice_id'),
    no: col.int('no'),
    fileName: col.str('file_name', 255),
    contentType: col.str('content_type', 100),
    size: col.int('size'),
    sha256: col.str('sha256', 64),
    generator: col.str('generator', 32, true),
    createdBy: col.ref('created_by', true),
    createdAt: col.instant('created_at'),
    updatedAt: col.instant('updated_at'),
  },
});

export const FILE_ENTITIES = [StoredAttachmentEntity];
