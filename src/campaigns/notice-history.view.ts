import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_EVENT_TYPES, NOTICE_STATES, type NoticeEventType, type NoticeState } from '../../workflows/notice.machine.js';
import { PersonRefResponse } from '../assignments/assignment.view.js';

/** One step of a notice's own course (送核稿, 核稿, 签发, 退回 …) with the comment given, for the issuing commission. */
export class NoticeHistoryEntryResponse {
  @ApiProperty({ description: '时刻', format: 'date-time', example: '2022-04-18T10:15:00+08:00' })
  at!: string;

  @ApiProperty({ description: '事件', enum: NOTICE_EVENT_TYPES, enumName: 'NoticeEventType', example: 'RETURN' })
  event!: NoticeEventType;

  @ApiProperty({ description: '事件的中文名（退回分核稿退回与签发退回）', example: '核稿退回' })
  label!: string;

  @ApiProperty({ description: '之前的状态', enum: NOTICE_STATES, enumName: 'NoticeState', example: 'checking' })
  from!: NoticeState;

  @ApiProperty({ description: '之后的状态', enum: NOTICE_STATES, enumName: 'NoticeState', example: 'draft' })
  to!: NoticeState;

  @ApiProperty({ description: '操作者', type: () => PersonRefResponse, nullable: true })
  actor!: PersonRefResponse | null;

  @ApiProperty({ description: '意见（退回时必有）', type: 'string', nullable: true, example: '请在正文中写明报送截止时间' })
  comment!: string | null;
}
