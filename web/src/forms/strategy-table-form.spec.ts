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

/** Every field of the template below `at`, with its path in the form (`goals[0].measures[0].milestone`). */
function fieldsOf(at: FieldSchema, path: string): { path: string; schema: FieldSchema }[] {
  const own = path ? [{ path, schema: at }] : [];
  switch (kindOf(at)) {
    case 'group':
      return [...own, ...Object.entries(at.properties ?? {}).flatMap(([key, s]) => fieldsOf(s, childPath(path, key)))];
    case 'rows': // a row is its fields, side by side, with no box of its own
      return [...own, ...Object.entries(at.items!.properties ?? {}).flatMap(([key, s]) => fieldsOf(s, childPath(childPath(path, 0), key)))];
    case 'textList':
      return [...own, ...fieldsOf(at.items!, childPath(path, 0))];
    case 'choice':
    case 'date':
    case 'email':
    case 'longText':
    case 'number':
    case 'text':
    case 'unsupported':
      return own;
  }
}

describe('the control each column of the 2022 template gets', () => {
  it.each([
    ['goalCode', 'text'],
    ['leadCenter', 'text'],
    ['partnerUnits', 'textList'],
    ['baseline', 'group'],
    ['baseline.value', 'longText'],
    ['baseline.dataSource', 'longText'],
    ['baseline.asOf', 'date'],
    ['target', 'group'],
    ['target.value', 'longText'],
    ['target.date', 'date'],
    ['coreStrategies', 'textList'],
    ['measures', 'rows'],
    ['measures.measure', 'longText'],
    ['measures.milestone', 'date'],
    ['measures.responsible', 'text'],
    ['indicators', 'rows'],
    ['indicators.name', 'text'],
    ['indicators.definition', 'longText'],
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

describe('every field of the template, on the screen', () => {
  // Derived from the template itself: a column added to it, or a type the generator cannot draw, fails here.
  // `goals` itself is drawn as one section per goal (the sections are checked below), its code as the section's heading.
  const fields = fieldsOf(schema, '').filter((f) => !['goals', 'goals[0]'].includes(f.path) && !f.path.endsWith('goalCode'));

  it('has a control for every field of the template, none it cannot draw', () => {
    expect(fields.filter((f) => kindOf(f.schema) === 'unsupported')).toEqual([]);
    expect(new Set(fields.map((f) => kindOf(f.schema)))).toEqual(new Set(['text', 'longText', 'date', 'email', 'group', 'textList', 'rows']));
  });

  it('draws each field of the first goal and of the contact as its kind asks, each labelled by its title', async () => {
    // One entry in every list, the optional ones too, so that each list's own field is on the screen.
    const { wrapper } = await mountForm({ saved: { goals: [{ goalCode: '2022-01', partnerUnits: ['天津市胸痛中心联盟'] }] } });
    for (const { path, schema: field } of fields) {
      const at = wrapper.find(`#${fieldId(path)}`);
      expect([path, at.exists()]).toEqual([path, true]);
      const kind = kindOf(field);
      const tag = at.element.tagName;
      const type = at.attributes('type');
      const drawn =
        kind === 'longText'
          ? tag === 'TEXTAREA'
          : kind === 'date'
            ? tag === 'INPUT' && at.element.closest('.el-date-editor') !== null // the Element Plus picker, not the browser's own date input
            : kind === 'email'
              ? tag === 'INPUT' && type === 'email'
              : kind === 'text'
                ? tag === 'INPUT' && type === 'text'
                : tag === 'FIELDSET' && at.find('legend').text().startsWith(field.title!);
      expect([path, kind, drawn]).toEqual([path, kind, true]);
      if (tag !== 'FIELDSET') {
        const label = wrapper.find(`label[for="${at.attributes('id')}"]`);
        expect([path, label.exists() && label.text().includes(field.title!)]).toEqual([path, true]);
      }
    }
    // The goal code is the section's heading, not a field to type.
    expect(wrapper.find(`#${fieldId('goals[0].goalCode')}`).exists()).toBe(false);
  });

  it('writes what is typed into each text, long text, date and email field of the table', async () => {
    const { model, wrapper } = await mountForm();
    const typed: [string, string][] = [
      ['goals[0].leadCenter', '天津市心血管内科医疗质量控制中心（牵头）'],
      ['goals[0].baseline.dataSource', '国家医疗质量管理与控制信息网（NCIS）'],
      ['goals[0].baseline.asOf', '2021-12-31'],
      ['goals[0].target.value', '≥ 70%'],
      ['goals[0].coreStrategies[0]', '建立区域协同救治网络'],
      ['goals[0].measures[0].measure', '每季度开展一次全市质控培训'],
      ['goals[0].measures[0].milestone', '2022-06-30'],
      ['goals[0].indicators[0].name', '再灌注治疗率'],
      ['goals[0].indicators[0].definition', '接受再灌注治疗的患者数 / 同期患者总数'],
      ['goals[0].indicators[0].frequency', '每月'],
      ['contact.phone', '022-23456789'],
      ['contact.email', 'contact@qc.tianjin.example'],
    ];
    for (const [path, value] of typed) await wrapper.find(`#${fieldId(path)}`).setValue(value);
    const doc = toDocument(model as JsonObject, schema) as { goals: JsonObject[]; contact: JsonObject };
    expect(doc.goals[0]).toMatchObject({
      leadCenter: '天津市心血管内科医疗质量控制中心（牵头）',
      baseline: { dataSource: '国家医疗质量管理与控制信息网（NCIS）', asOf: '2021-12-31' },
      target: { value: '≥ 70%' },
      coreStrategies: ['建立区域协同救治网络'],
      measures: [{ measure: '每季度开展一次全市质控培训', milestone: '2022-06-30' }],
      indicators: [{ name: '再灌注治疗率', definition: '接受再灌注治疗的患者数 / 同期患者总数', frequency: '每月' }],
    });
    expect(doc.contact).toEqual({ phone: '022-23456789', email: 'contact@qc.tianjin.example' });
  });

  it('marks the required fields and lists of the template with a star, and leaves the optional ones unmarked', async () => {
    const { wrapper } = await mountForm();
    const starred = (path: string) => {
      const item = itemOf(wrapper, path);
      return item ? item.classes().includes('is-required') : wrapper.find(`#${fieldId(path)} > legend .required`).exists();
    };
    expect(['goals[0].baseline.value', 'goals[0].target.date', 'goals[0].measures[0].responsible', 'contact.phone'].map(starred)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['goals[0].coreStrategies', 'goals[0].measures', 'goals[0].indicators'].map(starred)).toEqual([true, true, true]);
    expect(['goals[0].baseline.asOf', 'goals[0].indicators[0].definition', 'contact.email', 'goals[0].partnerUnits'].map(starred)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('shows a submitted date as a person reads it, and a blank one as not filled', async () => {
    const saved = { goals: [{ goalCode: '2022-01', target: { value: '≥ 70%', date: '2022-12-31' } }] };
    const { wrapper } = await mountForm({ disabled: true, saved });
    expect(wrapper.find(`#${fieldId('goals[0].target.date')}`).text()).toBe('2022年12月31日');
    expect(wrapper.find(`#${fieldId('goals[0].baseline.asOf')}`).text()).toBe('未填写');
  });

  it('stops offering another row once a list holds as many as the template allows', async () => {
    const saved = { goals: [{ goalCode: '2022-01', partnerUnits: Array.from({ length: 20 }, (_, i) => `协作单位${i + 1}`) }] };
    const { wrapper } = await mountForm({ saved });
    const buttons = (path: string) => wrapper.findAll(`#${fieldId(path)} button`).map((b) => b.text());
    expect(buttons('goals[0].partnerUnits')).not.toContain('＋ 添加协作单位');
    expect(buttons('goals[1].partnerUnits')).toContain('＋ 添加协作单位');
    expect(buttons('goals[0].measures')).toContain('＋ 添加一行具体措施');
  });
});

describe('the controls a template published for another campaign may ask for', () => {
  // Staff may publish another template for a campaign: numbers and fixed choices are drawn too.
  const other: FieldSchema = {
    type: 'object',
    properties: {
      contact: {
        title: '联系方式',
        type: 'object',
        properties: {
          beds: { title: '床位数', type: 'integer' },
          level: { title: '医院等级', type: 'string', enum: ['三级甲等', '三级乙等', '二级'] },
          note: { title: '附注', type: 'object', properties: { text: { title: '说明', type: 'string' } } },
          unknown: { title: '未知', type: 'null' },
        },
      },
    },
  };

  it('gives a number a number field and a fixed choice a select, and binds both to the table', async () => {
    expect(kindOf(other.properties!.contact.properties!.beds)).toBe('number');
    expect(kindOf(other.properties!.contact.properties!.level)).toBe('choice');
    const model = reactive(fillFrom({}, other) as JsonObject);
    const wrapper = mount(StrategyTableForm, { props: { schema: other, model, goals: [], errors: {} } });
    await flushPromises();
    await wrapper.find(`#${fieldId('contact.beds')}`).setValue('1200');
    expect((model.contact as JsonObject).beds).toBe(1200);
    (model.contact as JsonObject).level = '三级甲等';
    await nextTick();
    expect(wrapper.find('.el-select').text()).toContain('三级甲等');
    // Nothing is sent for the field it cannot draw: the server's template decides whether it was needed.
    expect(toDocument(model, other)).toEqual({ contact: { beds: 1200, level: '三级甲等', note: {} } });
    // A type the generator cannot draw is named, not silently dropped.
    expect(wrapper.text()).toContain('模板中的“未知”暂不能在此填写。');
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
