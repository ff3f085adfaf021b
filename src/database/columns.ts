import type { EntitySchemaColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column shapes shared by every module's entity. They describe the tables the
 * migrations create (the schema comes from migrations only): instants are
 * ISO-8601 UTC text, the one form that sorts correctly as text on both
 * databases; JSON is text.
 */
const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: unknown) => (value === null || value === undefined ? null : JSON.parse(value as string)),
};

/** Integers come back from PostgreSQL's COUNT and bigint as strings; entities always hold numbers. */
const integer: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
};

export const col = {
  id: (): EntitySchemaColumnOptions => ({ type: 'varchar', length: 36, primary: true }),
  ref: (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'varchar', length: 36, nullable }),
  str: (name: string, length: number, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'varchar', length, nullable }),
  text: (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'text', nullable }),
  json: (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'text', nullable, transformer: jsonText }),
  instant: (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'varchar', length: 32, nullable }),
  int: (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'integer', nullable, transformer: integer }),
  bool: (name: string): EntitySchemaColumnOptions => ({ name, type: 'boolean' }),
};

/** Many rows as ONE parameter: a batch write of any size stays one statement with one bind value. */
export const jsonRows = (rows: readonly unknown[]): string => JSON.stringify(rows);
