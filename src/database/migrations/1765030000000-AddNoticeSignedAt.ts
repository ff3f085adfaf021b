import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When the leader signed (签发): a notice is dated by it (成文日期, 党政机关公文处理工作条例
 * 第九条(十)), not by the day it was issued. Notices signed before this column existed
 * take the time of their last SIGN from the audit log.
 */
export class AddNoticeSignedAt1765030000000 implements MigrationInterface {
  name = 'AddNoticeSignedAt1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notices', new TableColumn({ name: 'signed_at', type: 'varchar', length: '32', isNullable: true }));
    await q.query(
      `UPDATE notices SET signed_at = (SELECT MAX(a.at) FROM audit_log a WHERE a.entity = 'notice' AND a.entity_id = notices.id AND a.event = 'SIGN')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notices', 'signed_at');
  }
}
