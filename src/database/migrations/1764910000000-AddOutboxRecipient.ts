import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The address each message was composed for, written by the relay at each
 * attempt: staff's 发件箱 shows where a message went (or was to go), which
 * for most kinds is known only when the composer reads the center's contact.
 */
export class AddOutboxRecipient1764910000000 implements MigrationInterface {
  name = 'AddOutboxRecipient1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outbox', new TableColumn({ name: 'recipient', type: 'varchar', length: '320', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outbox', 'recipient');
  }
}
