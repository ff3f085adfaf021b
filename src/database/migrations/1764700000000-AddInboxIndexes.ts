import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 已办 pages one person's acts newest first: an index in that order reads a
 * page without sorting the whole log. 待办 and the notice list filter a
 * commission's notices by state; 待办 finds the few assignments in a state
 * someone must act on (awaiting review, feedback …) among the many closed.
 */
export class AddInboxIndexes1764700000000 implements MigrationInterface {
  name = 'AddInboxIndexes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('audit_log', new TableIndex({ name: 'ix_audit_actor_at', columnNames: ['actor_id', 'at', 'id'] }));
    await q.createIndex('notices', new TableIndex({ name: 'ix_notices_issuer_state', columnNames: ['issuer_id', 'state'] }));
    await q.createIndex('assignments', new TableIndex({ name: 'ix_assignments_state', columnNames: ['state'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('assignments', 'ix_assignments_state');
    await q.dropIndex('notices', 'ix_notices_issuer_state');
    await q.dropIndex('audit_log', 'ix_audit_actor_at');
  }
}
