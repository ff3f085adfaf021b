import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Lists page in creation order within a notice: an index in that order lets a
 * page of 50 out of tens of thousands be read without sorting them all.
 */
export class AddListIndexes1764200000000 implements MigrationInterface {
  name = 'AddListIndexes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('assignments', new TableIndex({ name: 'ix_assignments_notice_created', columnNames: ['notice_id', 'created_at', 'id'] }));
    await q.createIndex('submission_versions', new TableIndex({ name: 'ix_versions_notice_assignment', columnNames: ['notice_id', 'assignment_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('submission_versions', 'ix_versions_notice_assignment');
    await q.dropIndex('assignments', 'ix_assignments_notice_created');
  }
}
