import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Label } from '../common/labels.js';

/** `PUT /api/assignments/:id/draft.xlsx`: the filled 附件3 in the multipart field `file`, and the version the center read. */
export class UploadDraftRequestDto {
  /** Documented for the OpenAPI body; the file itself arrives beside the fields (multer), never in them. */
  @ApiProperty({ type: 'string', format: 'binary', description: '填好的附件3（.xlsx，在系统中下载的模板），按内容识别；默认不超过 20 MB' })
  @IsOptional()
  @Label('文件')
  file?: unknown;

  @ApiPropertyOptional({ description: '编辑前读到的任务版本号；任务已被他人更新时答 409 VERSION_CONFLICT', type: 'integer', minimum: 1, example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Label('任务版本号')
  version?: number;
}
