import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The effective deadline in force when a version was submitted (the notice's,
 * or later after an extension or a return), frozen with the version so that
 * its receipt shows it however the deadline moves afterwards.
 */
export class AddVersionDeadline1764100000000 implements MigrationInterface {
  name = 'AddVersionDeadline1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('submission_versions', new TableColumn({ name: 'deadline', type: 'varchar', length: '32', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('submission_versions', 'deadline');
  }
}
