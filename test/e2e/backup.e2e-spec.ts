import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { backupDatabase, main as backupMain } from '../../scripts/backup.js';
import { draftNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface SqliteReader {
  prepare(text: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  close(): void;
}
const openReadOnly = (path: string): SqliteReader =>
  new (createRequire(import.meta.url)('better-sqlite3') as new (path: string, options: { readonly: boolean }) => SqliteReader)(path, { readonly: true });

// `npm run backup` copies the SQLite file with SQLite's online backup API. PostgreSQL is backed up with
// pg_dump (README), so this block is registered on SQLite only: under DATABASE_URL it does not exist (no skipped test).
if (!process.env.DATABASE_URL) {
  describe('npm run backup (SQLite)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('copies, while drafts are being written, every draft committed before the backup began', async () => {
      const committed: string[] = [];
      let writing = true;
      const writer = (async () => {
        while (writing) committed.push(await draftNotice(t, '2022-04-29T17:00:00+08:00', { title: `备份期间的草稿${committed.length + 1}` }));
      })();
      while (committed.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
      const before = [...committed];
      const config = loadConfig({ DATA_DIR: t.dataDir });
      const { path } = await backupDatabase(config, join(t.dataDir, 'copies', 'during-writes.sqlite'));
      writing = false;
      await writer;
      // The writes went on while the copy was taken.
      expect(committed.length).toBeGreaterThan(before.length);

      const copy = openReadOnly(path);
      try {
        expect(copy.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
        const ids = new Set((copy.prepare('SELECT id FROM notices').all() as { id: string }[]).map((r) => r.id));
        expect(before.filter((id) => !ids.has(id))).toEqual([]);
        // The copy is a database the app can run on: its migrations and reference data are there too.
        expect((copy.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBeGreaterThan(0);
      } finally {
        copy.close();
      }
    });

    it('writes under DATA_DIR/backups with a timestamp by default, and refuses to overwrite', async () => {
      const env = { ...process.env };
      process.env.DATA_DIR = t.dataDir;
      const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await backupMain([])).toBe(0);
        const files = readdirSync(join(t.dataDir, 'backups'));
        expect(files).toEqual([expect.stringMatching(/^gongwen-\d{8}T\d{6}Z\.sqlite$/)]);
        const target = join(t.dataDir, 'backups', files[0]);
        expect(log.mock.calls[0][0]).toContain(target);
        expect(await backupMain(['--to', target])).toBe(1);
        expect(errors.mock.calls[0][0]).toMatch(/exists already/);
        expect(await backupMain(['--nowhere', 'x'])).toBe(1);
        expect(errors.mock.calls[1][0]).toMatch(/unknown option --nowhere/);
      } finally {
        process.env = env;
        errors.mockRestore();
        log.mockRestore();
      }
      expect(existsSync(join(t.dataDir, 'backups'))).toBe(true);
    });
  });
}

describe('npm run backup on PostgreSQL', () => {
  it('refuses and points to pg_dump', async () => {
    await expect(backupDatabase(loadConfig({ DATABASE_URL: 'postgres://backup@127.0.0.1:5432/gongwen' }))).rejects.toThrow(/pg_dump/);
  });
});
