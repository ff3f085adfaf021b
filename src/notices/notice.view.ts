import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_EVENT_TYPES, NOTICE_STATES, type NoticeEventType, type NoticeState } from '../../workflows/notice.machine.js';
import type { LatePolicy } from '../../workflows/assignment.machine.js';
import type { LadderRung } from '../deadlines/reminder-ladder.js';
import { OrganisationRefResponse } from '../identity/directory.view.js';
import { AttachmentDto, DivisionEntryDto, LADDER_RUNG_SCHEMA, LATE_POLICIES } from './notice.request.dto.js';

/** A notice (公文) as a client sees it, with the events this caller may send now. */
export class NoticeResponse {
  @ApiProperty({ description: '公文编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '标题', example: '关于印发2022年天津市医疗质量安全改进目标实施（改进）策略的通知' })
  title!: string;

  @ApiProperty({ description: '发文字号，印发时编号；此前为 null', type: 'string', nullable: true, example: '津卫医政〔2022〕1号' })
  docNumber!: string | null;

  @ApiProperty({ description: '发文机关', type: () => OrganisationRefResponse })
  issuer!: OrganisationRefResponse;

  @ApiProperty({ description: '主送机关', type: [String], example: ['各市级医疗质量控制中心'] })
  recipients!: string[];

  @ApiProperty({ description: '正文', example: '各市级医疗质量控制中心：……' })
  body!: string;

  @ApiProperty({ description: '附件', type: () => [AttachmentDto] })
  attachments!: AttachmentDto[];

  @ApiProperty({ description: '截止时间（公文所定，各任务另有各自的有效截止时间）', format: 'date-time', example: '2022-04-29T09:00:00+08:00' })
  deadline!: string;

  @ApiProperty({ description: '截止时间的中文写法', example: '2022年4月29日（星期五）9:00前' })
  deadlineText!: string;

  @ApiProperty({ description: '时区（IANA）', example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ description: '接收报送材料的政务邮箱', format: 'email', example: 'yizhengchu@wsjkw.tianjin.example' })
  mailbox!: string;

  @ApiProperty({ description: '目标年度', type: 'integer', example: 2022 })
  campaignYear!: number;

  @ApiProperty({ description: '策略表模板名', example: '2022' })
  tableTemplate!: string;

  @ApiProperty({ description: '分工（附件2）', type: () => [DivisionEntryDto] })
  division!: DivisionEntryDto[];

  @ApiProperty({ description: '逾期提交：reject 拒收，accept-late 接收并标记逾期', enum: LATE_POLICIES, enumName: 'LatePolicy' })
  latePolicy!: LatePolicy;

  @ApiProperty({ description: '催办设置（未设置时为默认：截止前3个、1个工作日9:00，截止前2小时）', type: 'array', items: LADDER_RUNG_SCHEMA })
  reminderLadder!: LadderRung[];

  @ApiProperty({ description: '退回后重新提交的工作日数', type: 'integer', example: 3 })
  resubmissionWorkingDays!: number;

  @ApiProperty({
    description: '工作日日历的提示：截止、催办或退回重报时限所在年份尚无国务院节假日安排时，按周一至周五计算，请工作人员留意',
    type: [String],
    example: ['日历数据中没有2027年的国务院办公厅节假日安排，2027年按周一至周五计算工作日，法定节假日与调休未计入。'],
  })
  calendarWarnings!: string[];

  @ApiProperty({ description: '状态', enum: NOTICE_STATES, enumName: 'NoticeState', example: 'draft' })
  state!: NoticeState;

  @ApiProperty({ description: '状态的中文名', example: '草稿' })
  stateLabel!: string;

  @ApiProperty({
    description: '调用者现在可以发送的事件',
    enum: NOTICE_EVENT_TYPES,
    enumName: 'NoticeEventType',
    isArray: true,
    example: ['SUBMIT_FOR_CHECK', 'REVOKE'],
  })
  nextEvents!: NoticeEventType[];

  @ApiProperty({ description: '版本号：修改时带上，过期的版本答 409 VERSION_CONFLICT', type: 'integer', example: 1 })
  version!: number;

  @ApiProperty({ description: '创建时刻', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: '最后修改时刻', format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: '签发时刻（公文的成文日期）', type: 'string', format: 'date-time', nullable: true })
  signedAt!: string | null;

  @ApiProperty({ description: '印发时刻', type: 'string', format: 'date-time', nullable: true })
  issuedAt!: string | null;

  @ApiProperty({ description: '办结时刻', type: 'string', format: 'date-time', nullable: true })
  closedAt!: string | null;
}
