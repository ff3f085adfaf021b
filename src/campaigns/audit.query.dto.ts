import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/paging.js';
import { Label } from '../common/labels.js';

export class AuditQueryDto extends PageQueryDto {
  /** `notice`, `assignment`, `user`, `organisation`, or `<entity>:<id>`. */
  @IsString()
  @Matches(/^(notice|assignment|user|organisation)(:[A-Za-z0-9-]{1,36})?$/, {
    message: '对象必须是 notice、assignment、user、organisation，可带 :<编号>',
  })
  @Label('对象')
  entity!: string;

  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('对象编号')
  entityId?: string;
}
