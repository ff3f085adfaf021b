import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Deadlines that hold: timers in the database (never in memory), the reminder
 * (催办) history, and the per-notice deadline policy.
 */
export class AddDeadlines1763990000000 implements MigrationInterface {
  name = 'AddDeadlines1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'timers',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'due_at', type: 'varchar', length: '32' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'target_id', type: 'varchar', length: '36' },
          { name: 'dedupe_key', type: 'varchar', length: '200' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'fired_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'outcome', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        uniques: [{ name: 'uq_timers_dedupe', columnNames: ['dedupe_key'] }],
      }),
    );
    await q.createIndex('timers', new TableIndex({ name: 'ix_timers_status_due', columnNames: ['status', 'due_at'] }));
    await q.createIndex('timers', new TableIndex({ name: 'ix_timers_target', columnNames: ['target_id', 'status'] }));
    await q.createTable(
      new Table({
        name: 'reminders',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'assignment_id', type: 'varchar', length: '36' },
          { name: 'notice_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'label', type: 'varchar', length: '100' },
          { name: 'message', type: 'text', isNullable: true },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'deadline', type: 'varchar', length: '32' },
          { name: 'at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createIndex('reminders', new TableIndex({ name: 'ix_reminders_assignment', columnNames: ['assignment_id'] }));
    await q.addColumns('notices', [
      new TableColumn({ name: 'late_policy', type: 'varchar', length: '16', default: "'reject'" }),
      new TableColumn({ name: 'reminder_ladder', type: 'text', isNullable: true }),
      new TableColumn({ name: 'resubmission_working_days', type: 'integer', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notices', 'resubmission_working_days');
    await q.dropColumn('notices', 'reminder_ladder');
    await q.dropColumn('notices', 'late_policy');
    await q.dropTable('reminders');
    await q.dropTable('timers');
  }
}
