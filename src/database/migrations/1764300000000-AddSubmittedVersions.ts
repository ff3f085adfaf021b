import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * How many versions an assignment has submitted, beside its state: the
 * round's progress counts the centers that submitted in the same scan that
 * counts the states, instead of a second scan of every frozen version.
 */
export class AddSubmittedVersions1764300000000 implements MigrationInterface {
  name = 'AddSubmittedVersions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('assignments', new TableColumn({ name: 'submitted_versions', type: 'integer', default: 0 }));
    await q.query('UPDATE assignments SET submitted_versions = (SELECT COUNT(*) FROM submission_versions v WHERE v.assignment_id = assignments.id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('assignments', 'submitted_versions');
  }
}
