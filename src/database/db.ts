import type { DataSource, QueryRunner } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

/** One SQL statement with `$1…$n` placeholders and its parameters. */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * PostgreSQL only: several writes as one round trip, each a named CTE of one
 * statement (`WITH u AS (UPDATE …), a AS (INSERT …) SELECT …`). Placeholders
 * are renumbered; the final `select` may read the CTEs by name.
 */
export function combineStatements(parts: { name: string; statement: Statement }[], select: string): Statement {
  const params: unknown[] = [];
  const ctes = parts.map(({ name, statement }) => {
    const offset = params.length;
    params.push(...statement.params);
    return `${name} AS (${statement.text.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { text: `WITH ${ctes.join(',\n')}\n${select}`, params };
}

/** The few things a repository needs from a connection, in or out of a transaction. */
export interface Sql {
  readonly dialect: Dialect;
  many<T>(text: string, params?: unknown[]): Promise<T[]>;
  one<T>(text: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a write and answers the number of rows it touched. */
  exec(text: string, params?: unknown[]): Promise<number>;
}

/**
 * SQL is written with PostgreSQL's `$1…$n` placeholders; for SQLite they become
 * `?` with the parameters reordered. Booleans are passed as 1/0, which both accept.
 */
function toSqlite(text: string, params: unknown[]): [string, unknown[]] {
  const ordered: unknown[] = [];
  const sql = text.replace(/\$(\d+)/g, (_m, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return [sql, ordered];
}

function normalise(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

class RunnerSql implements Sql {
  constructor(
    readonly dialect: Dialect,
    private readonly runner: QueryRunner,
  ) {}

  private async run(text: string, params: unknown[]): Promise<{ records: unknown[]; affected?: number }> {
    const [sql, args] = this.dialect === 'sqlite' ? toSqlite(text, normalise(params)) : [text, normalise(params)];
    const result = (await this.runner.query(sql, args, true)) as { records: unknown; affected?: number };
    return { records: Array.isArray(result.records) ? result.records : [], affected: result.affected };
  }

  async many<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.run(text, params)).records as T[];
  }

  async one<T>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.run(text, params)).records[0] as T | undefined;
  }

  async exec(text: string, params: unknown[] = []): Promise<number> {
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
    const release = this.dialect === 'sqlite' ? await this.mutex.lock() : undefined;
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      try {
        const result = await work(new RunnerSql(this.dialect, runner));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
      release?.();
    }
  }

  /**
   * For work whose writes are ONE statement that writes all or nothing (it
   * checks its own compare-and-set): on PostgreSQL that statement is its own
   * transaction, which saves BEGIN and COMMIT; SQLite runs it as a transaction.
   */
  async atomic<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.dialect === 'postgres' ? this.read(work) : this.tx(work);
  }

  /** Reads (or a single write) outside an explicit transaction. */
  async read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const release = this.dialect === 'sqlite' ? await this.mutex.lock() : undefined;
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      return await work(new RunnerSql(this.dialect, runner));
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

/** JSON column helpers: text on both databases. */
export const json = {
  write: (value: unknown): string => JSON.stringify(value),
  read: <T>(value: string | null | undefined): T => (value === null || value === undefined ? (null as T) : (JSON.parse(value) as T)),
};
