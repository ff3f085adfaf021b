import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { GENESIS_DIGEST, linkRows, type ChainedContent } from '../../common/audit-chain.js';

type Row = Omit<ChainedContent, 'chain_seq' | 'prev_digest'> & { id: number | string };

/**
 * The audit log becomes a hash chain (src/common/audit-chain.ts): each row its
 * sequence, the previous row's digest and its own. `audit_chain` holds the
 * head (one row, id 1): every append locks it (PostgreSQL: FOR UPDATE) in the
 * act's transaction, so concurrent instances extend one linear chain.
 * Existing rows are chained here, in id order.
 */
export class ChainAuditLog1765100000000 implements MigrationInterface {
  name = 'ChainAuditLog1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('audit_log', [
      new TableColumn({ name: 'chain_seq', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'prev_digest', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'digest', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndex('audit_log', new TableIndex({ name: 'ux_audit_log_chain_seq', columnNames: ['chain_seq'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'audit_chain',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'digest', type: 'varchar', length: '64' },
        ],
      }),
    );
    const postgres = q.connection.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    let head = { seq: 0, digest: GENESIS_DIGEST };
    let after = 0;
    for (;;) {
      const rows = (await q.query(
        `SELECT id, at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail
           FROM audit_log WHERE id > ${p(1)} ORDER BY id LIMIT 1000`,
        [after],
      )) as Row[];
      if (rows.length === 0) break;
      const linked = linkRows(head, rows);
      for (const r of linked.rows) {
        await q.query(`UPDATE audit_log SET chain_seq = ${p(1)}, prev_digest = ${p(2)}, digest = ${p(3)} WHERE id = ${p(4)}`, [
          r.chain_seq,
          r.prev_digest,
          r.digest,
          r.id,
        ]);
      }
      head = linked.head;
      after = Number(rows[rows.length - 1].id);
    }
    await q.query(`INSERT INTO audit_chain (id, seq, digest) VALUES (1, ${p(1)}, ${p(2)})`, [head.seq, head.digest]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_chain');
    await q.dropIndex('audit_log', 'ux_audit_log_chain_seq');
    await q.dropColumns('audit_log', ['chain_seq', 'prev_digest', 'digest']);
  }
}
