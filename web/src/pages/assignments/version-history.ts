import type { AssignmentDetail, SubmittedVersion } from '@/api/types';

/** What became of one submitted version, as the center reads it in its history. */
export interface VersionOutcome {
  kind: 'returned' | 'approved' | 'withdrawn' | 'pending';
  label: string;
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info';
  /** The reviewer's reason (退回) or comment (通过), as written. */
  reason: string | null;
  /** Who decided, and when (an ISO instant): the reviewer, or the center that withdrew it. */
  by: string | null;
  at: string | null;
}

export interface VersionEntry extends SubmittedVersion {
  outcome: VersionOutcome;
}

type HistorySource = Pick<AssignmentDetail, 'state' | 'versions' | 'reviews' | 'history'>;

const time = (iso: string): number => Date.parse(iso);

/**
 * Each submitted version, newest first, with what the server recorded about it:
 * the reviewer's decision on that version (退回 with its reason, 通过), a
 * 撤回 between its submission and the next one, or, for the newest version
 * nobody has decided on yet, where the assignment stands now.
 */
export function versionHistory(source: HistorySource): VersionEntry[] {
  const ordered = [...source.versions].sort((a, b) => a.version - b.version);
  return ordered
    .map((v, index) => {
      const next = ordered[index + 1];
      const inWindow = (at: string) => time(at) >= time(v.submittedAt) && (!next || time(at) < time(next.submittedAt));
      return { ...v, outcome: outcomeOf(source, v, inWindow, !next) };
    })
    .reverse();
}

/** Where the newest version stands while nobody has decided on it, by the assignment's state. */
const NEWEST_STATE: Partial<Record<HistorySource['state'], Pick<VersionOutcome, 'label' | 'tone'>>> = {
  submitted: { label: '待审核', tone: 'warning' },
  inReview: { label: '审核中', tone: 'primary' },
  closed: { label: '已办结', tone: 'info' },
};

function outcomeOf(source: HistorySource, v: SubmittedVersion, inWindow: (at: string) => boolean, newest: boolean): VersionOutcome {
  const review = source.reviews.filter((r) => r.version === v.version).sort((a, b) => time(b.at) - time(a.at))[0];
  if (review) {
    const returned = review.decision === 'returned';
    return {
      kind: returned ? 'returned' : 'approved',
      label: returned ? '已退回' : '已通过',
      tone: returned ? 'danger' : 'success',
      reason: review.reason,
      by: review.reviewer?.displayName ?? null,
      at: review.at,
    };
  }
  const withdrawal = source.history.find((h) => h.event === 'WITHDRAW' && inWindow(h.at));
  if (withdrawal) return { kind: 'withdrawn', label: '已撤回', tone: 'info', reason: null, by: null, at: withdrawal.at };
  const now = newest ? NEWEST_STATE[source.state] : undefined;
  if (now) return { kind: 'pending', ...now, reason: null, by: null, at: null };
  return { kind: 'pending', label: '已提交', tone: 'info', reason: null, by: null, at: null };
}
