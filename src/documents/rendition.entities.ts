import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/**
 * A rendered receipt or table, kept under the digest of what it was rendered
 * from, in the database every instance shares (the mail relay of one renders,
 * the export of another reads). Derived data: a lost row only costs a render.
 * The entity maps every column but `content`, read and written by literal SQL
 * (bytea on PostgreSQL and blob on SQLite share no column type).
 */
export interface Rendition {
  /** sha256 of the kind, the renderer's revision and the canonical input, hex. */
  key: string;
  kind: string;
  size: number;
  createdAt: string;
}

export const RenditionEntity = new EntitySchema<Rendition>({
  name: 'Rendition',
  tableName: 'renditions',
  columns: {
    key: { ...col.str('key', 64), primary: true },
    kind: col.str('kind', 16),
    size: col.int('size'),
    createdAt: col.instant('created_at'),
  },
});

export const DOCUMENT_ENTITIES = [RenditionEntity];
