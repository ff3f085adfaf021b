import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AuditQueryDto {
  /** `notice`, `assignment`, or `notice:<id>` / `assignment:<id>`. */
  @IsString()
  @Matches(/^(notice|assignment)(:[A-Za-z0-9-]{1,36})?$/, { message: 'entity must be notice, assignment, notice:<id> or assignment:<id>' })
  entity!: string;

  @IsOptional()
  @IsString()
  @MaxLength(36)
  entityId?: string;
}
