import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Label } from '../common/labels.js';

export class YearQueryDto {
  @ApiPropertyOptional({ description: '年度（默认 2022）', type: 'integer', minimum: 2000, maximum: 2100, default: 2022, example: 2022 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  @Label('年度')
  year?: number;
}
