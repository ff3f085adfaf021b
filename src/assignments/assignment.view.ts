import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ASSIGNMENT_EVENT_ROLES,
  ASSIGNMENT_EVENT_TYPES,
  ASSIGNMENT_STATES,
  type AssignmentEventType,
  type AssignmentState,
} from '../../workflows/assignment.machine.js';

/** Events a person may be offered in `nextEvents` (the engine's own excluded); SAVE_DRAFT is sent as PUT …/draft. */
export const USER_ASSIGNMENT_EVENTS = ASSIGNMENT_EVENT_TYPES.filter((t) => !ASSIGNMENT_EVENT_ROLES[t].includes('system'));

const STATE = { enum: ASSIGNMENT_STATES, enumName: 'AssignmentState' } as const;
const GOAL_ROLE = { enum: ['lead', 'partner'], enumName: 'GoalRole' } as const;
const TABLE_DESCRIPTION =
  '策略表（附件3）：一个 JSON 文档 {goals: [{goalCode, …各列}], contact: {…}}，按公文的策略表模板校验（见 GET /api/templates/strategy-table）';

/** A goal as given to a center in the division of labour. */
export class AssignedGoalResponse {
  @ApiProperty({ description: '目标编码', example: '2022-01' })
  code!: string;

  @ApiProperty({ description: 'lead 牵头，partner 协作', ...GOAL_ROLE, example: 'lead' })
  role!: 'lead' | 'partner';
}

export class AssignmentGoalResponse extends AssignedGoalResponse {
  @ApiProperty({ description: '目标名称', example: '提高急性ST段抬高型心肌梗死再灌注治疗率' })
  title!: string;
}

