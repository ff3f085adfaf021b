import { Injectable } from '@nestjs/common';
import { In, Not, type FindOptionsWhere } from 'typeorm';
import type { AssignmentState } from '../../workflows/assignment.machine.js';
import { jsonRows } from '../database/columns.js';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import {
  AssignmentEntity,
  AssignmentReviewerEntity,
  ReviewEntity,
  SubmissionVersionEntity,
  type Assignment,
  type Review,
  type SubmissionVersion,
} from './assignment.entities.js';

export interface AssignmentFilter {
  noticeId?: string;
  noticeIds?: string[];
  state?: string;
  organisationId?: string;
  /** Only those given to this reviewer. */
  reviewerId?: string;
}

interface AssignmentRow {
  id: string;
  notice_id: string;
  organisation_id: string;
  goals: string;
  role: 'lead' | 'partner';
  state: AssignmentState;
  snapshot: string;
  machine_version: number | string;
  version: number | string;
  deadline: string;
  draft: string | null;
  draft_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: AssignmentRow): Assignment => ({
  id: r.id,
  noticeId: r.notice_id,
  organisationId: r.organisation_id,
  goals: JSON.parse(r.goals) as Assignment['goals'],
  role: r.role,
  state: r.state,
  snapshot: r.snapshot,
  machineVersion: Number(r.machine_version),
  version: Number(r.version),
  deadline: r.deadline,
  draft: r.draft === null ? null : (JSON.parse(r.draft) as Record<string, unknown>),
  draftUpdatedAt: r.draft_updated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The hot read of every event, as literal SQL: one row, no ORM in the way. */
const FIND_FOR_EVENT = 'SELECT * FROM assignments WHERE id = $1';

/**
 * A notice's assignments ordered by their organisations' codes, one page. Codes compare byte by byte on both
 * databases (PostgreSQL's locale collation would skip the hyphens), so a page holds the same centers on either.
 */
const BY_ORGANISATION_CODE = {
  postgres: `SELECT a.* FROM assignments a LEFT JOIN organisations o ON o.id = a.organisation_id
    WHERE a.notice_id = $1 ORDER BY o.code COLLATE "C" ASC, a.id ASC LIMIT $2 OFFSET $3`,
  sqlite: `SELECT a.* FROM assignments a LEFT JOIN organisations o ON o.id = a.organisation_id
    WHERE a.notice_id = $1 ORDER BY o.code ASC, a.id ASC LIMIT $2 OFFSET $3`,
} as const;

const INSERT_MANY = {
  postgres: `INSERT INTO assignments (id, notice_id, organisation_id, goals, role, state, snapshot, machine_version, version, deadline, created_at, updated_at)
    SELECT r.id, r.notice_id, r.organisation_id, r.goals, r.role, r.state, r.snapshot, r.machine_version, r.version, r.deadline, r.created_at, r.created_at
      FROM jsonb_to_recordset($1::jsonb) AS r(id varchar, notice_id varchar, organisation_id varchar, goals text, role varchar, state varchar,
           snapshot text, machine_version integer, version integer, deadline varchar, created_at varchar)`,
  sqlite: `INSERT INTO assignments (id, notice_id, organisation_id, goals, role, state, snapshot, machine_version, version, deadline, created_at, updated_at)
    SELECT value ->> 'id', value ->> 'notice_id', value ->> 'organisation_id', value ->> 'goals', value ->> 'role', value ->> 'state',
           value ->> 'snapshot', value ->> 'machine_version', value ->> 'version', value ->> 'deadline', value ->> 'created_at', value ->> 'created_at'
      FROM json_each($1)`,
} as const;

/** The assignment tables: assignments, their reviewers, frozen versions and reviews. */
@Injectable()
export class AssignmentRepository {
  async findForEvent(sql: Sql, id: string): Promise<Assignment | undefined> {
    const r = await sql.one<AssignmentRow>(FIND_FOR_EVENT, [id]);
    return r && fromRow(r);
  }

  /** One page of a notice's assignments in the order of their organisations' codes: the board lists centers the same way each time. */
  async byOrganisationCode(sql: Sql, noticeId: string, page: Page): Promise<Assignment[]> {
    return (await sql.many<AssignmentRow>(BY_ORGANISATION_CODE[sql.dialect], [noticeId, page.take, page.skip])).map(fromRow);
  }

  list(sql: Sql, filter: AssignmentFilter): Promise<Assignment[]> {
    return this.query(sql, filter).getMany();
  }

  /** One page in creation order, and the count of all that match. */
  async listPage(sql: Sql, filter: AssignmentFilter, page: Page): Promise<Paged<Assignment>> {
    const items = await this.query(sql, filter).offset(page.skip).limit(page.take).getMany();
    // COUNT(*), not the ORM's COUNT(DISTINCT id): the filter cannot repeat a row, and it reads the index alone.
    const count = await this.query(sql, filter).orderBy().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    return { items, total: Number(count?.n ?? 0) };
  }

  /** One page in creation order, without counting (the caller knows the total). */
  slice(sql: Sql, filter: AssignmentFilter, page: Page): Promise<Assignment[]> {
    return this.query(sql, filter).offset(page.skip).limit(page.take).getMany();
  }

  private query(sql: Sql, filter: AssignmentFilter) {
    const query = sql.manager.getRepository(AssignmentEntity).createQueryBuilder('a').orderBy('a.createdAt', 'ASC').addOrderBy('a.id', 'ASC');
    if (filter.noticeId) query.andWhere('a.noticeId = :noticeId', { noticeId: filter.noticeId });
    if (filter.noticeIds) query.andWhere('a.noticeId IN (:...noticeIds)', { noticeIds: filter.noticeIds.length ? filter.noticeIds : [''] });
    if (filter.state) query.andWhere('a.state = :state', { state: filter.state });
    if (filter.organisationId) query.andWhere('a.organisationId = :organisationId', { organisationId: filter.organisationId });
    if (filter.reviewerId) {
      query.andWhere('a.id IN (SELECT r.assignment_id FROM assignment_reviewers r WHERE r.user_id = :reviewerId)', { reviewerId: filter.reviewerId });
    }
    return query;
  }

  /** How many assignments of a notice are in each state, split by whether their deadline has come. */
  async tally(sql: Sql, noticeId: string, now: string): Promise<{ state: AssignmentState; due: boolean; submitted: boolean; n: number }[]> {
    const rows = await sql.many<{ state: AssignmentState; due: number | boolean; submitted: number | boolean; n: number | string }>(
      `SELECT state, deadline <= $2 AS due, submitted_versions > 0 AS submitted, COUNT(*) AS n FROM assignments WHERE notice_id = $1
        GROUP BY state, deadline <= $2, submitted_versions > 0`,
      [noticeId, now],
    );
    return rows.map((r) => ({ state: r.state, due: Boolean(r.due), submitted: Boolean(r.submitted), n: Number(r.n) }));
  }

  versionsOf(sql: Sql, assignmentIds: string[]): Promise<SubmissionVersion[]> {
    if (assignmentIds.length === 0) return Promise.resolve([]);
    return sql.manager.getRepository(SubmissionVersionEntity).find({ where: { assignmentId: In(assignmentIds) }, order: { version: 'ASC' } });
  }

  countNotIn(sql: Sql, noticeId: string, states: readonly AssignmentState[]): Promise<number> {
    return sql.manager.getRepository(AssignmentEntity).countBy({ noticeId, state: Not(In([...states])) });
  }

  /** Notices in which the organisation has an assignment, or the reviewer one to review (the ids alone, not the rows). */
  async noticeIds(sql: Sql, by: { organisationId?: string; reviewerId?: string }): Promise<string[]> {
    const rows = await this.query(sql, by).orderBy().select('DISTINCT a.noticeId', 'noticeId').getRawMany<{ noticeId: string }>();
    return rows.map((r) => r.noticeId);
  }

  async idsOfNotice(sql: Sql, noticeId: string): Promise<string[]> {
    return (await sql.many<{ id: string }>('SELECT id FROM assignments WHERE notice_id = $1', [noticeId])).map((r) => r.id);
  }

  async reviewedBy(sql: Sql, ids: string[], userId: string): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await sql.manager.getRepository(AssignmentReviewerEntity).find({ where: { assignmentId: In(ids), userId } });
    return new Set(rows.map((r) => r.assignmentId));
  }

  /** Any number of rows in one statement with one parameter. */
  async insertMany(sql: Sql, rows: readonly Assignment[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((a) => ({
      id: a.id,
      notice_id: a.noticeId,
      organisation_id: a.organisationId,
      goals: JSON.stringify(a.goals),
      role: a.role,
      state: a.state,
      snapshot: a.snapshot,
      machine_version: a.machineVersion,
      version: a.version,
      deadline: a.deadline,
      created_at: a.createdAt,
    }));
    await sql.exec(INSERT_MANY[sql.dialect], [jsonRows(values)]);
  }

  /** Compare-and-set on the row version alone (a change of reviewers, say): of two writers, one wins. */
  async bumpVersion(sql: Sql, id: string, expectedVersion: number, at: string): Promise<boolean> {
    return (await sql.exec('UPDATE assignments SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3', [at, id, expectedVersion])) === 1;
  }

  async reviewerIds(sql: Sql, assignmentId: string): Promise<string[]> {
    const rows = await sql.manager.getRepository(AssignmentReviewerEntity).find({ where: { assignmentId }, order: { userId: 'ASC' } });
    return rows.map((r) => r.userId);
  }

  async isReviewer(sql: Sql, assignmentId: string, userId: string): Promise<boolean> {
    return (await sql.manager.getRepository(AssignmentReviewerEntity).countBy({ assignmentId, userId })) > 0;
  }

  async setReviewers(sql: Sql, assignmentId: string, userIds: string[]): Promise<void> {
    const reviewers = sql.manager.getRepository(AssignmentReviewerEntity);
    await reviewers.delete({ assignmentId });
    if (userIds.length > 0) await reviewers.insert(userIds.map((userId) => ({ assignmentId, userId })));
  }

  versions(sql: Sql, assignmentId: string): Promise<SubmissionVersion[]> {
    return sql.manager.getRepository(SubmissionVersionEntity).find({ where: { assignmentId }, order: { version: 'ASC' } });
  }

  async version(sql: Sql, assignmentId: string, version: number): Promise<SubmissionVersion | undefined> {
    return (await sql.manager.getRepository(SubmissionVersionEntity).findOneBy({ assignmentId, version })) ?? undefined;
  }

  versionsOfNotice(sql: Sql, noticeId: string): Promise<SubmissionVersion[]> {
    return sql.manager.getRepository(SubmissionVersionEntity).find({ where: { noticeId }, order: { assignmentId: 'ASC', version: 'ASC' } });
  }

  reviews(sql: Sql, assignmentId: string): Promise<Review[]> {
    return sql.manager.getRepository(ReviewEntity).find({ where: { assignmentId }, order: { at: 'ASC', id: 'ASC' } });
  }

  byIds(sql: Sql, ids: string[]): Promise<Assignment[]> {
    const where: FindOptionsWhere<Assignment> = { id: In(ids) };
    return ids.length === 0 ? Promise.resolve([]) : sql.manager.getRepository(AssignmentEntity).find({ where });
  }
}
