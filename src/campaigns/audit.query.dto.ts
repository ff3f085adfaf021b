import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/paging.js';
import { Label } from '../common/labels.js';

export class AuditQueryDto extends PageQueryDto {
  /** `notice`, `assignment`, `user`, `organisation`, `calendar`, or `<entity>:<id>`. */
  @ApiProperty({
    description: '对象：notice、assignment、user、organisation 或 calendar（年份）（编号另给 entityId），或 <对象>:<编号>',
    pattern: '^(notice|assignment|user|organisation|calendar)(:[A-Za-z0-9-]{1,36})?$',
    example: 'notice',
  })
  @IsString()
  @Matches(/^(notice|assignment|user|organisation|calendar)(:[A-Za-z0-9-]{1,36})?$/, {
    message: '对象必须是 notice、assignment、user、organisation、calendar，可带 :<编号>',
  })
  @Label('对象')
  entity!: string;

  @ApiPropertyOptional({ description: '对象编号（entity 未带编号时必填）', format: 'uuid', maxLength: 36 })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('对象编号')
  entityId?: string;
}