export class AssignmentNoticeResponse {
  @ApiProperty({ description: '公文编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '公文标题' })
  title!: string;

  @ApiProperty({ description: '发文字号', type: 'string', nullable: true, example: '津卫医政〔2022〕1号' })
  docNumber!: string | null;
}

/** The center the assignment is given to. The answer to SUBMIT carries the id only. */
export class AssignmentOrganisationResponse {
  @ApiProperty({ description: '机构编号', format: 'uuid' })
  id!: string;

  @ApiPropertyOptional({ description: '机构简码（提交 SUBMIT 的回答中省略）', example: 'qc-cardio' })
  code?: string;

  @ApiPropertyOptional({ description: '机构名称（提交 SUBMIT 的回答中省略）', example: '天津市心血管内科医疗质量控制中心' })
  name?: string;
}

/** A submitted, frozen version of the table, with its receipt. */
export class SubmittedVersionResponse {
  @ApiProperty({ description: '版本号，从 1 起', type: 'integer', example: 1 })
  version!: number;

  @ApiProperty({ description: '提交时刻', format: 'date-time', example: '2022-04-28T16:30:00+08:00' })
  submittedAt!: string;

  @ApiProperty({ description: '是否逾期提交：仅首次提交可能逾期（晚于通知截止时间）；退回后重新提交的版本不计逾期', example: false })
  late!: boolean;

  @ApiProperty({ description: '所提交策略表（规范化 JSON）的 SHA-256', pattern: '^[0-9a-f]{64}$' })
  sha256!: string;

  @ApiProperty({ description: '回执编号', example: '津卫医政回〔2022〕0001号' })
  receiptNo!: string;
}

export class SubmittedVersionWithTableResponse extends SubmittedVersionResponse {
  @ApiProperty({ description: TABLE_DESCRIPTION, type: 'object', additionalProperties: true })
  table!: Record<string, unknown>;
}

/** Someone named in an assignment's history (a reviewer, staff). */
export class PersonRefResponse {
  @ApiProperty({ description: '用户编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '用户名（账号已删除时为 null）', type: String, nullable: true, example: 'reviewer' })
  username!: string | null;

  @ApiProperty({ description: '显示名', example: '审核专家' })
  displayName!: string;
}

export class ReviewDecisionResponse {
  @ApiProperty({ description: '所审核的版本', type: 'integer', nullable: true, example: 1 })
  version!: number | null;

  @ApiProperty({ description: 'approved 通过，returned 退回', enum: ['approved', 'returned'], example: 'returned' })
  decision!: 'approved' | 'returned';

  @ApiProperty({ description: '退回理由或通过意见', type: 'string', nullable: true, example: '请补充基线数据来源' })
  reason!: string | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  reviewer!: PersonRefResponse | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class FeedbackResponse {
  @ApiProperty({ description: '针对的版本', type: 'integer', nullable: true, example: 1 })
  version!: number | null;

  @ApiProperty({ description: '委机关的反馈意见', type: 'string', nullable: true })
  feedback!: string | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  by!: PersonRefResponse | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class ExtensionResponse {
  @ApiProperty({ description: '延期理由', type: 'string', nullable: true })
  reason!: string | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  by!: PersonRefResponse | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class ReminderResponse {
  @ApiProperty({ description: 'ladder 按催办设置自动，manual 工作人员催办', enum: ['ladder', 'manual'] })
  kind!: 'ladder' | 'manual';

  @ApiProperty({ description: '催办名目', example: '截止前3个工作日' })
  label!: string;

  @ApiProperty({ description: '工作人员催办时填写的内容', type: 'string', nullable: true })
  message!: string | null;

  @ApiProperty({ description: '催办时的截止时间', format: 'date-time' })
  deadline!: string;

  @ApiProperty({ description: '催办时刻', format: 'date-time' })
  at!: string;
}

export class AssignmentHistoryEntryResponse {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: '事件', example: 'SUBMIT' })
  event!: string;

  @ApiProperty({ description: '之前的状态', type: 'string', nullable: true, example: 'drafting' })
  from!: string | null;

  @ApiProperty({ description: '之后的状态', type: 'string', nullable: true, example: 'submitted' })
  to!: string | null;

  @ApiProperty({ description: '操作者（系统操作为 null）', type: 'string', format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ description: '补充说明', type: 'object', additionalProperties: true, nullable: true })
  detail!: Record<string, unknown> | null;
}

/** One center's part of a notice, as a list shows it, with the events this caller may send now. */
export class AssignmentSummaryResponse {
  @ApiProperty({ description: '任务编号', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: '公文编号', format: 'uuid' })
  noticeId!: string;

  @ApiProperty({ type: () => AssignmentNoticeResponse })
  notice!: AssignmentNoticeResponse;

  @ApiProperty({ type: () => AssignmentOrganisationResponse })
  organisation!: AssignmentOrganisationResponse;

  @ApiProperty({ description: '该单位在本公文中的角色：lead 牵头，partner 协作', ...GOAL_ROLE })
  role!: 'lead' | 'partner';

  @ApiProperty({ type: () => [AssignmentGoalResponse] })
  goals!: AssignmentGoalResponse[];

  @ApiProperty({ description: '状态', ...STATE, example: 'assigned' })
  state!: AssignmentState;

  @ApiProperty({ description: '状态的中文名', example: '待签收' })
  stateLabel!: string;

  @ApiProperty({
    description: '调用者现在可以发送的事件（SAVE_DRAFT 即 PUT /api/assignments/{id}/draft）',
    enum: USER_ASSIGNMENT_EVENTS,
    enumName: 'AssignmentUserEventType',
    isArray: true,
    example: ['ACKNOWLEDGE'],
  })
  nextEvents!: AssignmentEventType[];

  @ApiProperty({ description: '版本号（每次变更加一）；保存草稿时带上可防止覆盖他人的修改', type: 'integer', example: 3 })
  version!: number;

  @ApiProperty({ description: '有效截止时间（含延期、退回后重新提交期限）', format: 'date-time', example: '2022-04-29T09:00:00+08:00' })
  deadline!: string;

  @ApiProperty({ description: '有效截止时间的中文写法', example: '2022年4月29日（星期五）9:00前' })
  deadlineText!: string;

  @ApiProperty({ description: '公文原定截止时间：在此之后提交为逾期', format: 'date-time', example: '2022-04-29T09:00:00+08:00' })
  originalDeadline!: string;

  @ApiProperty({ description: '签收时刻', type: 'string', format: 'date-time', nullable: true })
  acknowledgedAt!: string | null;

  @ApiProperty({ description: '已提交的版本数', type: 'integer', example: 0 })
  versionCount!: number;
}

/** The answer to SUBMIT: the summary and the version just frozen (the hot path answers without re-reading). */
export class AssignmentSubmittedResponse extends AssignmentSummaryResponse {
  @ApiProperty({ description: '刚提交、已冻结的版本', type: () => SubmittedVersionResponse })
  submitted!: SubmittedVersionResponse;
}

/** An assignment with its draft, versions, reviews, feedback, reminders and history. */
export class AssignmentDetailResponse extends AssignmentSummaryResponse {
  @ApiProperty({ description: `草稿（${TABLE_DESCRIPTION}；草稿可不完整）`, type: 'object', additionalProperties: true, nullable: true })
  draft!: Record<string, unknown> | null;

  @ApiProperty({ description: '草稿保存时刻', type: 'string', format: 'date-time', nullable: true })
  draftUpdatedAt!: string | null;

  @ApiProperty({ type: () => [SubmittedVersionResponse] })
  versions!: SubmittedVersionResponse[];

  @ApiProperty({ description: '审核结论', type: () => [ReviewDecisionResponse] })
  reviews!: ReviewDecisionResponse[];

  @ApiProperty({ description: '委机关反馈', type: () => [FeedbackResponse] })
  feedback!: FeedbackResponse[];

  @ApiProperty({ description: '延期记录', type: () => [ExtensionResponse] })
  extensions!: ExtensionResponse[];

  @ApiProperty({ description: '指定的审核人', type: () => [PersonRefResponse] })
  reviewers!: PersonRefResponse[];

  @ApiProperty({ description: '催办记录', type: () => [ReminderResponse] })
  reminders!: ReminderResponse[];

  @ApiProperty({ description: '办理过程', type: () => [AssignmentHistoryEntryResponse] })
  history!: AssignmentHistoryEntryResponse[];
}
