import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AuditQueryDto {
  /** `notice`, `assignment`, or `notice:<id>` / `assignment:<id>`. */
  @ApiProperty({
    description: '对象：notice 或 assignment（编号另给 entityId），或 notice:<编号> / assignment:<编号>',
    pattern: '^(notice|assignment)(:[A-Za-z0-9-]{1,36})?$',
    example: 'notice',
  })
  @IsString()
  @Matches(/^(notice|assignment)(:[A-Za-z0-9-]{1,36})?$/, { message: 'entity must be notice, assignment, notice:<id> or assignment:<id>' })
  entity!: string;

  @ApiPropertyOptional({ description: '对象编号（entity 未带编号时必填）', format: 'uuid', maxLength: 36 })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  entityId?: string;
}
