import type { components } from '@/api/schema';

export type AssignmentState = components['schemas']['AssignmentState'];
export type NoticeProgress = components['schemas']['NoticeProgressResponse'];
export type ProgressCenter = NoticeProgress['centers'][number];

/** The board's words for each state, in the order a round moves through them. */
export const BOARD_STATES: readonly { state: AssignmentState; label: string; color: string }[] = [
  { state: 'assigned', label: '未签收', color: '#909399' },
  { state: 'acknowledged', label: '已签收', color: '#79bbff' },
  { state: 'drafting', label: '填报中', color: '#409eff' },
  { state: 'submitted', label: '已报送', color: '#b88230' },
  { state: 'inReview', label: '审核中', color: '#e6a23c' },
  { state: 'returned', label: '已退回', color: '#f56c6c' },
  { state: 'approved', label: '已通过', color: '#67c23a' },
  { state: 'feedbackGiven', label: '已反馈', color: '#529b2e' },
  { state: 'overdue', label: '逾期', color: '#c45656' },
  { state: 'closed', label: '已办结', color: '#73767a' },
];

/** States in which a center's task is finished (the server's DONE_STATES): the others keep a round open. */
const DONE: readonly AssignmentState[] = ['feedbackGiven', 'closed'];

/** How many tasks of the round are not finished yet. */
export function openTasks(progress: Pick<NoticeProgress, 'total' | 'counts'>): number {
  return progress.total - DONE.reduce((n, s) => n + (progress.counts[s] ?? 0), 0);
}

const BY_STATE = new Map(BOARD_STATES.map((s) => [s.state, s]));

export function boardLabel(state: AssignmentState): string {
  return BY_STATE.get(state)?.label ?? state;
}

export function boardColor(state: AssignmentState): string {
  return BY_STATE.get(state)?.color ?? '#909399';
}

/**
 * The steps of cumulative submissions: one point per submission time, in order,
 * from the first to `until` (the later of now and the deadline) so the line reaches the deadline mark.
 */
export function cumulativeSubmissions(submittedAt: readonly (string | null)[], until: number): [number, number][] {
  const times = submittedAt
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .sort((a, b) => a - b);
  const points: [number, number][] = times.map((t, i) => [t, i + 1]);
  if (points.length === 0) return [];
  const last = points[points.length - 1];
  if (until > last[0]) points.push([until, last[1]]);
  return points;
}
