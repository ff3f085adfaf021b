import { Label } from '../common/labels.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The text fields of a replacement: a new title for the line, if any. */
export class ReplaceAttachmentRequestDto {
  /** Documented for the OpenAPI body; the file itself arrives beside the fields (multer), never in them. */
  @ApiProperty({ type: 'string', format: 'binary', description: '文件：PDF、OFD、DOCX、XLSX、PNG 或 JPEG，按内容识别；默认不超过 20 MB' })
  @IsOptional()
  @Label('文件')
  file?: unknown;

  @ApiPropertyOptional({ description: '附件标题；不填则沿用附件说明中的标题，再不然用文件名', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;
}

/** The text fields of an upload: the title and the line (附件N) it goes to. */
export class UploadAttachmentRequestDto extends ReplaceAttachmentRequestDto {
  @ApiPropertyOptional({ type: 'integer', description: '附件序号（附件N）；不填则取下一个空号。附件2 由系统根据分工生成，不能上传', minimum: 1, maximum: 99 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(99)
  @Label('附件序号')
  number?: number;
}
