import { describe, expect, it } from 'vitest';
import { chineseNumber, outlineOf } from './body-outline';
import { fromPickerValue, toPickerValue } from '@/time/beijing-time';
import { cellsOf, entriesOf } from './division';

describe('the deadline picker works on the Beijing wall clock, whatever the browser zone', () => {
  it('reads 2022-04-29T09:00:00+08:00 as 2022-04-29 09:00 and sends it back with +08:00', () => {
    expect(toPickerValue('2022-04-29T01:00:00Z', 'Asia/Shanghai')).toBe('2022-04-29 09:00');
    expect(fromPickerValue('2022-04-29 09:00', 'Asia/Shanghai')).toBe('2022-04-29T09:00:00+08:00');
    expect(fromPickerValue('', 'Asia/Shanghai')).toBeNull();
  });
});

describe('the 层次 outline of a body', () => {
  it('reads 一、（一）1.（1） as four levels and says where numbering skips', () => {
    const outline = outlineOf('前言\n一、总体要求\n（一）目标\n1. 基线\n（1）来源\n三、保障');
    expect(outline.map((o) => [o.level, o.mark])).toEqual([
      [1, '一、'],
      [2, '（一）'],
      [3, '1.'],
      [4, '（1）'],
      [1, '三、'],
    ]);
    expect(outline[4].warning).toBe('序号不连续（上一项为第1项）');
    expect(chineseNumber('十二')).toBe(12);
  });
});

describe('the 分工 grid and the API entries', () => {
  it('turns one lead and one partner into one entry per unit and role, and back', () => {
    const entries = [
      { organisationId: 'cardio', goalCodes: ['2022-01'], role: 'lead' as const },
      { organisationId: 'emergency', goalCodes: ['2022-01', '2022-02'], role: 'partner' as const },
    ];
    expect(entriesOf(cellsOf(entries), ['2022-01', '2022-02'], ['cardio', 'emergency'])).toEqual(entries);
  });
});
