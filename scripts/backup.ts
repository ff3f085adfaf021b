import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../src/config/app-config.js';
import { isEntryPoint, parseOptions } from './cli.js';

/** The part of better-sqlite3 used here (the project has no @types/better-sqlite3). */
interface SqliteDatabase {
  pragma(source: string): unknown;
  backup(destination: string, options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number }): Promise<{ totalPages: number }>;
  close(): void;
}
type SqliteOpen = new (path: string, options: { fileMustExist: boolean; timeout: number }) => SqliteDatabase;

/** `gongwen-20260412T031500Z.sqlite`: sorts by time, no colon (Windows shares). */
export const backupFileName = (at: Date): string =>
  `gongwen-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.sqlite`;

/**
 * A consistent copy of the SQLite database, taken with SQLite's online backup API while the app
 * runs: the copy is the database as of one instant (a write that lands mid-copy restarts it, and
 * after the first step the rest is copied in one go). PostgreSQL: use pg_dump (README).
 */
export async function backupDatabase(config: AppConfig, to?: string): Promise<{ path: string; pages: number }> {
  if (config.databaseUrl) throw new ConfigError('DATABASE_URL is set: back PostgreSQL up with pg_dump (see README), not with this command');
  if (!existsSync(config.sqlitePath)) throw new ConfigError(`no database at ${config.sqlitePath}`);
  const path = resolve(to ?? join(config.dataDir, 'backups', backupFileName(new Date())));
  if (existsSync(path)) throw new ConfigError(`${path} exists already: choose another path`);
  mkdirSync(dirname(path), { recursive: true });
  const Database = createRequire(import.meta.url)('better-sqlite3') as SqliteOpen;
  const db = new Database(config.sqlitePath, { fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(path, { progress: ({ totalPages: total }) => Math.max(total, 100) });
    return { path, pages: totalPages };
  } finally {
    db.close();
  }
}

/** `npm run backup [-- --to FILE]`: prints the path of the copy. */
export async function main(args: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const options = parseOptions(args, ['to']);
    const { path, pages } = await backupDatabase(loadConfig(), options.to);
    console.log(`backup written: ${path} (${pages} pages)`);
    return 0;
  } catch (error) {
    console.error(`backup failed: ${(error as Error).message}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main();
