import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions, EntitySchema } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. Schema only from migrations. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseSchema' | 'sqlitePath' | 'logSql'>,
  entities: readonly EntitySchema[] = [],
): DataSourceOptions {
  const common = { entities: [...entities], migrations: MIGRATIONS, synchronize: false, logging: config.logSql, migrationsRun: false };
  if (config.databaseUrl) {
    const schema = config.databaseSchema;
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      ...(schema ? { schema } : {}),
      // Raw SQL names tables unqualified: the search_path makes them resolve in the chosen schema.
      extra: { max: 20, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    };
  }
  if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    enableWAL: true,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
