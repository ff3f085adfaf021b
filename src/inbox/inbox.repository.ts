import { Injectable } from '@nestjs/common';
import type { Dialect, Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';

/** Who is asking, per role: null where the user does not hold that role (its arm of the box then finds nothing). */
export interface TodoScope {
  /** The commission whose notices a staff member works on. */
  staffOrganisationId: string | null;
  /** The commission whose notices a leader checks and signs. */
  leaderOrganisationId: string | null;
  /** The center whose own assignments it fills in. */
  centerOrganisationId: string | null;
  /** The reviewer to whom assignments were given. */
  reviewerId: string | null;
  /** The states of each kind in which each role owes a step (from the workflow's duty tables). */
  states: {
    staffNotices: readonly string[];
    leaderNotices: readonly string[];
    centerAssignments: readonly string[];
    reviewerAssignments: readonly string[];
    staffAssignments: readonly string[];
  };
  /** Assignment states not yet done: an issued notice awaits 办结 when none of its assignments is in one of these. */
  openStates: readonly string[];
}

export interface TodoRow {
  kind: 'notice' | 'assignment';
  id: string;
  noticeId: string;
}

/**
 * A list of states is one parameter: an array on PostgreSQL (whose planner then
 * knows its values and picks the state index), JSON text on SQLite.
 */
const IN_LIST: Record<Dialect, (param: string) => string> = {
  postgres: (p) => `= ANY(${p}::varchar[])`,
  sqlite: (p) => `IN (SELECT value FROM json_each(${p}))`,
};
const listParam: Record<Dialect, (list: readonly string[]) => unknown> = {
  postgres: (list) => [...list],
  sqlite: (list) => JSON.stringify(list),
};

/**
 * The 待办 of one person as one set: an arm per role, each filtered by its own
 * index (notices by issuer and state, assignments by organisation, by
 * reviewer, by notice and state). UNION drops an item two roles both reach.
 * $1 staff's commission, $2 leader's, $3 center, $4 reviewer; $5–$9 the
 * states of each arm; $10 the open (not done) assignment states. `issued` is
 * the one notice state whose step (办结) also needs every assignment done.
 */
function todoSet(dialect: Dialect): string {
  const inList = IN_LIST[dialect];
  return `SELECT 'notice' AS kind, n.id AS id, n.id AS notice_id, n.deadline AS deadline FROM notices n
     WHERE n.issuer_id = $1 AND n.state ${inList('$5')}
       AND (n.state <> 'issued' OR NOT EXISTS (SELECT 1 FROM assignments o WHERE o.notice_id = n.id AND o.state ${inList('$10')}))
    UNION
    SELECT 'notice', n.id, n.id, n.deadline FROM notices n WHERE n.issuer_id = $2 AND n.state ${inList('$6')}
    UNION
    SELECT 'assignment', a.id, a.notice_id, a.deadline FROM assignments a WHERE a.organisation_id = $3 AND a.state ${inList('$7')}
    UNION
    SELECT 'assignment', a.id, a.notice_id, a.deadline FROM assignments a JOIN assignment_reviewers r ON r.assignment_id = a.id
     WHERE r.user_id = $4 AND a.state ${inList('$8')}
    UNION
    SELECT 'assignment', a.id, a.notice_id, a.deadline FROM assignments a JOIN notices n ON n.id = a.notice_id
     WHERE n.issuer_id = $1 AND a.state ${inList('$9')}`;
}

/** The statements, fixed per dialect when the module loads: what runs is what EXPLAIN sees. */
const TODO = Object.fromEntries(
  (['postgres', 'sqlite'] as const).map((dialect) => [
    dialect,
    {
      page: `SELECT kind, id, notice_id FROM (${todoSet(dialect)}) box ORDER BY deadline ASC, kind ASC, id ASC LIMIT $11 OFFSET $12`,
      count: `SELECT COUNT(*) AS n FROM (${todoSet(dialect)}) box`,
    },
  ]),
) as Record<Dialect, { page: string; count: string }>;

/**
 * A read model: the 待办 box reads (never writes) the notices, assignments and
 * assignment_reviewers tables in one statement, because a box ordered by
 * deadline across notices and assignments can only page in the database if
 * one statement sees both. Their modules still own every write.
 */
@Injectable()
export class InboxRepository {
  async todo(sql: Sql, scope: TodoScope, page: Page): Promise<Paged<TodoRow>> {
    const s = scope.states;
    const params = [
      scope.staffOrganisationId,
      scope.leaderOrganisationId,
      scope.centerOrganisationId,
      scope.reviewerId,
      ...[s.staffNotices, s.leaderNotices, s.centerAssignments, s.reviewerAssignments, s.staffAssignments, scope.openStates].map(listParam[sql.dialect]),
    ];
    const rows = await sql.many<{ kind: 'notice' | 'assignment'; id: string; notice_id: string }>(TODO[sql.dialect].page, [...params, page.take, page.skip]);
    const count = await sql.one<{ n: number | string }>(TODO[sql.dialect].count, params);
    return { items: rows.map((r) => ({ kind: r.kind, id: r.id, noticeId: r.notice_id })), total: Number(count?.n ?? 0) };
  }
}
