import { describe, expect, it } from 'vitest';
import template2022 from '../../../../templates/strategy-table/2022.schema.json';
import type { FieldSchema, JsonObject } from '@/forms/schema-model';
import { diffRows } from './version-diff';

// What the reviewer reads: the resubmitted table beside the returned one, field by field.
const schema = template2022 as unknown as FieldSchema;

function table(target: string, measures: number): JsonObject {
  return {
    goals: [
      {
        goalCode: '2022-01',
        leadCenter: '天津市心血管内科医疗质量控制中心',
        baseline: { value: '62.4%', dataSource: 'NCIS' },
        target: { value: target, date: '2022-12-31' },
        coreStrategies: ['建立区域协同救治网络', '开展质控培训与督导'],
        measures: Array.from({ length: measures }, (_, i) => ({ measure: `措施${i + 1}`, milestone: '2022-06-30', responsible: '张伟' })),
      },
    ],
    contact: { name: '王芳', phone: '022-23456789' },
  };
}

describe('the two versions side by side', () => {
  it('marks only the fields that changed, named by goal and column', () => {
    const rows = diffRows(schema, table('≥ 75%', 1), table('≥ 70%', 1), new Map([['2022-01', '提高急性ST段抬高型心肌梗死再灌注治疗率']]));
    const changed = rows.filter((r) => r.changed);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      path: 'goals[0].target.value',
      section: '目标 2022-01 提高急性ST段抬高型心肌梗死再灌注治疗率',
      current: '≥ 75%',
      previous: '≥ 70%',
    });
    expect(rows.find((r) => r.path === 'goals[0].coreStrategies')?.current).toBe('建立区域协同救治网络；开展质控培训与督导');
    expect(rows.some((r) => r.path.endsWith('goalCode'))).toBe(false);
  });

  it('shows a measure added since the version before as changed, against an empty cell', () => {
    const added = diffRows(schema, table('≥ 70%', 2), table('≥ 70%', 1)).filter((r) => r.changed);
    expect(added.map((r) => r.path)).toEqual(['goals[0].measures[1].measure', 'goals[0].measures[1].milestone', 'goals[0].measures[1].responsible']);
    expect(added[0]).toMatchObject({ label: '具体措施 第2项', current: '措施2', previous: '' });
  });

  it('marks nothing on a first version, which has no version before it', () => {
    const rows = diffRows(schema, table('≥ 70%', 1), null);
    expect(rows.every((r) => !r.changed && r.previous === null)).toBe(true);
    expect(rows.find((r) => r.path === 'contact.phone')).toMatchObject({ section: '联系方式', label: '联系电话', current: '022-23456789' });
  });
});
