import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-in throttling, shared by every instance: one row per account (the
 * username as typed, existing or not) and per client address, counting failed
 * sign-ins in the current 15-minute window, and the lock they led to, whose
 * period doubles with each lock in a row (`lockouts`).
 */
export class CreateSignInThrottles1765010000000 implements MigrationInterface {
  name = 'CreateSignInThrottles1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sign_in_throttles',
        columns: [
          { name: 'scope', type: 'varchar', length: '16', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '200', isPrimary: true },
          { name: 'failures', type: 'integer', default: 0 },
          { name: 'window_started_at', type: 'varchar', length: '32' },
          { name: 'lockouts', type: 'integer', default: 0 },
          { name: 'locked_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'locked_until', type: 'varchar', length: '32', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createIndex('sign_in_throttles', new TableIndex({ name: 'ix_sign_in_throttles_updated', columnNames: ['updated_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_throttles');
  }
}
