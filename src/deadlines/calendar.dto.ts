import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import { Label } from '../common/labels.js';

const DAYS_EXAMPLE = { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' };

/** A year's holiday schedule as the State Council's notice gives it; dates are checked by the service. */
export class CalendarYearRequestDto {
  @ApiProperty({ description: '依据：国务院办公厅通知的名称和文号', example: '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）' })
  @IsString()
  @MaxLength(500)
  @Label('依据')
  source!: string;

  @ApiProperty({
    description: '放假日（含假期中的周末）：日期 YYYY-MM-DD → 节日名称',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: DAYS_EXAMPLE,
  })
  @IsObject()
  @Label('放假日')
  daysOff!: Record<string, string>;

  @ApiProperty({
    description: '调休上班的周末：日期 YYYY-MM-DD → 所调休的节日',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { '2027-02-07': '春节' },
  })
  @IsObject()
  @Label('调休上班日')
  makeUpWorkdays!: Record<string, string>;
}

export class CalendarEnteredYearView {
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ description: '依据' }) source!: string;
  @ApiProperty({ description: '录入时刻（UTC）', format: 'date-time' }) enteredAt!: string;
}

export class CalendarView {
  @ApiProperty({ description: '有国务院节假日安排的年份；其余年份按周一至周五计算工作日', type: [Number], example: [2024, 2025, 2026] })
  coveredYears!: number[];
  @ApiProperty({ description: '数据来源' }) source!: string;
  @ApiProperty({ description: '系统管理员录入的年份', type: [CalendarEnteredYearView] }) entered!: CalendarEnteredYearView[];
}
