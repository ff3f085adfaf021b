import type { Sql, Statement } from '../database/db.js';
import { json } from '../database/db.js';
import type { AssignmentState } from '../../workflows/assignment.machine.js';
import { NOTICE_HEAD_JOIN_COLUMNS, noticeHeadFromJoin, type NoticeHead } from '../notices/notice.repository.js';

export interface AssignedGoal {
  code: string;
  role: 'lead' | 'partner';
}

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
  deadline: string;
  draft: Record<string, unknown> | null;
  draftUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubmissionVersion {
  id: string;
  assignmentId: string;
  noticeId: string;
  version: number;
  table: Record<string, unknown>;
  sha256: string;
  submittedAt: string;
  late: boolean;
  receiptNo: string;
  receiptSeq: number;
  submittedBy: string;
}

export interface Review {
  id: string;
  assignmentId: string;
  version: number | null;
  kind: 'approved' | 'returned' | 'feedback' | 'extension';
  text: string | null;
  actorId: string;
  at: string;
}

interface AssignmentRow {
  id: string;
  notice_id: string;
  organisation_id: string;
  goals: string;
  role: 'lead' | 'partner';
  state: AssignmentState;
  snapshot: string;
  machine_version: number;
  version: number;
  deadline: string;
  draft: string | null;
  draft_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

interface VersionRow {
  id: string;
  assignment_id: string;
  notice_id: string;
  version: number;
  table_json: string;
  sha256: string;
  submitted_at: string;
  late: number | boolean;
  receipt_no: string;
  receipt_seq: number;
  submitted_by: string;
}

const mapAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id,
  noticeId: r.notice_id,
  organisationId: r.organisation_id,
  goals: json.read(r.goals),
  role: r.role,
  state: r.state,
  snapshot: r.snapshot,
  machineVersion: Number(r.machine_version),
  version: Number(r.version),
  deadline: r.deadline,
  draft: json.read(r.draft),
  draftUpdatedAt: r.draft_updated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const mapVersion = (r: VersionRow): SubmissionVersion => ({
  id: r.id,
  assignmentId: r.assignment_id,
  noticeId: r.notice_id,
  version: Number(r.version),
  table: json.read(r.table_json),
  sha256: r.sha256,
  submittedAt: r.submitted_at,
  late: Boolean(r.late),
  receiptNo: r.receipt_no,
  receiptSeq: Number(r.receipt_seq),
  submittedBy: r.submitted_by,
});

export type AssignmentChanges = Partial<Pick<Assignment, 'state' | 'snapshot' | 'deadline' | 'draft' | 'draftUpdatedAt'>>;

const COLUMN: Record<keyof AssignmentChanges, [string, boolean]> = {
  state: ['state', false],
  snapshot: ['snapshot', false],
  deadline: ['deadline', false],
  draft: ['draft', true],
  draftUpdatedAt: ['draft_updated_at', false],
};

export interface AssignmentFilter {
  noticeId?: string;
  state?: string;
  organisationId?: string;
  reviewerId?: string;
  issuerId?: string;
}

export const assignmentRepository = {
  /** The assignment and its notice's head in one round trip (the hot path of every event). */
  async findWithNotice(sql: Sql, id: string): Promise<{ assignment: Assignment; notice: NoticeHead } | undefined> {
    const row = await sql.one<AssignmentRow & Record<string, unknown>>(
      `SELECT a.*, ${NOTICE_HEAD_JOIN_COLUMNS} FROM assignments a JOIN notices n ON n.id = a.notice_id WHERE a.id = $1`,
      [id],
    );
    return row && { assignment: mapAssignment(row), notice: noticeHeadFromJoin(row) };
  },
  async find(sql: Sql, id: string): Promise<Assignment | undefined> {
    const row = await sql.one<AssignmentRow>('SELECT * FROM assignments WHERE id = $1', [id]);
    return row && mapAssignment(row);
  },
  async list(sql: Sql, filter: AssignmentFilter): Promise<Assignment[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(clause.replace('?', `$${values.length}`));
    };
    if (filter.noticeId) add('a.notice_id = ?', filter.noticeId);
    if (filter.state) add('a.state = ?', filter.state);
    if (filter.organisationId) add('a.organisation_id = ?', filter.organisationId);
    if (filter.reviewerId) add('a.id IN (SELECT assignment_id FROM assignment_reviewers WHERE user_id = ?)', filter.reviewerId);
    if (filter.issuerId) add('a.notice_id IN (SELECT id FROM notices WHERE issuer_id = ?)', filter.issuerId);
    const rows = await sql.many<AssignmentRow>(
      `SELECT a.* FROM assignments a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at, a.id`,
      values,
    );
    return rows.map(mapAssignment);
  },
  async insertMany(sql: Sql, rows: Assignment[]): Promise<void> {
    for (const a of rows) {
      await sql.exec(
        `INSERT INTO assignments (id, notice_id, organisation_id, goals, role, state, snapshot, machine_version, version, deadline, draft, draft_updated_at, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
        [
          a.id,
          a.noticeId,
          a.organisationId,
          json.write(a.goals),
          a.role,
          a.state,
          a.snapshot,
          a.machineVersion,
          a.version,
          a.deadline,
          null,
          null,
          a.createdAt,
          a.updatedAt,
        ],
      );
    }
  },
  /** Compare-and-set on the row version: of two writers that read the same version, one wins. */
  async update(sql: Sql, id: string, expectedVersion: number, changes: AssignmentChanges, at: string): Promise<boolean> {
    const { text, params } = assignmentRepository.updateStatement(id, expectedVersion, changes, at);
    return (await sql.exec(text, params)) === 1;
  },
  /** The compare-and-set as a statement (it answers one row when it won). */
  updateStatement(id: string, expectedVersion: number, changes: AssignmentChanges, at: string): Statement {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof AssignmentChanges, unknown][]) {
      const [column, isJson] = COLUMN[key];
      values.push(isJson && value !== null ? json.write(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    values.push(at, id, expectedVersion);
    const n = values.length;
    return {
      text: `UPDATE assignments SET ${sets.join(', ')}${sets.length ? ', ' : ''}updated_at = $${n - 2}, version = version + 1 WHERE id = $${n - 1} AND version = $${n} RETURNING id`,
      params: values,
    };
  },
  async reviewerIds(sql: Sql, assignmentId: string): Promise<string[]> {
    return (await sql.many<{ user_id: string }>('SELECT user_id FROM assignment_reviewers WHERE assignment_id = $1 ORDER BY user_id', [assignmentId])).map(
      (r) => r.user_id,
    );
  },
  async isReviewer(sql: Sql, assignmentId: string, userId: string): Promise<boolean> {
    return (await sql.one('SELECT 1 AS x FROM assignment_reviewers WHERE assignment_id = $1 AND user_id = $2', [assignmentId, userId])) !== undefined;
  },
  async setReviewers(sql: Sql, assignmentId: string, userIds: string[]): Promise<void> {
    await sql.exec('DELETE FROM assignment_reviewers WHERE assignment_id = $1', [assignmentId]);
    for (const userId of userIds) {
      await sql.exec('INSERT INTO assignment_reviewers (assignment_id, user_id) VALUES ($1, $2)', [assignmentId, userId]);
    }
  },
  async insertVersion(sql: Sql, v: SubmissionVersion): Promise<void> {
    await sql.exec(
      `INSERT INTO submission_versions (id, assignment_id, notice_id, version, table_json, sha256, submitted_at, late, receipt_no, receipt_seq, submitted_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [v.id, v.assignmentId, v.noticeId, v.version, json.write(v.table), v.sha256, v.submittedAt, v.late, v.receiptNo, v.receiptSeq, v.submittedBy],
    );
  },
  async versions(sql: Sql, assignmentId: string): Promise<SubmissionVersion[]> {
    return (await sql.many<VersionRow>('SELECT * FROM submission_versions WHERE assignment_id = $1 ORDER BY version', [assignmentId])).map(mapVersion);
  },
  async version(sql: Sql, assignmentId: string, version: number): Promise<SubmissionVersion | undefined> {
    const row = await sql.one<VersionRow>('SELECT * FROM submission_versions WHERE assignment_id = $1 AND version = $2', [assignmentId, version]);
    return row && mapVersion(row);
  },
  async versionsOfNotice(sql: Sql, noticeId: string): Promise<SubmissionVersion[]> {
    return (await sql.many<VersionRow>('SELECT * FROM submission_versions WHERE notice_id = $1 ORDER BY assignment_id, version', [noticeId])).map(mapVersion);
  },
  async insertReview(sql: Sql, r: Review): Promise<void> {
    const { text, params } = assignmentRepository.insertReviewStatement(r);
    await sql.exec(text, params);
  },
  insertReviewStatement(r: Review): Statement {
    return {
      text: 'INSERT INTO reviews (id, assignment_id, version, kind, text, actor_id, at) VALUES ($1,$2,CAST($3 AS INTEGER),$4,$5,$6,$7)',
      params: [r.id, r.assignmentId, r.version, r.kind, r.text, r.actorId, r.at],
    };
  },
  /**
   * PostgreSQL: the version insert that takes its receipt number from a
   * counter CTE named `receipt` in the same statement.
   */
  insertVersionFromCounterStatement(v: SubmissionVersion, receiptPrefix: string): Statement {
    return {
      text: `INSERT INTO submission_versions (id, assignment_id, notice_id, version, table_json, sha256, submitted_at, late, receipt_no, receipt_seq, submitted_by)
        SELECT $1::varchar, $2::varchar, $3::varchar, $4::integer, $5::text, $6::varchar, $7::varchar, $8::boolean,
               $9::text || lpad(receipt.value::text, 4, '0'), receipt.value, $10::varchar FROM receipt`,
      params: [v.id, v.assignmentId, v.noticeId, v.version, json.write(v.table), v.sha256, v.submittedAt, v.late, receiptPrefix, v.submittedBy],
    };
  },
  async reviews(sql: Sql, assignmentId: string): Promise<Review[]> {
    const rows = await sql.many<{
      id: string;
      assignment_id: string;
      version: number | null;
      kind: Review['kind'];
      text: string | null;
      actor_id: string;
      at: string;
    }>('SELECT * FROM reviews WHERE assignment_id = $1 ORDER BY at, id', [assignmentId]);
    return rows.map((r) => ({
      id: r.id,
      assignmentId: r.assignment_id,
      version: r.version === null ? null : Number(r.version),
      kind: r.kind,
      text: r.text,
      actorId: r.actor_id,
      at: r.at,
    }));
  },
};
