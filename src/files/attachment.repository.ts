import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import { StoredAttachmentEntity, type StoredAttachment } from './attachment.entities.js';

/** A file's row with its bytes, as it is written. */
export type AttachmentRow = StoredAttachment & { content: Buffer };

/** The bytes travel as one bound parameter (a Buffer: bytea for pg, BLOB for better-sqlite3). */
const INSERT = `INSERT INTO notice_attachments
    (id, notice_id, no, file_name, content_type, size, sha256, content, generator, created_by, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

const REPLACE = `UPDATE notice_attachments
  SET file_name = $2, content_type = $3, size = $4, sha256 = $5, content = $6, generator = $7, created_by = $8, updated_at = $9
  WHERE id = $1`;

const CONTENT = `SELECT content FROM notice_attachments WHERE id = $1`;

/** The notice_attachments table: metadata through the entity, bytes through literal SQL. */
@Injectable()
export class AttachmentRepository {
  list(sql: Sql, noticeId: string): Promise<StoredAttachment[]> {
    return sql.manager.getRepository(StoredAttachmentEntity).find({ where: { noticeId }, order: { no: 'ASC' } });
  }

  async find(sql: Sql, noticeId: string, id: string): Promise<StoredAttachment | undefined> {
    return (await sql.manager.getRepository(StoredAttachmentEntity).findOneBy({ id, noticeId })) ?? undefined;
  }

  async content(sql: Sql, id: string): Promise<Buffer | undefined> {
    const row = await sql.one<{ content: Buffer | Uint8Array }>(CONTENT, [id]);
    return row && Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  }

  async insert(sql: Sql, a: AttachmentRow): Promise<void> {
    await sql.exec(INSERT, [
      a.id,
      a.noticeId,
      a.no,
      a.fileName,
      a.contentType,
      a.size,
      a.sha256,
      a.content,
      a.generator,
      a.createdBy,
      a.createdAt,
      a.updatedAt,
    ]);
  }

  /** New bytes under the same id and number. */
  async replace(sql: Sql, a: AttachmentRow): Promise<void> {
    await sql.exec(REPLACE, [a.id, a.fileName, a.contentType, a.size, a.sha256, a.content, a.generator, a.createdBy, a.updatedAt]);
  }

  async delete(sql: Sql, id: string): Promise<void> {
    await sql.manager.getRepository(StoredAttachmentEntity).delete({ id });
  }
}
