import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick, reactive } from 'vue';
import template2022 from '../../../templates/strategy-table/2022.schema.json';
import { childPath, errorsByPath, fieldId, fillFrom, kindOf, toDocument, type FieldSchema, type JsonObject } from './schema-model';
import { initialTable } from './strategy-table';
import StrategyTableForm from './StrategyTableForm.vue';

// The form generated from the 2022 template (附件3), as the server publishes it.
const schema = template2022 as unknown as FieldSchema;
const goalSchema = schema.properties!.goals.items!;
enableAutoUnmount(afterEach);
const goals = [
  { code: '2022-01', role: 'lead' as const, title: '提高急性ST段抬高型心肌梗死再灌注治疗率' },
  { code: '2022-02', role: 'partner' as const, title: '提高急性脑梗死再灌注治疗率' },
];

async function mountForm(options: { errors?: Record<string, string>; disabled?: boolean; saved?: unknown } = {}) {
  const model = reactive(initialTable(schema, goals, options.saved ?? null, '天津市心血管内科医疗质量控制中心'));
  const wrapper = mount(StrategyTableForm, { props: { schema, model, goals, errors: options.errors ?? {}, disabled: options.disabled ?? false } });
  await flushPromises(); // Element Plus gives inputs their ids after the first render
  return { model, wrapper };
}

/** The form item (label, control, error) that holds the field at `path`. */
function itemOf(wrapper: Awaited<ReturnType<typeof mountForm>>['wrapper'], path: string) {
  return wrapper.findAll('.el-form-item').find((item) => item.find(`#${fieldId(path)}`).exists())!;
}

describe('the control each column of the 2022 template gets', () => {
  it.each([
    ['leadCenter', 'text'],
    ['partnerUnits', 'textList'],
    ['baseline', 'group'],
    ['baseline.value', 'longText'],
    ['baseline.asOf', 'date'],
    ['target.date', 'date'],
    ['coreStrategies', 'textList'],
    ['measures', 'rows'],
    ['measures.measure', 'longText'],
    ['measures.milestone', 'date'],
    ['measures.responsible', 'text'],
    ['indicators', 'rows'],
    ['indicators.frequency', 'text'],
  ])('goal column %s is a %s', (path, kind) => {
    let at: FieldSchema = goalSchema;
    for (const key of path.split('.')) at = (at.items ?? at).properties![key];
    expect(kindOf(at)).toBe(kind);
  });

  it('gives the contact an email field and a plain phone field', () => {
    const contact = schema.properties!.contact.properties!;
    expect([kindOf(contact.name), kindOf(contact.phone), kindOf(contact.email)]).toEqual(['text', 'text', 'email']);
  });
});

