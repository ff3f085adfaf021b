import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NOTICE_STATES, type NoticeState } from '../../workflows/notice.machine.js';
import { Label } from '../common/labels.js';
import { PageQueryDto } from '../common/paging.js';

/** `GET /api/notices`: one page of the notices this user may read, searched by 文号, title, year and state. */
export class NoticeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '文号中包含的文字，如 “〔2022〕”', example: '津卫医政〔2022〕', maxLength: 64 })
  @Label('文号')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  docNumber?: string;

  @ApiPropertyOptional({ description: '标题中包含的文字', example: '改进目标', maxLength: 200 })
  @Label('标题关键词')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: '年度（公文所属的目标年度）', example: 2022, minimum: 2000, maximum: 2100 })
  @Label('年度')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: '公文状态', enum: NOTICE_STATES })
  @Label('状态')
  @IsOptional()
  @IsIn(NOTICE_STATES)
  state?: NoticeState;
}
