import { ApiProperty, ApiPropertyOptional, PartialType, type SchemaObject } from '@nestjs/swagger';
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
import { IsOmittable } from '../common/omittable.js';
import { NOTICE_EVENT_TYPES, type NoticeEventType } from '../../workflows/notice.machine.js';
import { Label } from '../common/labels.js';
import type { LatePolicy } from '../../workflows/assignment.machine.js';
import { MAX_HOURS_BEFORE, MAX_WORKING_DAYS_BEFORE } from '../deadlines/reminder-ladder.js';

export const LATE_POLICIES = ['reject', 'accept-late'] as const satisfies readonly LatePolicy[];

/** One rung of the 催办 ladder: N working days before at a local time, or N hours before the deadline. */
export const LADDER_RUNG_SCHEMA: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      title: '截止前若干工作日的某一时刻',
      required: ['kind', 'days', 'at'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', enum: ['workingDaysBefore'] },
        days: { type: 'integer', minimum: 1, maximum: MAX_WORKING_DAYS_BEFORE, description: '截止前第几个工作日' },
        at: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: '当地时刻 HH:mm', example: '09:00' },
      },
    },
    {
      type: 'object',
      title: '截止前若干小时',
      required: ['kind', 'hours'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', enum: ['hoursBefore'] },
        hours: { type: 'integer', minimum: 1, maximum: MAX_HOURS_BEFORE, description: '截止前几小时' },
      },
    },
  ],
};

export class AttachmentDto {
  @ApiProperty({ description: '附件序号', type: 'integer', minimum: 1, maximum: 99, example: 1 })
  @IsInt()
  @Min(1)
  @Max(99)
  @Label('附件序号')
  no!: number;

  @IsString()
  @MinLength(1)
  @ApiProperty({ description: '附件标题', minLength: 1, maxLength: 300, example: '2022年国家医疗质量安全改进目标' })
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
  @ApiProperty({ description: '标题', minLength: 1, maxLength: 500, example: '关于印发2022年天津市医疗质量安全改进目标实施（改进）策略的通知' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Label('标题')
  title!: string;

  @ApiProperty({ description: '主送机关', type: [String], maxItems: 50, example: ['各市级医疗质量控制中心'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @Label('主送单位')
  recipients!: string[];

  @ApiProperty({ description: '正文', maxLength: 100_000, example: '各市级医疗质量控制中心：为贯彻落实……，现将有关事项通知如下。' })
  @IsString()
  @MaxLength(100_000)
  @Label('正文')
  body!: string;

  @ApiPropertyOptional({ description: '附件（序号与标题）', type: () => [AttachmentDto], maxItems: 30 })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  @Label('附件')
  attachments?: AttachmentDto[];

  @ApiProperty({ description: '截止时间，带时区偏移的 ISO 8601', format: 'date-time', example: '2022-04-29T09:00:00+08:00' })
  @IsString()
  @IsInstant()
  @Label('截止时间')
  deadline!: string;

  @ApiPropertyOptional({ description: '时区（IANA，默认 Asia/Shanghai）', maxLength: 64, default: 'Asia/Shanghai', example: 'Asia/Shanghai' })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  @Label('时区')
  timeZone?: string;

  @ApiProperty({ description: '接收报送材料的政务邮箱', format: 'email', maxLength: 200, example: 'yizhengchu@wsjkw.tianjin.example' })
  @IsEmail()
  @MaxLength(200)
  @Label('指定政务邮箱')
  mailbox!: string;

  @ApiProperty({ description: '目标年度（须有该年度的目标目录）', type: 'integer', minimum: 2000, maximum: 2100, example: 2022 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  @Label('目标年度')
  campaignYear!: number;

  @ApiPropertyOptional({ description: '策略表模板名（默认与年度同名）', pattern: '^[a-z0-9-]{1,32}$', example: '2022' })
  @IsOmittable()
  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/)
  @Label('策略表模板')
  tableTemplate?: string;

  @ApiPropertyOptional({
    description: '逾期提交：reject 拒收（默认），accept-late 接收并标记逾期',
    enum: LATE_POLICIES,
    enumName: 'LatePolicy',
    default: 'reject',
  })
  @IsOmittable()
  @IsIn(['reject', 'accept-late'])
  @Label('逾期处理方式')
  latePolicy?: 'reject' | 'accept-late';

  /** The 催办 ladder, e.g. [{"kind":"workingDaysBefore","days":3,"at":"09:00"},{"kind":"hoursBefore","hours":2}]. */
  @ApiPropertyOptional({
    description: '催办设置（默认：截止前3个、1个工作日9:00，截止前2小时）',
    type: 'array',
    maxItems: 10,
    items: LADDER_RUNG_SCHEMA,
    example: [
      { kind: 'workingDaysBefore', days: 3, at: '09:00' },
      { kind: 'hoursBefore', hours: 2 },
    ],
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @Label('催办设置')
  reminderLadder?: Record<string, unknown>[];

  /** Working days a returned center gets to resubmit (default 3). */
  @ApiPropertyOptional({ description: '退回后重新提交的工作日数（默认 3）', type: 'integer', minimum: 1, maximum: 30, default: 3 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(30)
  @Label('退回后重新报送的工作日数')
  resubmissionWorkingDays?: number;
}

/** Every field of a draft may be changed (none to null); `version` guards against editing a stale copy. */
export class UpdateNoticeRequestDto extends PartialType(CreateNoticeRequestDto, { skipNullProperties: false }) {
  /** The version the editor read; a stale one answers VERSION_CONFLICT. */
  @ApiPropertyOptional({ description: '编辑者读到的版本号；已被他人修改时答 409 VERSION_CONFLICT', type: 'integer', minimum: 1, example: 1 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Label('版本号')
  version?: number;
}

export class DivisionEntryDto {
  @ApiProperty({ description: '承担单位（质控中心）的机构编号', format: 'uuid' })
  @IsString()
  @MinLength(1)
  @MaxLength(36)
  @Label('单位')
  organisationId!: string;

  @ApiProperty({ description: '目标编码', type: [String], minItems: 1, maxItems: 50, example: ['2022-01', '2022-02'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^\d{4}-\d{2}$/, { each: true })
  @Label('目标编号')
  goalCodes!: string[];

  @ApiProperty({ description: 'lead 牵头，partner 协作', enum: ['lead', 'partner'], enumName: 'GoalRole', example: 'lead' })
  @IsIn(['lead', 'partner'])
  @Label('分工角色')
  role!: 'lead' | 'partner';
}

export class NoticeEventRequestDto {
  @ApiProperty({
    description: '事件：SUBMIT_FOR_CHECK 送核稿，APPROVE_CHECK 核稿通过，SIGN 签发，RETURN 退回，ISSUE 印发，CLOSE 办结，REVOKE 撤销',
    enum: NOTICE_EVENT_TYPES,
    enumName: 'NoticeEventType',
    example: 'SUBMIT_FOR_CHECK',
  })
  @IsIn(NOTICE_EVENT_TYPES)
  @Label('操作')
  type!: NoticeEventType;

  @ApiPropertyOptional({ description: '意见；退回（RETURN）时必填', maxLength: 2000, example: '请补充第三项目标的基线数据' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  @Label('意见')
  comment?: string;
}
