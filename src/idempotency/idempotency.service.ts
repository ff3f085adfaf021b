import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, isUniqueViolation, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { PollingLoop } from '../common/polling-loop.js';
import { DomainError } from '../common/errors.js';
import { canonicalJson, sha256 } from '../common/ids.js';
import { IdempotencyRecordEntity } from './idempotency.entities.js';

const DELETE_EXPIRED = `DELETE FROM idempotency_keys WHERE created_at < $1`;
const DELETE_EXPIRED_KEY = `DELETE FROM idempotency_keys WHERE key = $1 AND created_at < $2`;
/** How often each instance deletes expired keys (off with the scheduler's loop, as in tests). */
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Retried writes act once: the answer is stored with the key in the same
 * transaction as the write, so a retry either finds it or repeats the whole write.
 * A key replays for IDEMPOTENCY_TTL_HOURS; after that it is as if never sent, and
 * every instance deletes the expired ones now and then.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private readonly purgeLoop = new PollingLoop(
    () => this.purgeExpired(),
    (error: unknown) => this.logger.warn(`deleting expired idempotency keys failed: ${(error as Error).message}`),
  );

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purgeLoop.start(this.config.scheduler.pollMs > 0 ? PURGE_EVERY_MS : 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.purgeLoop.stop();
  }

  /** Deletes every key older than the TTL; answers how many. */
  async purgeExpired(): Promise<number> {
    return this.db.read((sql) => sql.exec(DELETE_EXPIRED, [this.expiredBefore()]));
  }

  /** Keys created before this instant no longer replay. */
  private expiredBefore(): string {
    return new Date(this.clock.now().getTime() - this.config.idempotencyTtlHours * 3_600_000).toISOString();
  }

  /** Runs `work` in one transaction, with or without a key; with one, a retry gets the first answer. */
  async run<T>(scope: { userId: string; key: string | undefined; request: unknown }, work: (sql: Sql) => Promise<T>): Promise<T> {
    if (!scope.key) return conflictOnDuplicate(() => this.db.tx(work));
    if (scope.key.length > 200) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key 不能超过 200 个字符');
    const key = `${scope.userId}:${scope.key}`;
    const requestHash = sha256(canonicalJson(scope.request));
    const stored = await this.find(key, requestHash);
    if (stored !== undefined) return stored as T;
    try {
      return await this.db.tx(async (sql) => {
        const result = await work(sql);
        await sql.manager.getRepository(IdempotencyRecordEntity).insert({
          key,
          requestHash,
          responseStatus: 200,
          responseBody: JSON.stringify(result),
          createdAt: this.clock.now().toISOString(),
        });
        return result;
      });
    } catch (error) {
      // A concurrent twin may have committed first: our key insert, our compare-and-set or
      // the machine (the state moved on under us) refused; ours rolled back. Answer what the twin answered.
      if (isUniqueViolation(error) || error instanceof DomainError) {
        const twin = await this.find(key, requestHash);
        if (twin !== undefined) return twin as T;
      }
      if (isUniqueViolation(error)) throw versionConflict();
      throw error;
    }
  }

  private async find(key: string, requestHash: string): Promise<unknown> {
    const row = await this.db.read((sql) => sql.manager.getRepository(IdempotencyRecordEntity).findOneBy({ key }));
    if (!row) return undefined;
    const expiredBefore = this.expiredBefore();
    if (row.createdAt < expiredBefore) {
      // Expired: gone, so this request acts afresh and stores its own answer under the key.
      await this.db.read((sql) => sql.exec(DELETE_EXPIRED_KEY, [key, expiredBefore]));
      return undefined;
    }
    if (row.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_MISMATCH', '此 Idempotency-Key 已用于内容不同的请求');
    }
    return JSON.parse(row.responseBody);
  }
}

const versionConflict = () => new DomainError('VERSION_CONFLICT', '数据已被他人同时修改，请刷新后重试');

/** A unique constraint that a concurrent writer won (two ISSUEs at once, say) is a conflict, not a 500. */
async function conflictOnDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw versionConflict();
    throw error;
  }
}
