import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '32', isNullable });
const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });

/**
 * The whole first schema, written with the QueryRunner table API so that one
 * migration serves SQLite and PostgreSQL. Instants are stored as ISO-8601 UTC
 * strings (sortable, equal on both databases); JSON as text.
 */
export class CreateSchema1763900000000 implements MigrationInterface {
  name = 'CreateSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organisations',
        columns: [id, str('code', 64), str('name', 200), str('kind', 20), str('email', 200, true), str('doc_prefix', 32, true), instant('created_at')],
        uniques: [{ name: 'uq_organisations_code', columnNames: ['code'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          str('username', 64),
          str('display_name', 200),
          str('organisation_id', 36),
          str('roles', 100),
          str('password_hash', 200),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_users_username', columnNames: ['username'] }],
        foreignKeys: [{ columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notices',
        columns: [
          id,
          str('title', 500),
          str('doc_number', 100, true),
          int('doc_year', true),
          int('doc_seq', true),
          str('issuer_id', 36),
          text('recipients'),
          text('body'),
          text('attachments'),
          instant('deadline'),
          str('time_zone', 64),
          str('mailbox', 200),
          int('campaign_year'),
          str('table_template', 32),
          text('table_schema', true),
          text('division'),
          str('state', 32),
          text('snapshot'),
          int('machine_version'),
          int('version'),
          str('created_by', 36),
          instant('created_at'),
          instant('updated_at'),
          instant('issued_at', true),
          instant('closed_at', true),
        ],
        uniques: [{ name: 'uq_notices_doc_seq', columnNames: ['issuer_id', 'doc_year', 'doc_seq'] }],
        foreignKeys: [{ columnNames: ['issuer_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assignments',
        columns: [
          id,
          str('notice_id', 36),
          str('organisation_id', 36),
          text('goals'),
          str('role', 16),
          str('state', 32),
          text('snapshot'),
          int('machine_version'),
          int('version'),
          instant('deadline'),
          text('draft', true),
          instant('draft_updated_at', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_assignments_notice_org', columnNames: ['notice_id', 'organisation_id'] }],
        foreignKeys: [
          { columnNames: ['notice_id'], referencedTableName: 'notices', referencedColumnNames: ['id'] },
          { columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex('assignments', new TableIndex({ name: 'ix_assignments_notice_state', columnNames: ['notice_id', 'state'] }));
    await q.createIndex('assignments', new TableIndex({ name: 'ix_assignments_org', columnNames: ['organisation_id'] }));
    await q.createTable(
      new Table({
        name: 'assignment_reviewers',
        columns: [
          { ...str('assignment_id', 36), isPrimary: true },
          { ...str('user_id', 36), isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['assignment_id'], referencedTableName: 'assignments', referencedColumnNames: ['id'] },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex('assignment_reviewers', new TableIndex({ name: 'ix_assignment_reviewers_user', columnNames: ['user_id'] }));
    await q.createTable(
      new Table({
        name: 'submission_versions',
        columns: [
          id,
          str('assignment_id', 36),
          str('notice_id', 36),
          int('version'),
          text('table_json'),
          str('sha256', 64),
          instant('submitted_at'),
          { name: 'late', type: 'boolean' },
          str('receipt_no', 64),
          int('receipt_seq'),
          str('submitted_by', 36),
        ],
        uniques: [
          { name: 'uq_versions_assignment_version', columnNames: ['assignment_id', 'version'] },
          { name: 'uq_versions_notice_receipt', columnNames: ['notice_id', 'receipt_seq'] },
        ],
        foreignKeys: [{ columnNames: ['assignment_id'], referencedTableName: 'assignments', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reviews',
        columns: [id, str('assignment_id', 36), int('version', true), str('kind', 16), text('text', true), str('actor_id', 36), instant('at')],
        foreignKeys: [{ columnNames: ['assignment_id'], referencedTableName: 'assignments', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex('reviews', new TableIndex({ name: 'ix_reviews_assignment', columnNames: ['assignment_id'] }));
    await q.createTable(new Table({ name: 'counters', columns: [{ ...str('key', 200), isPrimary: true }, int('value')] }));
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          instant('at'),
          str('actor_id', 36, true),
          str('actor_org_id', 36, true),
          str('entity', 32),
          str('entity_id', 36),
          str('event', 40),
          str('kind', 64),
          str('from_state', 32, true),
          str('to_state', 32, true),
          str('payload_digest', 64, true),
          text('detail', true),
        ],
      }),
    );
    await q.createIndex('audit_log', new TableIndex({ name: 'ix_audit_entity', columnNames: ['entity', 'entity_id'] }));
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          id,
          str('dedupe_key', 200),
          str('kind', 64),
          text('payload'),
          str('status', 16),
          int('attempts'),
          instant('due_at'),
          instant('lease_until', true),
          text('last_error', true),
          instant('created_at'),
          instant('sent_at', true),
        ],
        uniques: [{ name: 'uq_outbox_dedupe', columnNames: ['dedupe_key'] }],
      }),
    );
    await q.createIndex('outbox', new TableIndex({ name: 'ix_outbox_status_due', columnNames: ['status', 'due_at'] }));
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [{ ...str('key', 300), isPrimary: true }, str('request_hash', 64), int('response_status'), text('response_body'), instant('created_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'outbox',
      'audit_log',
      'counters',
      'reviews',
      'submission_versions',
      'assignment_reviewers',
      'assignments',
      'notices',
      'users',
      'organisations',
    ]) {
      await q.dropTable(table);
    }
  }
}
