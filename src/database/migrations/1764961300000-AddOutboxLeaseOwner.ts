import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which claim holds a message's lease: the relay that claimed it extends the
 * lease while it still sends (a heartbeat), marks the outcome only while it
 * still holds it, and hands it back when its instance shuts down.
 */
export class AddOutboxLeaseOwner1764961300000 implements MigrationInterface {
  name = 'AddOutboxLeaseOwner1764961300000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outbox', new TableColumn({ name: 'lease_owner', type: 'varchar', length: '36', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outbox', 'lease_owner');
  }
}
