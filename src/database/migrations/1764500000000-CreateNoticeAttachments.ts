import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });

/**
 * The files of a notice's 附件说明, their bytes in the database (bytea on
 * PostgreSQL, blob on SQLite) rather than on disk: several instances share one
 * PostgreSQL and no disk, backups and transactions cover the files with the
 * notice they belong to, and nothing lands in a web root. One row per line
 * number of a notice.
 */
export class CreateNoticeAttachments1764500000000 implements MigrationInterface {
  name = 'CreateNoticeAttachments1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const binary = q.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(
      new Table({
        name: 'notice_attachments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          str('notice_id', 36),
          { name: 'no', type: 'integer' },
          str('file_name', 255),
          str('content_type', 100),
          { name: 'size', type: 'integer' },
          str('sha256', 64),
          { name: 'content', type: binary },
          str('generator', 32, true),
          str('created_by', 36, true),
          str('created_at', 32),
          str('updated_at', 32),
        ],
        uniques: [{ name: 'uq_notice_attachments_no', columnNames: ['notice_id', 'no'] }],
        foreignKeys: [{ columnNames: ['notice_id'], referencedTableName: 'notices', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notice_attachments');
  }
}
