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

export class AttachmentDto {
  @IsInt()
  @Min(1)
  @Max(99)
  no!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  /** Read-only: the notice answers it; a client may send the list back as read, and the value sent is ignored. */
  @ApiPropertyOptional({ description: '已上传文件的编号（只读，提交时忽略；文件通过 /api/notices/{id}/attachments 管理）', readOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  attachmentId?: string;
}

export class CreateNoticeRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  recipients!: string[];

  @IsString()
  @MaxLength(100_000)
  body!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @IsString()
  @IsInstant()
  deadline!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @IsEmail()
  @MaxLength(200)
  mailbox!: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  campaignYear!: number;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/)
  tableTemplate?: string;

  @IsOptional()
  @IsIn(['reject', 'accept-late'])
  latePolicy?: 'reject' | 'accept-late';

  /** The 催办 ladder, e.g. [{"kind":"workingDaysBefore","days":3,"at":"09:00"},{"kind":"hoursBefore","hours":2}]. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  reminderLadder?: Record<string, unknown>[];

  /** Working days a returned center gets to resubmit (default 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  resubmissionWorkingDays?: number;
}

/** Every field of a draft may be changed; `version` guards against editing a stale copy. */
export class UpdateNoticeRequestDto extends PartialType(CreateNoticeRequestDto) {
  /** The version the editor read; a stale one answers VERSION_CONFLICT. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DivisionEntryDto {
  @IsString()
  @MinLength(1)
  @MaxLength(36)
  organisationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^\d{4}-\d{2}$/, { each: true })
  goalCodes!: string[];

  @IsIn(['lead', 'partner'])
  role!: 'lead' | 'partner';
}

export class NoticeEventRequestDto {
  @IsIn(NOTICE_EVENT_TYPES)
  type!: NoticeEventType;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
