import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One national improvement goal of a year's catalogue. */
export class GoalResponse {
  @ApiProperty({ description: '目标编码：年度-序号', pattern: '^\\d{4}-\\d{2}$', example: '2022-01' })
  code!: string;

  @ApiProperty({ description: '序号', type: 'integer', example: 1 })
  seq!: number;

  @ApiProperty({ description: '目标名称', example: '提高急性ST段抬高型心肌梗死再灌注治疗率' })
  title!: string;

  @ApiProperty({ description: '英文名称', example: 'Raise the reperfusion therapy rate for acute STEMI' })
  titleEn!: string;

  @ApiProperty({ description: '延续自上一年度的目标编码', type: 'string', nullable: true, example: '2021-01' })
  carriedFrom!: string | null;

  @ApiProperty({ description: '是否本年度新增目标', example: false })
  isNew!: boolean;

  @ApiPropertyOptional({ description: '下一年度延续为的目标编码', example: '2023-01' })
  continuedAs?: string;
}

/** A year's goal catalogue (国家医疗质量安全改进目标). */
export class GoalCatalogueResponse {
  @ApiProperty({ description: '年度', type: 'integer', example: 2022 })
  year!: number;

  @ApiProperty({ description: '目录名称', example: '2022年国家医疗质量安全改进目标' })
  title!: string;

  @ApiProperty({ description: '来源文件', example: '国卫办医函〔2022〕58号' })
  source!: string;

  @ApiProperty({ type: () => [GoalResponse] })
  goals!: GoalResponse[];
}
