import { describe, expect, it } from '@jest/globals';
import type ExcelJS from 'exceljs';
import { CatalogueService } from '../../src/catalogue/catalogue.service.js';
import { DomainError } from '../../src/common/errors.js';
import { StrategyWorkbooks, type NoticeSheetSource } from '../../src/spreadsheets/strategy-workbooks.service.js';
import { goalColumns, loadXlsx } from '../support/strategy-sheet.js';

/**
 * A template staff might publish for another campaign: a list of choices, a
 * whole number, a yes/no and a date. The workbook is made from the schema
 * alone, so each gets its Excel check and reads back as its JSON type.
 */
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '2023年度改进策略表（试行）',
  type: 'object',
  additionalProperties: false,
  required: ['goals'],
  'x-columns': [
    { key: 'goalCode', title: '目标' },
    { key: 'hospitals', title: '参与医院数' },
  ],
  properties: {
    goals: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['goalCode'],
        properties: {
          goalCode: { title: '目标', type: 'string', pattern: '^\\d{4}-\\d{2}$' },
          hospitals: { title: '参与医院数', type: 'integer', minimum: 1, maximum: 500 },
          pilot: { title: '是否试点', type: 'boolean' },
          checks: {
            title: '督导检查',
            type: 'array',
            maxItems: 12,
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                frequency: { title: '检查频率', type: 'string', enum: ['每月', '每季度', '每年'] },
                date: { title: '首次检查日期', type: 'string', format: 'date' },
              },
            },
          },
        },
      },
    },
    contact: {
      title: '联系方式',
      type: 'object',
      properties: { name: { title: '联系人', type: 'string', maxLength: 20 } },
    },
  },
};

const notice: NoticeSheetSource = {
  id: 'notice-2023',
  docNumber: '津卫医政〔2023〕7号',
  title: '关于做好2023年医疗质量安全改进工作的通知',
  campaignYear: 2022,
  tableTemplate: '2023-trial',
  tableSchema: schema,
  division: [{ goalCodes: ['2022-02', '2022-01'] }],
};

const workbooks = new StrategyWorkbooks(new CatalogueService());

async function filled(fill: (sheet: ExcelJS.Worksheet, row: number, column: (label: string) => number) => void): Promise<Buffer> {
  const workbook = await loadXlsx(await workbooks.blankForNotice(notice));
  const sheet = workbook.getWorksheet('目标2022-01')!;
  const { headerRow, columns } = goalColumns(sheet, '检查频率');
  fill(sheet, headerRow + 1, (label) => columns.get(label)!);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(bytes: Buffer): Promise<DomainError> {
  try {
    await workbooks.readUpload(bytes, notice, 'assignment-1');
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the upload was accepted');
}

describe('附件3 made from another template', () => {
  it('gives each column the Excel check its schema asks for: a drop-down list for choices and yes/no, whole numbers, dates', async () => {
    const workbook = await loadXlsx(await workbooks.blankForNotice(notice));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['填报说明', '目标2022-01', '目标2022-02', '_gongwen']);
    const sheet = workbook.getWorksheet('目标2022-01')!;
    const { headerRow, columns } = goalColumns(sheet, '检查频率');
    expect([...columns.keys()]).toEqual(['目标', '参与医院数', '是否试点', '检查频率', '首次检查日期']);
    const cell = (label: string) => sheet.getCell(headerRow + 1, columns.get(label)!);
    expect(cell('检查频率').dataValidation).toMatchObject({ type: 'list', formulae: ['"每月,每季度,每年"'] });
    expect(cell('是否试点').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect(cell('参与医院数').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 500] });
    expect(cell('首次检查日期').dataValidation).toMatchObject({ type: 'date' });
    // The list of checks goes on below (12 rows, its maxItems); the single values do not.
    expect(sheet.getCell(headerRow + 12, columns.get('检查频率')!).protection?.locked).toBe(false);
    expect(sheet.getCell(headerRow + 2, columns.get('参与医院数')!).protection?.locked).not.toBe(false);
  });

  it('reads each cell back as its JSON type', async () => {
    const bytes = await filled((sheet, row, column) => {
      sheet.getCell(row, column('参与医院数')).value = 12;
      sheet.getCell(row, column('是否试点')).value = '是';
      sheet.getCell(row, column('检查频率')).value = '每季度';
      sheet.getCell(row, column('首次检查日期')).value = '2023年3月1日';
      sheet.getCell(row + 1, column('检查频率')).value = '每年';
    });
    expect(await workbooks.readUpload(bytes, notice, 'assignment-1')).toEqual({
      goals: [
        {
          goalCode: '2022-01',
          hospitals: 12,
          pilot: true,
          checks: [{ frequency: '每季度', date: '2023-03-01' }, { frequency: '每年' }],
        },
      ],
    });
  });

  it('names each wrong cell: a fraction for a whole number, a choice not on the list, a number out of range', async () => {
    const fraction = await refusal(
      await filled((sheet, row, column) => {
        sheet.getCell(row, column('参与医院数')).value = '12.5';
        sheet.getCell(row, column('检查频率')).value = '每周';
        sheet.getCell(row, column('首次检查日期')).value = '2023-02-30';
      }),
    );
    expect(fraction.code).toBe('VALIDATION_FAILED');
    expect(fraction.extra.errors).toEqual([
      { field: 'table.goals[0].hospitals', message: '工作表“目标2022-01”第8行 B列（参与医院数）：应为整数', cell: '目标2022-01!B8' },
      { field: 'table.goals[0].checks[0].date', message: '工作表“目标2022-01”第8行 E列（首次检查日期）：2023-02-30 不是有效的日期', cell: '目标2022-01!E8' },
      {
        field: 'table.goals[0].checks[0].frequency',
        message: '工作表“目标2022-01”第8行 D列（检查频率）：必须是以下之一：每月、每季度、每年',
        cell: '目标2022-01!D8',
      },
    ]);
    const tooMany = await refusal(await filled((sheet, row, column) => void (sheet.getCell(row, column('参与医院数')).value = 501)));
    expect(tooMany.extra.errors).toEqual([
      { field: 'table.goals[0].hospitals', message: '工作表“目标2022-01”第8行 B列（参与医院数）：不能大于 500', cell: '目标2022-01!B8' },
    ]);
  });

  it('refuses a workbook made from an earlier revision of the template', async () => {
    const bytes = await workbooks.blankForNotice(notice);
    const revised = { ...notice, tableSchema: { ...schema, title: '2023年度改进策略表' } };
    await expect(workbooks.readUpload(bytes, revised, 'assignment-1')).rejects.toMatchObject({
      code: 'NOT_OUR_TEMPLATE',
      detail: '该附件3所用的策略表模板与本通知的模板不一致，请重新下载附件3后填写',
    });
  });
});
