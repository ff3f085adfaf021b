/**
 * The bare platform of bench:rush, in its own process: a plain node:http server that answers
 * POST /api/assignments/:id/events by parsing the JSON body and running one INSERT plus one UPDATE in one
 * transaction through the same driver as the app (pg with the app's pool size; better-sqlite3 with WAL and
 * the app's pragmas), then answering JSON. No framework, no auth, no validation beyond JSON.parse.
 * With `framework: 'nest'`, the same transaction behind the app's framework instead: NestJS on express with
 * the app's JSON body parser and global prefix, one controller, no guard, no pipe, no database layer of the
 * app: the floor any NestJS route stands on, so that the gap between gongwen and bare can be split into
 * what the framework costs and what gongwen's own work costs.
 * Commands and replies: see support/rush-protocol.ts.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Body, Controller, HttpCode, Module, NotFoundException, Param, Post, BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import type { BareCommand, BareReply } from './support/rush-protocol.js';

interface Store {
  /** The counter's new value, or undefined when there is no such row (nothing written). */
  submit(id: string, body: string): Promise<number | undefined>;
}

/** The part of better-sqlite3 used here (the project has no @types/better-sqlite3). */
interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

/** Thrown inside a better-sqlite3 transaction to roll it back. */
class NoSuchCounter extends Error {}

function sqliteStore(path: string, ids: string[]): Store {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string, options: { timeout: number }) => SqliteDatabase;
  const db = new Database(path, { timeout: 5000 });
  // As src/database/data-source-options.ts, then what TypeORM's better-sqlite3 driver adds (foreign_keys, WAL).
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE bare_counter (id varchar(36) PRIMARY KEY, n integer NOT NULL)');
  db.exec('CREATE TABLE bare_log (id varchar(36) PRIMARY KEY, counter_id varchar(36) NOT NULL, body text NOT NULL)');
  const seed = db.prepare('INSERT INTO bare_counter (id, n) VALUES (?, 0)');
  db.transaction(() => ids.forEach((id) => seed.run(id)))();
  const update = db.prepare('UPDATE bare_counter SET n = n + 1 WHERE id = ? RETURNING n');
  const insert = db.prepare('INSERT INTO bare_log (id, counter_id, body) VALUES (?, ?, ?)');
  const submit = db.transaction((id: string, body: string) => {
    insert.run(randomUUID(), id, body);
    const row = update.get(id) as { n: number } | undefined;
    if (!row) throw new NoSuchCounter();
    return row.n;
  });
  return {
    async submit(id, body) {
      try {
        return submit(id, body);
      } catch (error) {
        if (error instanceof NoSuchCounter) return undefined;
        throw error;
      }
    },
  };
}

async function postgresStore(url: string, schema: string | null, poolSize: number, ids: string[]): Promise<Store> {
  // Like the app's data source: the pool size, and unqualified names resolved through the search_path.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await pool.query('CREATE TABLE bare_counter (id varchar(36) PRIMARY KEY, n integer NOT NULL)');
  await pool.query('CREATE TABLE bare_log (id varchar(36) PRIMARY KEY, counter_id varchar(36) NOT NULL, body text NOT NULL)');
  await pool.query('INSERT INTO bare_counter (id, n) SELECT unnest($1::varchar[]), 0', [ids]);
  return {
    async submit(id, body) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO bare_log (id, counter_id, body) VALUES ($1, $2, $3)', [randomUUID(), id, body]);
        const updated = await client.query<{ n: number }>('UPDATE bare_counter SET n = n + 1 WHERE id = $1 RETURNING n', [id]);
        if (updated.rows.length === 0) {
          await client.query('ROLLBACK');
          return undefined;
        }
        await client.query('COMMIT');
        return updated.rows[0].n;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function serve(store: Store): http.Server {
  return http.createServer((req, res) => {
    const match = /^\/api\/assignments\/([^/]+)\/events$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return answer(res, 404, { title: 'not found' });
    const id = match[1];
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: { type?: unknown };
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: unknown };
      } catch {
        return answer(res, 400, { title: 'bad json' });
      }
      if (typeof event?.type !== 'string') return answer(res, 400, { title: 'no type' });
      store.submit(id, JSON.stringify(event)).then(
        (version) => (version === undefined ? answer(res, 404, { title: 'not found' }) : answer(res, 200, { id, version })),
        () => answer(res, 500, { title: 'error' }),
      );
    });
  });
}

/** The store the Nest controller answers from (one per process, set by `start`). */
let nestStore: Store | undefined;

@Controller('assignments')
class BareEventsController {
  @Post(':id/events')
  @HttpCode(200)
  async submit(@Param('id') id: string, @Body() event: { type?: unknown }): Promise<{ id: string; version: number }> {
    if (typeof event?.type !== 'string') throw new BadRequestException('no type');
    const version = await nestStore!.submit(id, JSON.stringify(event));
    if (version === undefined) throw new NotFoundException();
    return { id, version };
  }
}

@Module({ controllers: [BareEventsController] })
class BareModule {}

/** NestJS on express, configured as createApp configures the app's body parser and prefix. */
async function serveNest(store: Store): Promise<http.Server> {
  nestStore = store;
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { bodyParser: false, logger: false });
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix('api');
  await app.init();
  return app.getHttpServer() as http.Server;
}

/** The same transaction without HTTP, `concurrency` callers at a time: the driver's own rate in this process. */
async function direct(store: Store, ids: string[], concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = ids[next++]; id; id = ids[next++]) await store.submit(id, '{"type":"SUBMIT"}');
    }),
  );
  return ids.length / ((performance.now() - started) / 1000);
}

let store: Store | undefined;

async function handle(command: BareCommand): Promise<BareReply> {
  switch (command.kind) {
    case 'start': {
      store = command.databaseUrl
        ? await postgresStore(command.databaseUrl, command.schema, command.poolSize, command.ids)
        : sqliteStore(command.sqlitePath, command.ids);
      const server = command.framework === 'nest' ? await serveNest(store) : serve(store);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { kind: 'ready', port: (server.address() as { port: number }).port };
    }
    case 'direct':
      return { kind: 'direct', perSecond: await direct(store!, command.ids, command.concurrency) };
    case 'cpu':
      return { kind: 'cpu', usage: process.cpuUsage() };
  }
}

process.on('message', (message) => {
  handle(message as BareCommand).then(
    (reply) => process.send!(reply),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.once('disconnect', () => process.exit(0));
