import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, IsInt, Min } from 'class-validator';
import { ASSIGNMENT_EVENT_TYPES, ASSIGNMENT_STATES, type AssignmentEventType, type AssignmentState } from '../../workflows/assignment.machine.js';
import { IsInstant } from '../common/instants.js';
import { PageQueryDto } from '../common/paging.js';
import { Label } from '../common/labels.js';

/** Events a client may send; DEADLINE_PASSED and CLOSE come from the engine itself. */
export const CLIENT_ASSIGNMENT_EVENTS = ASSIGNMENT_EVENT_TYPES.filter((t) => t !== 'DEADLINE_PASSED' && t !== 'CLOSE' && t !== 'SAVE_DRAFT');

export class AssignmentEventRequestDto {
  @IsIn(CLIENT_ASSIGNMENT_EVENTS)
  @Label('操作')
  type!: AssignmentEventType;

  /** RETURN: why the table goes back to the center. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Label('理由')
  reason?: string;

  /** GIVE_FEEDBACK: the commission's feedback. */
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Label('反馈意见')
  feedback?: string;

  /** EXTEND_DEADLINE: the new deadline, an instant with offset. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @Label('延期后的截止时间')
  until?: string;

  /** APPROVE: an optional remark. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Label('审核意见')
  comment?: string;

  /** SUBMIT: the table to submit, instead of the saved draft. */
  @IsOptional()
  @IsObject()
  @Label('策略表')
  table?: Record<string, unknown>;
}

export class SaveDraftRequestDto {
  @IsObject()
  @Label('策略表')
  table!: Record<string, unknown>;

  /** The version the editor read; a stale one answers VERSION_CONFLICT. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Label('版本号')
  version?: number;
}

export class SetReviewersRequestDto {
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @Label('审核人')
  reviewerIds!: string[];
}

export class AssignmentQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(36)
  @Label('公文编号')
  noticeId?: string;

  @IsOptional()
  @IsIn(ASSIGNMENT_STATES)
  @Label('任务状态')
  state?: AssignmentState;
}
