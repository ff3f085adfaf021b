import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. Schema only from migrations. */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'sqlitePath' | 'logSql'>): DataSourceOptions {
  const common = { migrations: MIGRATIONS, synchronize: false, logging: config.logSql, migrationsRun: false } as const;
  if (config.databaseUrl) {
    return { ...common, type: 'postgres', url: config.databaseUrl, extra: { max: 20 } };
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
