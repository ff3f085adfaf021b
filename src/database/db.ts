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
}

/** Positional values as SQLite's named `$n` parameters; booleans as 1/0, which both databases accept. */
function bindings(dialect: Dialect, params: readonly unknown[]): unknown[] {
  const values = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  if (dialect === 'postgres' || values.length === 0) return values;
  return [Object.fromEntries(values.map((v, i) => [String(i + 1), v]))];
}

class RunnerSql implements Sql {
  constructor(
    readonly dialect: Dialect,
    private readonly runner: QueryRunner,
  ) {}

  get manager(): EntityManager {
    return this.runner.manager;
  }

  private async run(text: string, params: readonly unknown[]): Promise<{ records: unknown[]; affected?: number }> {
    const result = (await this.runner.query(text, bindings(this.dialect, params), true)) as { records: unknown; affected?: number };
    return { records: Array.isArray(result.records) ? result.records : [], affected: result.affected };
  }

  async many<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.run(text, params)).records as T[];
  }

  async one<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.run(text, params)).records[0] as T | undefined;
  }

  async exec(text: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.run(text, params);
    // A write with RETURNING comes back as rows (SQLite reports no count for it).
    return result.affected ?? result.records.length;
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

  constructor(readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
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
      await runner.connect();
      return await work(runner, new RunnerSql(this.dialect, runner));
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
