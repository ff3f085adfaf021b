import { Inject, Injectable } from '@nestjs/common';
import { Db, isUniqueViolation, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { canonicalJson, sha256 } from '../common/ids.js';
import { IdempotencyRecordEntity } from './idempotency.entities.js';

/**
 * Retried writes act once: the answer is stored with the key in the same
 * transaction as the write, so a retry either finds it or repeats the whole write.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

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
