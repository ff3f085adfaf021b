import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

/**
 * What a repository needs from a connection, in or out of a transaction.
 *
 * Raw statements are literal text with PostgreSQL's `$1…$n` placeholders. SQLite
 * reads `$1` as a named parameter called "1", so the same text runs on both and
 * the parameters are bound by name there: no statement is ever rewritten.
 * `manager` is TypeORM's entity manager on the same connection, for the cold
 * paths that use repositories and the query builder.
 */
export interface Sql {
  readonly dialect: Dialect;
  readonly manager: EntityManager;
  many<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  one<T>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a write and answers the number of rows it touched. */
  exec(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `callback` once the unit of work has committed (never when it rolls back): logs and metrics of what it wrote. */
  afterCommit(callback: () => void): void;
}

/** What one raw statement answers: its rows, and the rows it touched when it is a write without RETURNING. */
interface Outcome {
  rows: unknown[];
  affected?: number;
}

/** The part of a better-sqlite3 statement used here (the project has no @types/better-sqlite3). */
interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/** The part of a pg client used here. */
interface PgClient {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Booleans as 1/0, which both databases accept. */
const plain = (params: readonly unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * Raw statements go straight to the connection under TypeORM's query runner:
 * TypeORM's own per-query work (logging hooks, subscribers' broadcasts, result
 * wrapping) is for its entities, and the hot path pays for none of it.
 */
interface Statements {
  run(connection: unknown, text: string, params: readonly unknown[]): Promise<Outcome>;
}

/** better-sqlite3 on its one connection: each literal text prepared once, bound by name (`$1` is "1"). */
class SqliteStatements implements Statements {
  private readonly prepared = new Map<string, SqliteStatement>();

  async run(connection: unknown, text: string, params: readonly unknown[]): Promise<Outcome> {
    let statement = this.prepared.get(text);
    if (!statement) {
      statement = (connection as { prepare(text: string): SqliteStatement }).prepare(text);
      this.prepared.set(text, statement);
    }
    const values = plain(params);
    const bound = values.length === 0 ? [] : [Object.fromEntries(values.map((v, i) => [String(i + 1), v]))];
    // A write with RETURNING is a reader: it answers rows (and SQLite reports no count for it).
    if (statement.reader) return { rows: statement.all(...bound) };
    return { rows: [], affected: statement.run(...bound).changes };
  }
}

/**
 * pg on a pooled client. A statement with parameters is a named prepared
 * statement (the name a digest of its literal text): each connection parses
 * and plans it once, not on every call.
 */
class PostgresStatements implements Statements {
  private readonly names = new Map<string, string>();

  async run(connection: unknown, text: string, params: readonly unknown[]): Promise<Outcome> {
    const values = plain(params);
    const result = await (connection as PgClient).query(values.length === 0 ? { text, values } : { text, values, name: this.nameOf(text) });
    return { rows: result.rows ?? [], affected: result.rowCount ?? undefined };
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `gw_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

class RunnerSql implements Sql {
  readonly committed: (() => void)[] = [];

  constructor(
    readonly dialect: Dialect,
    private readonly runner: QueryRunner,
    private readonly connection: unknown,
    private readonly statements: Statements,
    private readonly dataSource: DataSource,
  ) {}

  get manager(): EntityManager {
    return this.runner.manager;
  }

  private async run(text: string, params: readonly unknown[]): Promise<Outcome> {
    if (this.dataSource.options.logging) this.dataSource.logger.logQuery(text, [...params], this.runner);
    try {
      return await this.statements.run(this.connection, text, params);
    } catch (error) {
      if (this.dataSource.options.logging) this.dataSource.logger.logQueryError(error as Error, text, [...params], this.runner);
      throw error;
    }
  }

  async many<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.run(text, params)).rows as T[];
  }

  async one<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.run(text, params)).rows[0] as T | undefined;
  }

  async exec(text: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.run(text, params);
    return result.affected ?? result.rows.length;
  }

  afterCommit(callback: () => void): void {
    this.committed.push(callback);
  }
}

/** A FIFO lock: SQLite has one connection and one writer, so its work is taken one at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }
}

/**
 * The only way services reach the database. On SQLite every unit of work holds
 * the one-connection lock, so a read never sees another request's uncommitted
 * transaction on the shared connection.
 */
export class Db {
  readonly dialect: Dialect;
  private readonly mutex = new Mutex();
  private readonly statements: Statements;

  constructor(readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.statements = this.dialect === 'postgres' ? new PostgresStatements() : new SqliteStatements();
  }

  /** One transaction: commits if `work` resolves, rolls back if it throws. */
  async tx<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.withRunner(async (runner, sql) => {
      await runner.startTransaction();
      try {
        const result = await work(sql);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    });
  }

  /** Reads (or a single write) outside an explicit transaction. */
  async read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.withRunner((_runner, sql) => work(sql));
  }

  private async withRunner<T>(work: (runner: QueryRunner, sql: Sql) => Promise<T>): Promise<T> {
    const release = this.dialect === 'sqlite' ? await this.mutex.lock() : undefined;
    const runner = this.dataSource.createQueryRunner();
    try {
      // The runner's connection: a pooled pg client, or SQLite's one database handle.
      const connection: unknown = await runner.connect();
      const sql = new RunnerSql(this.dialect, runner, connection, this.statements, this.dataSource);
      const result = await work(runner, sql);
      // Reached only when `work` resolved: in `tx`, after the commit.
      for (const callback of sql.committed) {
        try {
          callback();
        } catch {
          // What was written is committed: a failing log or metric must not turn it into an error.
        }
      }
      return result;
    } finally {
      await runner.release();
      release?.();
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
