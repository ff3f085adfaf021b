import type { DataSource } from 'typeorm';

/** First half of the advisory lock's key: this app's start-up work ("gong" in ASCII). */
const STARTUP_LOCK_CLASS = 0x676f_6e67;

/**
 * Second half: the schema, so that deployments sharing one database in
 * different schemas do not wait for each other. A fixed 32-bit FNV-1a digest
 * of the schema's name, the same in every instance of one deployment.
 */
function schemaKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(schema, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}

/**
 * Runs start-up work that must happen once however many instances start at
 * once (migrations, reference data): on PostgreSQL under a session advisory
 * lock held on a connection of its own, so the other instances wait and then
 * find the work done. SQLite needs none: one process per database file.
 */
export async function underStartupLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const key = [STARTUP_LOCK_CLASS, schemaKey(dataSource.options.schema ?? 'public')];
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1, $2)', key);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1, $2)', key);
    }
  } finally {
    await runner.release();
  }
}
