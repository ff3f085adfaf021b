import type { components } from '@/api/schema';
import { ASSIGNMENT_EVENT_LABELS, NOTICE_EVENT_LABELS } from '@/labels';
import { formatDateTime } from '@/time/beijing-time';
import { boardLabel, type AssignmentState } from '../board/board-states';

type AuditKind = components['schemas']['AuditKind'];
type NoticeState = components['schemas']['NoticeState'];
export type AuditRecord = components['schemas']['AuditRecordResponse'];

/** What each kind of record says, in Chinese. */
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  'notice.created': '起草公文',
  'notice.edited': '修改草稿',
  'notice.divisionSet': '设置分工',
  'notice.transitioned': '公文流转',
  'notice.attachmentAdded': '上传附件',
  'notice.attachmentReplaced': '替换附件',
  'notice.attachmentRemoved': '删除附件',
  'notice.attachmentGenerated': '生成附件2',
  'assignment.created': '分派任务',
  'assignment.draftSaved': '保存草稿',
  'assignment.transitioned': '任务办理',
  'assignment.reviewersSet': '指定审核人',
  'assignment.reminded': '催办',
  'organisation.created': '新建机构',
  'organisation.edited': '修改机构',
  'organisation.disabled': '停用机构',
  'organisation.enabled': '启用机构',
  'user.created': '新建账号',
  'user.edited': '修改账号',
  'user.disabled': '停用账号',
  'user.enabled': '启用账号',
  'user.passwordReset': '重置密码',
  'user.passwordChanged': '修改密码',
  'calendar.yearEntered': '录入节假日安排',
  'session.signedIn': '登录',
  'session.signInFailed': '登录失败',
  'access.writeDenied': '越权操作被拒',
  'access.transitionRefused': '办理被拒',
  'access.downloaded': '下载文件',
  'mail.resent': '重发邮件',
};

const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  draft: '草稿',
  checking: '核稿中',
  signing: '待签发',
  signed: '已签发',
  issued: '已印发',
  closed: '已办结',
  revoked: '已撤销',
};

const OTHER_EVENTS: Record<string, string> = { REMIND: '催办', SET_REVIEWERS: '指定审核人', DEADLINE_PASSED: '逾期' };

/** The act of a record: its event in Chinese where one is known, else the kind's name. */
export function actOf(r: AuditRecord): string {
  const events: Record<string, string> = r.entity === 'notice' ? NOTICE_EVENT_LABELS : r.entity === 'assignment' ? ASSIGNMENT_EVENT_LABELS : {};
  return events[r.event] ?? OTHER_EVENTS[r.event] ?? AUDIT_KIND_LABELS[r.kind] ?? r.event;
}

export function stateOf(entity: string, state: string | null): string {
  if (!state) return '';
  if (entity === 'notice') return NOTICE_STATE_LABELS[state as NoticeState] ?? state;
  if (entity === 'assignment') return boardLabel(state as AssignmentState);
  return state;
}

const DETAIL_LABELS: Record<string, string> = {
  reason: '理由',
  feedback: '反馈',
  comment: '意见',
  until: '延期至',
  label: '名目',
  message: '内容',
  fields: '修改项',
};

/** The record's detail as short "名：值" lines (times in Beijing time). */
export function detailLines(detail: Record<string, unknown> | null): string[] {
  if (!detail) return [];
  return Object.entries(detail)
    .filter(([key, value]) => key in DETAIL_LABELS && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => {
      const text = key === 'until' && typeof value === 'string' ? formatDateTime(value) : Array.isArray(value) ? value.join('、') : String(value);
      return `${DETAIL_LABELS[key]}：${text}`;
    });
}
