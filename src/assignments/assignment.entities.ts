import { EntitySchema } from 'typeorm';
import type { AssignmentState } from '../../workflows/assignment.machine.js';
import { col } from '../database/columns.js';

export interface AssignedGoal {
  code: string;
  role: 'lead' | 'partner';
}

/** One responsible organisation's part of a notice. */
export interface Assignment {
  id: string;
  noticeId: string;
  organisationId: string;
  goals: AssignedGoal[];
  role: 'lead' | 'partner';
  state: AssignmentState;
  snapshot: string;
  machineVersion: number;
  version: number;
  /** A copy of the snapshot's effective deadline, for queries (overdue lists, timers); the snapshot is the truth. */
  deadline: string;
  draft: Record<string, unknown> | null;
  draftUpdatedAt: string | null;
  /** Versions submitted so far: a copy of the snapshot's count, for the round's progress. */
  submittedVersions?: number;
  createdAt: string;
  updatedAt: string;
}

/** A submitted table, frozen: it never changes once written. */
export interface SubmissionVersion {
  id: string;
  assignmentId: string;
  noticeId: string;
  version: number;
  table: Record<string, unknown>;
  sha256: string;
  submittedAt: string;
  /** The effective deadline when it was submitted (null for versions from before it was kept). */
  deadline: string | null;
  late: boolean;
  receiptNo: string;
  receiptSeq: number;
  submittedBy: string;
}

export const REVIEW_KINDS = ['approved', 'returned', 'feedback', 'extension'] as const;

/** A decision, feedback or extension, with its text: what mails and the history quote. */
export interface Review {
  id: string;
  assignmentId: string;
  version: number | null;
  kind: (typeof REVIEW_KINDS)[number];
  text: string | null;
  actorId: string;
  at: string;
}

export interface AssignmentReviewer {
  assignmentId: string;
  userId: string;
}

export const AssignmentEntity = new EntitySchema<Assignment>({
  name: 'Assignment',
  tableName: 'assignments',
  columns: {
    id: col.id(),
    noticeId: col.ref('notice_id'),
    organisationId: col.ref('organisation_id'),
    goals: col.json('goals'),
    role: col.str('role', 16),
    state: col.str('state', 32),
    snapshot: col.text('snapshot'),
    machineVersion: col.int('machine_version'),
    version: col.int('version'),
    deadline: col.instant('deadline'),
    draft: col.json('draft', true),
    draftUpdatedAt: col.instant('draft_updated_at', true),
    submittedVersions: col.int('submitted_versions'),
    createdAt: col.instant('created_at'),
    updatedAt: col.instant('updated_at'),
  },
});

export const SubmissionVersionEntity = new EntitySchema<SubmissionVersion>({
  name: 'SubmissionVersion',
  tableName: 'submission_versions',
  columns: {
    id: col.id(),
    assignmentId: col.ref('assignment_id'),
    noticeId: col.ref('notice_id'),
    version: col.int('version'),
    table: col.json('table_json'),
    sha256: col.str('sha256', 64),
    submittedAt: col.instant('submitted_at'),
    deadline: col.instant('deadline', true),
    late: col.bool('late'),
    receiptNo: col.str('receipt_no', 64),
    receiptSeq: col.int('receipt_seq'),
    submittedBy: col.ref('submitted_by'),
  },
});

export const ReviewEntity = new EntitySchema<Review>({
  name: 'Review',
  tableName: 'reviews',
  columns: {
    id: col.id(),
    assignmentId: col.ref('assignment_id'),
    version: col.int('version', true),
    kind: col.str('kind', 16),
    text: col.text('text', true),
    actorId: col.ref('actor_id'),
    at: col.instant('at'),
  },
});

export const AssignmentReviewerEntity = new EntitySchema<AssignmentReviewer>({
  name: 'AssignmentReviewer',
  tableName: 'assignment_reviewers',
  columns: {
    assignmentId: { ...col.ref('assignment_id'), primary: true },
    userId: { ...col.ref('user_id'), primary: true },
  },
});

export const ASSIGNMENT_ENTITIES = [AssignmentEntity, SubmissionVersionEntity, ReviewEntity, AssignmentReviewerEntity];
