import type { AssignmentView, NoticeView } from '@/api/types';
import { ASSIGNMENT_EVENT_LABELS, NOTICE_EVENT_LABELS } from '@/labels';

/**
 * The steps that make an item this person's to-do (待办) when the server offers
 * them in `nextEvents`; the others (撤回, 延期, 办结 …) are possible, not pending.
 */
const NOTICE_TODO: readonly NoticeView['nextEvents'][number][] = ['SUBMIT_FOR_CHECK', 'APPROVE_CHECK', 'SIGN', 'ISSUE'];
const ASSIGNMENT_TODO: readonly AssignmentView['nextEvents'][number][] = ['ACKNOWLEDGE', 'SUBMIT', 'START_REVIEW', 'APPROVE', 'GIVE_FEEDBACK'];

export interface WorkItem {
  kind: 'notice' | 'assignment';
  id: string;
  title: string;
  detail: string;
  state: string;
  stateLabel: string;
  deadline: string;
  /** The pending step, e.g. "签收"; null when nothing waits for this person. */
  todo: string | null;
  /** An issued notice not yet closed: its round is collecting tables. */
  collecting: boolean;
}

export function fromNotice(n: NoticeView): WorkItem {
  const step = NOTICE_TODO.find((e) => n.nextEvents.includes(e));
  return {
    kind: 'notice',
    id: n.id,
    title: n.title,
    detail: n.docNumber ?? '未编号',
    state: n.state,
    stateLabel: n.stateLabel,
    deadline: n.deadline,
    todo: step ? NOTICE_EVENT_LABELS[step] : null,
    collecting: n.docNumber !== null && n.closedAt === null,
  };
}

export function fromAssignment(a: AssignmentView): WorkItem {
  const step = ASSIGNMENT_TODO.find((e) => a.nextEvents.includes(e));
  const detail = `${a.organisation.name} · 目标 ${a.goals.map((g) => g.code).join('、')}`;
  return {
    kind: 'assignment',
    id: a.id,
    title: a.notice.title,
    detail,
    state: a.state,
    stateLabel: a.stateLabel,
    deadline: a.deadline,
    todo: step ? ASSIGNMENT_EVENT_LABELS[step] : null,
    collecting: false,
  };
}

/**
 * The deadlines worth watching, nearest first: every to-do (an overdue one too),
 * and the issued notices still collecting (their deadline lies ahead).
 */
export function nearestDeadlines(items: readonly WorkItem[], now: number, count = 5): WorkItem[] {
  return items
    .filter((i) => i.todo !== null || (i.collecting && Date.parse(i.deadline) > now))
    .sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline))
    .slice(0, count);
}

/** How many items are in each state, by the server's label, in first-seen order. */
export function countByState(items: readonly WorkItem[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.stateLabel, (counts.get(i.stateLabel) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count }));
}
