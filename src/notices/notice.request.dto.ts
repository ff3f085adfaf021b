import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '../common/instants.js';
import { NOTICE_EVENT_TYPES, type NoticeEventType } from '../../workflows/notice.machine.js';
import { Label } from '../common/labels.js';

export class AttachmentDto {
  @IsInt()
  @Min(1)
  @Max(99)
  @Label('附件序号')
  no!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Label('附件标题')
  title!: string;

  /** Read-only: the notice answers it; a client may send the list back as read, and the value sent is ignored. */
  @ApiPropertyOptional({ description: '已上传文件的编号（只读，提交时忽略；文件通过 /api/notices/{id}/attachments 管理）', readOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('附件编号')
  attachmentId?: string;
}

export class CreateNoticeRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Label('标题')
  title!: string;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @Label('主送单位')
  recipients!: string[];

  @IsString()
  @MaxLength(100_000)
  @Label('正文')
  body!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  @Label('附件')
  attachments?: AttachmentDto[];

  @IsString()
  @IsInstant()
  @Label('截止时间')
  deadline!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Label('时区')
  timeZone?: string;

  @IsEmail()
  @MaxLength(200)
  @Label('指定政务邮箱')
  mailbox!: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  @Label('目标年度')
  campaignYear!: number;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/)
  @Label('策略表模板')
  tableTemplate?: string;

  @IsOptional()
  @IsIn(['reject', 'accept-late'])
  @Label('逾期处理方式')
  latePolicy?: 'reject' | 'accept-late';

  /** The 催办 ladder, e.g. [{"kind":"workingDaysBefore","days":3,"at":"09:00"},{"kind":"hoursBefore","hours":2}]. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @Label('催办设置')
  reminderLadder?: Record<string, unknown>[];

  /** Working days a returned center gets to resubmit (default 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  @Label('退回后重新报送的工作日数')
  resubmissionWorkingDays?: number;
}

/** Every field of a draft may be changed; `version` guards against editing a stale copy. */
export class UpdateNoticeRequestDto extends PartialType(CreateNoticeRequestDto) {
  /** The version the editor read; a stale one answers VERSION_CONFLICT. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Label('版本号')
  version?: number;
}

export class DivisionEntryDto {
  @IsString()
  @MinLength(1)
  @MaxLength(36)
  @Label('单位')
  organisationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^\d{4}-\d{2}$/, { each: true })
  @Label('目标编号')
  goalCodes!: string[];

  @IsIn(['lead', 'partner'])
  @Label('分工角色')
  role!: 'lead' | 'partner';
}

export class NoticeEventRequestDto {
  @IsIn(NOTICE_EVENT_TYPES)
  @Label('操作')
  type!: NoticeEventType;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Label('意见')
  comment?: string;
}
