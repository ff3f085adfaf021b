import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_STATES, type AssignmentState } from '../../workflows/assignment.machine.js';
import { NOTICE_STATES, type NoticeState } from '../../workflows/notice.machine.js';
import { AssignedGoalResponse } from '../assignments/assignment.view.js';
import { countsSchema } from '../common/openapi.decorators.js';
import { OrganisationRefResponse } from '../identity/directory.view.js';

const AssignmentStateCounts = countsSchema('AssignmentStateCounts', ASSIGNMENT_STATES);
const STATE = { enum: ASSIGNMENT_STATES, enumName: 'AssignmentState' } as const;
const GOAL_ROLE = { enum: ['lead', 'partner'], enumName: 'GoalRole' } as const;

/** Where one center of the page stands (centers in the order of their organisations' codes). */
export class ProgressCenterResponse {
  @ApiProperty({ description: '任务编号', format: 'uuid' })
  assignmentId!: string;

  @ApiProperty({ type: () => OrganisationRefResponse })
  organisation!: OrganisationRefResponse;

  @ApiProperty({ description: '该单位在本公文中的角色', ...GOAL_ROLE })
  role!: 'lead' | 'partner';

  @ApiProperty({ description: '分给该单位的目标', type: () => [AssignedGoalResponse] })
  goals!: AssignedGoalResponse[];

  @ApiProperty({ description: '任务状态', ...STATE })
  state!: AssignmentState;

  @ApiProperty({ description: '有效截止时间', format: 'date-time' })
  deadline!: string;

  @ApiProperty({ description: '首次提交的时刻（第1版；其后退回重交不改变它）', type: 'string', format: 'date-time', nullable: true })
  firstSubmittedAt!: string | null;

  @ApiProperty({ description: '最近一次提交的时刻', type: 'string', format: 'date-time', nullable: true })
  submittedAt!: string | null;

  @ApiProperty({ description: '是否逾期报送：首次提交晚于截止时间（延期后提交的亦计逾期；退回后重新提交不计逾期）' })
  late!: boolean;

  @ApiProperty({ description: '此刻是否已逾期未交' })
  overdue!: boolean;

  @ApiProperty({ description: '已提交的版本数', type: 'integer' })
  versions!: number;
}

/** One center under one goal of the goal × center matrix. */
export class ProgressGoalCenterResponse {
  @ApiProperty({ type: () => OrganisationRefResponse })
  organisation!: OrganisationRefResponse;

  @ApiProperty({ description: '该单位对此目标的角色', ...GOAL_ROLE })
  role!: 'lead' | 'partner';

  @ApiProperty({ description: '任务状态', ...STATE })
  state!: AssignmentState;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  submittedAt!: string | null;

  @ApiProperty()
  late!: boolean;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ type: 'integer' })
  versions!: number;
}

export class ProgressGoalResponse {
  @ApiProperty({ description: '目标编码', example: '2022-01' })
  code!: string;

  @ApiProperty({ description: '目标名称' })
  title!: string;

  @ApiProperty({ type: () => [ProgressGoalCenterResponse] })
  centers!: ProgressGoalCenterResponse[];
}

/** A round's progress: counts over all its assignments, and one page of centers with their goals. */
export class NoticeProgressResponse {
  @ApiProperty({ description: '公文编号', format: 'uuid' })
  noticeId!: string;

  @ApiProperty({ type: 'string', nullable: true, example: '津卫医政〔2022〕1号' })
  docNumber!: string | null;

  @ApiProperty({ description: '公文状态', enum: NOTICE_STATES, enumName: 'NoticeState' })
  state!: NoticeState;

  @ApiProperty({ description: '公文截止时间', format: 'date-time', example: '2022-04-29T09:00:00+08:00' })
  deadline!: string;

  @ApiProperty({ description: '统计时刻', format: 'date-time' })
  asOf!: string;

  @ApiProperty({ description: '任务总数', type: 'integer', example: 14 })
  total!: number;

  @ApiProperty({ description: '各状态的任务数（全部任务）', type: () => AssignmentStateCounts })
  counts!: Record<AssignmentState, number>;

  @ApiProperty({ description: '已提交过至少一版的任务数', type: 'integer' })
  submitted!: number;

  @ApiProperty({ description: '此刻逾期未交的任务数', type: 'integer' })
  overdue!: number;

  @ApiProperty({ description: 'centers 的页码', type: 'integer', example: 1 })
  page!: number;

  @ApiProperty({ description: 'centers 的每页条数', type: 'integer', example: 50 })
  pageSize!: number;

  @ApiProperty({ description: '本页各单位，按机构代码排列', type: () => [ProgressCenterResponse] })
  centers!: ProgressCenterResponse[];

  @ApiProperty({ description: '本页各单位按目标排列（目标 × 单位）', type: () => [ProgressGoalResponse] })
  goals!: ProgressGoalResponse[];
}
