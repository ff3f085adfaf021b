import { Injectable } from '@nestjs/common';
import type { Dialect, Sql } from '../database/db.js';

const CONTENT = `SELECT content FROM renditions WHERE key = $1`;

/** Many keys in one statement, as one parameter: an array on PostgreSQL, JSON text on SQLite. */
const CONTENTS: Record<Dialect, string> = {
  postgres: `SELECT key, content FROM renditions WHERE key = ANY($1::varchar[])`,
  sqlite: `SELECT key, content FROM renditions WHERE key IN (SELECT value FROM json_each($1))`,
};
const keysParam: Record<Dialect, (keys: readonly string[]) => unknown> = {
  postgres: (keys) => [...keys],
  sqlite: (keys) => JSON.stringify(keys),
};

const bytesOf = (content: Buffer | Uint8Array): Uint8Array => new Uint8Array(content.buffer, content.byteOffset, content.byteLength);

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
    return row && bytesOf(row.content);
  }

  /** The stored bytes of those of `keys` that are stored, in one round trip. */
  async contents(sql: Sql, keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    if (keys.length === 0) return new Map();
    const rows = await sql.many<{ key: string; content: Buffer | Uint8Array }>(CONTENTS[sql.dialect], [keysParam[sql.dialect](keys)]);
    return new Map(rows.map((r) => [r.key, bytesOf(r.content)]));
  }

  async insert(sql: Sql, key: string, kind: string, bytes: Uint8Array, at: string): Promise<void> {
    await sql.exec(INSERT, [key, kind, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), at]);
  }
}
