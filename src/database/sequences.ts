import { Injectable } from '@nestjs/common';
import { EntitySchema } from 'typeorm';
import { col } from './columns.js';
import type { Sql } from './db.js';

export interface Counter {
  key: string;
  value: number;
}

/** Gap-free sequences (document numbers, receipt numbers), one row per key. */
export const CounterEntity = new EntitySchema<Counter>({
  name: 'Counter',
  tableName: 'counters',
  columns: { key: { ...col.str('key', 200), primary: true }, value: col.int('value') },
});

/**
 * The increment happens inside the caller's transaction, so a rollback gives
 * the number back; the row lock serialises concurrent takers of the same
 * sequence until commit. Take it last in a transaction: the row is hot.
 */
@Injectable()
export class Sequences {
  async next(sql: Sql, key: string): Promise<number> {
    const row = await sql.one<{ value: number | string }>(
      'INSERT INTO counters (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = counters.value + 1 RETURNING value',
      [key],
    );
    return Number(row!.value);
  }
}
