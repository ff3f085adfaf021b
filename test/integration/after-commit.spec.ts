import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '../../src/audit/audit-log.service.js';
import { createAppLog } from '../../src/common/app-log.js';
import { Db } from '../../src/database/db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A state change is logged and counted once its transaction has committed; one that rolls back leaves no line. */
describe('state-change lines follow the commit', () => {
  let t: TestApp;
  const lines: { msg?: string; entityId?: string; event?: string }[] = [];

  beforeAll(async () => {
    const log = createAppLog({ destination: { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
    t = await startTestApp(undefined, {}, undefined, log);
  });
  afterAll(async () => {
    await t?.close();
  });

  const entry = (entityId: string) => ({
    at: '2022-04-18T01:00:00.000Z',
    actorId: null,
    actorOrgId: null,
    entity: 'notice' as const,
    entityId,
    event: 'SIGN',
    kind: 'notice.transitioned' as const,
    from: 'signing',
    to: 'signed',
  });
  const changed = (entityId: string) => lines.filter((l) => l.msg === 'state changed' && l.entityId === entityId);

  it('logs nothing for a transaction that rolls back, and logs after the commit of one that does not', async () => {
    const db = t.app.get(Db);
    const audit = t.app.get(AuditLog);
    await expect(
      db.tx(async (sql) => {
        await audit.append(sql, [entry('rolled-back')]);
        throw new Error('refused after the audit row');
      }),
    ).rejects.toThrow('refused after the audit row');
    expect(changed('rolled-back')).toEqual([]);

    let seenInside = -1;
    await db.tx(async (sql) => {
      await audit.append(sql, [entry('committed')]);
      seenInside = changed('committed').length;
    });
    expect(seenInside).toBe(0);
    expect(changed('committed')).toEqual([expect.objectContaining({ event: 'SIGN' })]);
  });
});
