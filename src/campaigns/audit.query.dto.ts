import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AuditQueryDto {
  /** `notice`, `assignment`, `user`, `organisation`, or `<entity>:<id>`. */
  @IsString()
  @Matches(/^(notice|assignment|user|organisation)(:[A-Za-z0-9-]{1,36})?$/, {
    message: 'entity must be notice, assignment, user or organisation, optionally followed by :<id>',
  })
  entity!: string;

  @IsOptional()
  @IsString()
  @MaxLength(36)
  entityId?: string;
}
