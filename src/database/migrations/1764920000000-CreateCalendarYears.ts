import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Holiday schedules an administrator enters for a year the shipped calendar
 * data does not cover yet (the State Council publishes each year's in
 * November): in the database, so every instance plans with the same calendar.
 */
export class CreateCalendarYears1764920000000 implements MigrationInterface {
  name = 'CreateCalendarYears1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calendar_years',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'source', type: 'text' },
          { name: 'days_off', type: 'text' },
          { name: 'make_up_workdays', type: 'text' },
          { name: 'entered_by', type: 'varchar', length: '36' },
          { name: 'entered_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_years');
  }
}
