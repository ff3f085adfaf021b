import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';

const CONTENT = `SELECT content FROM renditions WHERE key = $1`;

/**
 * Insert-if-absent: two instances (or the relay and an export) rendering the
 * same input race to write the same bytes; the loser's row is dropped, not an
 * error, on both databases.
 */
const INSERT = `INSERT INTO renditions (key, kind, size, content, created_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (key) DO NOTHING`;

/** The renditions table: bytes through literal SQL (a Buffer binds as bytea for pg, BLOB for better-sqlite3). */
@Injectable()
export class RenditionRepository {
  async content(sql: Sql, key: string): Promise<Uint8Array | undefined> {
    const row = await sql.one<{ content: Buffer | Uint8Array }>(CONTENT, [key]);
    return row && new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  }

  async insert(sql: Sql, key: string, kind: string, bytes: Uint8Array, at: string): Promise<void> {
    await sql.exec(INSERT, [key, kind, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), at]);
  }
}
