import type { AssignmentEventType } from '@workflows/assignment.machine';
import type { NoticeEventType } from '@workflows/notice.machine';
import type { Role } from '@workflows/roles';
import type { components } from './api/schema';

/** Button text for each notice event the server may offer in `nextEvents`. */
export const NOTICE_EVENT_LABELS: Record<NoticeEventType, string> = {
  SUBMIT_FOR_CHECK: '送核稿',
  APPROVE_CHECK: '核稿通过',
  SIGN: '签发',
  RETURN: '退回',
  ISSUE: '印发',
  CLOSE: '办结',
  REVOKE: '撤销',
};

/** Button text for each assignment event. */
export const ASSIGNMENT_EVENT_LABELS: Record<AssignmentEventType, string> = {
  ACKNOWLEDGE: '签收',
  SAVE_DRAFT: '保存草稿',
  SUBMIT: '提交',
  WITHDRAW: '撤回',
  START_REVIEW: '开始审核',
  APPROVE: '通过',
  RETURN: '退回',
  GIVE_FEEDBACK: '反馈',
  EXTEND_DEADLINE: '延期',
  DEADLINE_PASSED: '逾期',
  CLOSE: '办结',
};

export const ROLE_LABELS: Record<Role, string> = {
  staff: '工作人员',
  leader: '分管领导',
  center: '质控中心',
  reviewer: '审核人',
  admin: '系统管理员',
};

export type OrganisationKind = components['schemas']['OrganisationView']['kind'];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  commission: '卫生健康委',
  center: '质控中心',
  district: '区卫生健康委',
  hospital: '医院',
  unit: '其他单位',
};

/** An account's or an organisation's state, for StateTag: 启用 or 停用. */
export function accountState(item: { disabled: boolean }): { state: 'active' | 'disabled'; label: string } {
  return item.disabled ? { state: 'disabled', label: '停用' } : { state: 'active', label: '启用' };
}

/** Element Plus tag colour for a state (notice or assignment). */
export function stateTagType(state: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  switch (state) {
    case 'approved':
    case 'issued':
    case 'feedbackGiven':
    case 'active':
      return 'success';
    case 'returned':
    case 'overdue':
    case 'revoked':
    case 'disabled':
      return 'danger';
    case 'assigned':
    case 'checking':
    case 'signing':
      return 'warning';
    case 'closed':
    case 'draft':
      return 'info';
    default:
      return 'primary';
  }
}
