import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Accounts that can be managed: organisations and users can be disabled and
 * carry a row version (edits are compare-and-set); users have a mail address,
 * a password kind (chosen, or a one-time password that must be changed) and a
 * session epoch. Sessions back every access token: logout revokes one, and
 * bumping the user's epoch (disabling, new roles or organisation, a password
 * reset) ends all of them at once, even one opened by a sign-in racing the change.
 */
export class AddAccounts1764400000000 implements MigrationInterface {
  name = 'AddAccounts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('organisations', [
      new TableColumn({ name: 'disabled_at', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'version', type: 'integer', default: 1 }),
      new TableColumn({ name: 'updated_at', type: 'varchar', length: '32', isNullable: true }),
    ]);
    await q.addColumns('users', [
      new TableColumn({ name: 'email', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'disabled_at', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'password_kind', type: 'varchar', length: '16', default: "'chosen'" }),
      new TableColumn({ name: 'session_epoch', type: 'integer', default: 0 }),
      new TableColumn({ name: 'version', type: 'integer', default: 1 }),
      new TableColumn({ name: 'updated_at', type: 'varchar', length: '32', isNullable: true }),
    ]);
    await q.createIndex('users', new TableIndex({ name: 'ix_users_organisation', columnNames: ['organisation_id'] }));
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'user_epoch', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'expires_at', type: 'varchar', length: '32' },
          { name: 'revoked_at', type: 'varchar', length: '32', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex('sessions', new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id', 'expires_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sessions');
    await q.dropIndex('users', 'ix_users_organisation');
    for (const column of ['updated_at', 'version', 'session_epoch', 'password_kind', 'disabled_at', 'email']) await q.dropColumn('users', column);
    for (const column of ['updated_at', 'version', 'disabled_at']) await q.dropColumn('organisations', column);
  }
}
