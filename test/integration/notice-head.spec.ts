import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.js';
import { NoticeEntity } from '../../src/notices/notice.entities.js';
import { NoticeReader } from '../../src/notices/notice-reader.service.js';
import { walkDraft } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The hot read of a notice is literal SQL: it must answer exactly what the entity reads, on both databases. */
describe('the notice head read as literal SQL', () => {
  let t: TestApp;
  let noticeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const list = await t.http.get('/api/notices').set(await t.login('staff'));
    noticeId = (list.body as { id: string }[])[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function both() {
    return t.app.get(Db).read(async (sql) => {
      const head = await t.app.get(NoticeReader).head(sql, noticeId);
      const { division: _division, body: _body, ...entity } = (await sql.manager.getRepository(NoticeEntity).findOneBy({ id: noticeId }))!;
      return { head, entity };
    });
  }

  it('answers the entity without division and body for a draft (unnumbered, unissued)', async () => {
    const { head, entity } = await both();
    expect(head).toEqual(entity);
    expect(head!.docSeq).toBeNull();
  });

  it('answers the entity for an issued notice, numbers and table schema included', async () => {
    await walkDraft(t, noticeId, { expectEachStep: true });
    const { head, entity } = await both();
    expect(head).toEqual(entity);
    expect(head!.state).toBe('issued');
    expect(typeof head!.docSeq).toBe('number');
    expect(head!.tableSchema).toEqual(expect.objectContaining({ type: 'object' }));
  });

  it('answers nothing for an unknown id', async () => {
    await expect(t.app.get(Db).read((sql) => t.app.get(NoticeReader).head(sql, 'no-such-notice'))).resolves.toBeUndefined();
  });
});