describe('the generated strategy-table form', () => {
  it('shows one section per goal of the assignment, headed by the goal, with every column of the template as a labelled field', async () => {
    const { wrapper } = await mountForm();
    const sections = wrapper.findAll('.section');
    expect(sections).toHaveLength(3); // two goals, then 联系方式
    expect(sections[0].text()).toContain('目标 2022-01');
    expect(sections[0].text()).toContain('牵头');
    expect(sections[1].text()).toContain('提高急性脑梗死再灌注治疗率');
    expect(sections[1].text()).toContain('协作');
    const labels = sections[0].findAll('label, legend').map((l) => l.text().replace('*', '').trim());
    for (const column of (schema as { 'x-columns': { key: string; title: string }[] })['x-columns'].slice(1)) {
      expect(labels.some((label) => label.startsWith(column.title))).toBe(true);
    }
    // Each label names its control, so a screen reader and a click on the label find the field.
    expect(wrapper.find(`label[for="${fieldId('goals[0].leadCenter')}"]`).exists()).toBe(true);
  });

  it('fills the lead center for a goal the center leads, and not for one it only assists', async () => {
    const { model } = await mountForm();
    const [lead, partner] = model.goals as JsonObject[];
    expect([lead.goalCode, lead.leadCenter, partner.goalCode, partner.leadCenter]).toEqual(['2022-01', '天津市心血管内科医疗质量控制中心', '2022-02', '']);
  });

  it('binds text, long text and date fields to the table', async () => {
    const { model, wrapper } = await mountForm();
    await wrapper.find(`#${fieldId('goals[0].baseline.value')}`).setValue('2021年全市再灌注治疗率为 52.3%');
    await wrapper.find(`#${fieldId('contact.name')}`).setValue('李华');
    expect(wrapper.find(`#${fieldId('goals[0].baseline.value')}`).element.tagName).toBe('TEXTAREA');
    expect(wrapper.find(`#${fieldId('contact.email')}`).attributes('type')).toBe('email');
    (model.goals as JsonObject[])[0].target = { value: '60%', date: '2022-12-31' };
    await nextTick();
    // Shown in Chinese by the app's picker, whatever the browser's language; the table keeps 2022-12-31.
    expect((wrapper.find(`#${fieldId('goals[0].target.date')}`).element as HTMLInputElement).value).toBe('2022年12月31日');
    expect((model.goals as JsonObject[])[0].baseline).toMatchObject({ value: '2021年全市再灌注治疗率为 52.3%' });
    expect(model.contact).toMatchObject({ name: '李华' });
  });

  it('adds and removes rows of measures and entries of a text list', async () => {
    const { model, wrapper } = await mountForm();
    const first = () => (model.goals as JsonObject[])[0];
    await wrapper
      .findAll('button')
      .find((b) => b.text() === '＋ 添加一行具体措施')!
      .trigger('click');
    expect(first().measures).toHaveLength(2);
    expect(wrapper.find(`#${fieldId('goals[0].measures[1].milestone')}`).exists()).toBe(true);
    await wrapper.find(`#${fieldId('goals[0].measures[1].responsible')}`).setValue('张明');
    await wrapper
      .findAll('button')
      .find((b) => b.attributes('aria-label') === '删除具体措施第 1 行')!
      .trigger('click');
    expect(first().measures).toEqual([{ measure: '', milestone: '', responsible: '张明' }]);

    expect(first().partnerUnits).toEqual([]);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === '＋ 添加协作单位')!
      .trigger('click');
    await wrapper.find(`#${fieldId('goals[0].partnerUnits[0]')}`).setValue('天津市胸痛中心联盟');
    expect(first().partnerUnits).toEqual(['天津市胸痛中心联盟']);
  });

  it("shows the server's messages beside their fields and lists them above the form, as the server wrote them", async () => {
    const phone = '"联系方式"的"联系电话"：格式不正确';
    const milestone = '目标2022-01 的"具体措施"第1项的"时间节点"：必须是日期，如 2022-06-30';
    const indicators = '目标2022-02 的"监测指标"：至少填写 1 项';
    const errors = errorsByPath([
      { field: 'table.contact.phone', message: phone },
      { field: 'table.goals[0].measures[0].milestone', message: milestone },
      { field: 'table.goals[1].indicators', message: indicators },
    ]);
    const { wrapper } = await mountForm({ errors });
    // Element Plus shows a form item's message a moment (a debounce) after the item turns red.
    await vi.waitFor(() => expect(itemOf(wrapper, 'contact.phone').find('.el-form-item__error').text()).toBe(phone));
    expect(itemOf(wrapper, 'goals[0].measures[0].milestone').find('.el-form-item__error').text()).toBe(milestone);
    expect(wrapper.find(`#${fieldId('goals[1].indicators')}`).text()).toContain(indicators);
    expect(wrapper.findAll('.summary li a').map((a) => a.text())).toEqual([phone, milestone, indicators]);
    expect(itemOf(wrapper, 'contact.name').find('.el-form-item__error').exists()).toBe(false);
  });

  it('shows a submitted table without add or remove buttons', async () => {
    const { wrapper } = await mountForm({ disabled: true });
    expect(wrapper.findAll('button').filter((b) => /添加|删除/.test(b.text()))).toHaveLength(0);
    expect(wrapper.find(`#${fieldId('contact.name')}`).attributes('disabled')).toBeDefined();
  });

  it('keeps a saved table, in the order of the assignment goals', async () => {
    const saved = { goals: [{ goalCode: '2022-02', leadCenter: '神经内科', coreStrategies: ['溶栓绿色通道'] }], contact: { name: '王芳' } };
    const { model } = await mountForm({ saved });
    const [first, second] = model.goals as JsonObject[];
    expect(first.goalCode).toBe('2022-01');
    expect(second).toMatchObject({ goalCode: '2022-02', leadCenter: '神经内科', coreStrategies: ['溶栓绿色通道'] });
    expect(model.contact).toMatchObject({ name: '王芳', phone: '', email: '' });
  });
});

describe('the document the server receives', () => {
  it('leaves blank fields out and keeps list entries in place, so error paths point at the right row', () => {
    const table = fillFrom(
      {
        goals: [
          {
            goalCode: '2022-01',
            measures: [
              { measure: '', milestone: '', responsible: '' },
              { measure: '培训', milestone: '2022-06-30', responsible: '张明' },
            ],
            coreStrategies: [''],
          },
        ],
        contact: { name: ' ' },
      },
      schema,
    );
    expect(toDocument(table, schema)).toEqual({
      goals: [
        {
          goalCode: '2022-01',
          partnerUnits: [],
          baseline: {},
          target: {},
          coreStrategies: [''],
          measures: [{}, { measure: '培训', milestone: '2022-06-30', responsible: '张明' }],
          indicators: [{}],
        },
      ],
      contact: {},
    });
  });

  it('names fields by the paths the server uses', () => {
    expect(childPath(childPath(childPath('', 'goals'), 0), 'measures')).toBe('goals[0].measures');
    expect(
      errorsByPath([
        { field: 'table.contact', message: '必填' },
        { field: 'table.contact', message: '格式不正确' },
      ]),
    ).toEqual({ contact: '必填；格式不正确' });
  });
});
