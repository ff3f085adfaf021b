import { initialTransition } from 'xstate';
import {
  NOTICE_ACTIONS,
  NOTICE_MACHINE_VERSION,
  NOTICE_EVENT_LABELS,
  NOTICE_STATE_LABELS,
  noticeMachine,
  noticeRefusal,
  type NoticeAction,
  type NoticeEvent,
  type NoticeState,
} from '../../workflows/notice.machine.js';
import type { Acting } from '../common/acting.js';
import { formatDeadline, formatLocal } from '../common/beijing-time.js';
import { validationFailed } from '../common/errors.js';
import { persistSnapshot, restoreSnapshot, step } from '../common/machine-step.js';
import type { AuditEntry } from '../audit/audit-log.service.js';
import type { Notice, NoticeChanges } from './notice.entities.js';

/** A notice event, planned: the row's changes, its audit row, and the effects left for the caller to carry out. */
export interface NoticePlan {
  noticeId: string;
  expectedVersion: number;
  at: string;
  from: NoticeState;
  to: NoticeState;
  changes: NoticeChanges;
  audit: AuditEntry;
  effects: NoticeAction[];
}

export function initialNoticeSnapshot(): { state: NoticeState; snapshot: string; machineVersion: number } {
  const [snapshot] = initialTransition(noticeMachine);
  return { state: snapshot.value as NoticeState, snapshot: persistSnapshot(snapshot), machineVersion: NOTICE_MACHINE_VERSION };
}

export function restoreNotice(notice: Pick<Notice, 'id' | 'snapshot' | 'machineVersion'>) {
  return restoreSnapshot(noticeMachine, NOTICE_MACHINE_VERSION, notice, `notice ${notice.id}`);
}

/** Restore, `can()`, `transition()`: pure, no database. A refused event throws with a reason a clerk understands. */
export function planNoticeEvent(notice: Notice, event: NoticeEvent, actor: Acting): NoticePlan {
  const at = event.at;
  if (event.type === 'ISSUE' && notice.division.length === 0) {
    throw validationFailed('尚未设置分工（附件2），不能印发', [{ field: 'division', message: '尚未设置分工（附件2）' }]);
  }
  const s = step(noticeMachine, restoreNotice(notice), event, NOTICE_ACTIONS, noticeRefusal, (code) =>
    code === 'DEADLINE_PASSED'
      ? `截止时间 ${formatDeadline(notice.deadline, notice.timeZone)}（北京时间）已过（现在是 ${formatLocal(at, notice.timeZone)}），请先修改截止时间再印发`
      : event.type === 'CLOSE' && notice.state === 'issued'
        ? '仍有任务未办结：截止时间过后可填写理由办结'
        : `当前状态“${NOTICE_STATE_LABELS[notice.state]}”下不能${NOTICE_EVENT_LABELS[event.type]}`,
  );
  return {
    noticeId: notice.id,
    expectedVersion: notice.version,
    at,
    from: s.from as NoticeState,
    to: s.to as NoticeState,
    changes: {
      state: s.to as NoticeState,
      snapshot: persistSnapshot(s.next),
      // 签发 dates the document (成文日期).
      ...(event.type === 'SIGN' ? { signedAt: at } : {}),
      ...(s.actions.includes('closeAssignments') ? { closedAt: at } : {}),
    },
    audit: {
      at,
      actorId: actor.userId,
      actorOrgId: actor.organisationId,
      entity: 'notice',
      entityId: notice.id,
      event: event.type,
      kind: 'notice.transitioned',
      from: s.from,
      to: s.to,
      payload: event,
      detail: 'comment' in event && event.comment ? { comment: event.comment } : undefined,
    },
    effects: s.actions,
  };
}
