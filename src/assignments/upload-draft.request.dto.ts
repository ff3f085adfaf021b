import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** The text fields of `PUT /api/assignments/:id/draft.xlsx` beside the file itself (field `file`). */
export class UploadDraftRequestDto {
  @ApiPropertyOptional({ description: '编辑前读到的任务版本号；已被他人更新时答 409 VERSION_CONFLICT', type: 'integer', minimum: 1, example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}
