import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Rendered receipts and tables, by the digest of their input, in the database
 * rather than under each instance's DATA_DIR: with several instances on one
 * PostgreSQL, the PDFs one instance's mail relay rendered are the ones
 * another instance's export reads back. No foreign key: a rendition is
 * derived from data, not owned by a row.
 */
export class CreateRenditions1764800000000 implements MigrationInterface {
  name = 'CreateRenditions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const binary = q.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(
      new Table({
        name: 'renditions',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'size', type: 'integer' },
          { name: 'content', type: binary },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('renditions');
  }
}
