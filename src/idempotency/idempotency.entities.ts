import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/** The first answer to a write sent with an Idempotency-Key, kept for its retries. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
  createdAt: string;
}

export const IdempotencyRecordEntity = new EntitySchema<IdempotencyRecord>({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_keys',
  columns: {
    key: { ...col.str('key', 300), primary: true },
    requestHash: col.str('request_hash', 64),
    responseStatus: col.int('response_status'),
    responseBody: col.text('response_body'),
    createdAt: col.instant('created_at'),
  },
});

export const IDEMPOTENCY_ENTITIES = [IdempotencyRecordEntity];
