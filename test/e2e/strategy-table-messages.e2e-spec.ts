import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The form shows the server's message beside each field: those messages are for people, in Chinese.
describe('strategy-table errors a center reads beside the fields', () => {
  let t: TestApp;
  let assignmentId: string;

  beforeAll(async () => {
    t = await startTestApp('2022-04-18T09:00:00+08:00');
    assignmentId = await (await seedIssuedReferenceNotice(t)).assignmentOf('qc-cardio');
    const center = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${assignmentId}/events`).set(center).send({ type: 'ACKNOWLEDGE' }).expect(200);
  });
  afterAll(() => t.close());

  it('names each wrong field by its path with a Chinese message, and submits nothing', async () => {
    const center = await t.login('center-qc-cardio');
    const table = {
      goals: [
        {
          goalCode: '2022-01',
          leadCenter: '天津市心血管内科医疗质量控制中心',
          partnerUnits: ['胸痛中心', '胸痛中心'],
          baseline: { value: '52.3%', dataSource: '' },
          target: { value: '60%', date: '年底' },
          coreStrategies: [],
          measures: [{ measure: '培训', milestone: '2022-06-30', responsible: '张明' }],
          indicators: [{ name: '再灌注治疗率' }],
        },
      ],
      contact: { name: '李华', phone: '请打电话', email: 'li@' },
    };
    const res = await t.http.post(`/api/assignments/${assignmentId}/events`).set(center).send({ type: 'SUBMIT', table });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('策略表未通过校验，请按提示修改后再提交');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'table.goals[0].partnerUnits', message: '第 1 项与第 2 项重复' },
        { field: 'table.goals[0].baseline.dataSource', message: '必填' },
        { field: 'table.goals[0].target.date', message: '请填写日期，如 2022-04-29' },
        { field: 'table.goals[0].coreStrategies', message: '至少填写 1 项' },
        { field: 'table.contact.phone', message: '格式不正确' },
        { field: 'table.contact.email', message: '请填写正确的电子邮箱地址' },
      ]),
    );
    const after = await t.http.get(`/api/assignments/${assignmentId}`).set(center);
    expect(after.body).toMatchObject({ state: 'acknowledged', versions: [] });
  });

  it('says 必填 for a missing part of the table', async () => {
    const center = await t.login('center-qc-cardio');
    const res = await t.http
      .post(`/api/assignments/${assignmentId}/events`)
      .set(center)
      .send({ type: 'SUBMIT', table: { goals: [{ goalCode: '2022-01' }] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'table.contact', message: '必填' },
        { field: 'table.goals[0].measures', message: '必填' },
      ]),
    );
    expect(res.body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
  });
});
