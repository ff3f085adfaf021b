import { Inject, Injectable } from '@nestjs/common';
import {
  ASSIGNMENT_DUTIES,
  ASSIGNMENT_EVENT_LABELS,
  ASSIGNMENT_STATE_LABELS,
  ASSIGNMENT_STATES,
  DONE_STATES,
  type AssignmentEventType,
  type AssignmentState,
} from '../../workflows/assignment.machine.js';
import { NOTICE_DUTIES, NOTICE_EVENT_LABELS, NOTICE_STATE_LABELS, type NoticeEventType, type NoticeState } from '../../workflows/notice.machine.js';
import type { Role } from '../../workflows/roles.js';
import { formatDeadline, toOffsetIso } from '../common/beijing-time.js';
import { Clock } from '../common/clock.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { pageOf, type Page, type Paged } from '../common/paging.js';
import { Db, type Sql } from '../database/db.js';
import { AuditLog } from '../audit/audit-log.service.js';
import type { AuditRecord } from '../audit/audit.entities.js';
import { Directory } from '../identity/directory.service.js';
import type { Organisation } from '../identity/identity.entities.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import { noticeNextEvents } from '../notices/notices.service.js';
import { restoreNotice } from '../notices/notice-transition.js';
import { AssignmentIssuing } from '../assignments/assignment-issuing.service.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import type { Assignment } from '../assignments/assignment.entities.js';
import { actingRoles, assignmentNextEvents } from '../assignments/assignment-permissions.js';
import { restoreAssignment } from '../assignments/assignment-transition.js';
import { InboxRepository, type TodoScope } from './inbox.repository.js';
import type { InboxQueryDto } from './inbox.query.dto.js';
import type { InboxItemView } from './inbox.view.js';

/** Acts that are no machine event, as a person reads them. */
const OTHER_ACTS: Record<string, string> = {
  CREATE: '起草',
  EDIT: '修改草稿',
  SET_DIVISION: '设置分工',
  SET_REVIEWERS: '指定审核人',
  REMIND: '催办',
};

function actLabel(r: AuditRecord): string {
  const machine =
    r.entity === 'notice'
      ? NOTICE_EVENT_LABELS[r.event as NoticeEventType]
      : r.entity === 'assignment'
        ? ASSIGNMENT_EVENT_LABELS[r.event as AssignmentEventType]
        : undefined;
  return machine ?? OTHER_ACTS[r.event] ?? r.event;
}

const dutyStates = (duties: Partial<Record<Role, Partial<Record<string, string>>>>, role: Role) => Object.keys(duties[role] ?? {});

/** Which arm of the 待办 applies to this user, by role; the states of each arm come from the workflow's duty tables. */
function todoScope(user: AuthUser): TodoScope {
  const org = user.organisationId;
  return {
    staffOrganisationId: hasRole(user, 'staff') ? org : null,
    leaderOrganisationId: hasRole(user, 'leader') ? org : null,
    centerOrganisationId: hasRole(user, 'center') ? org : null,
    reviewerId: hasRole(user, 'reviewer') ? user.id : null,
    states: {
      staffNotices: dutyStates(NOTICE_DUTIES, 'staff'),
      leaderNotices: dutyStates(NOTICE_DUTIES, 'leader'),
      centerAssignments: dutyStates(ASSIGNMENT_DUTIES, 'center'),
      reviewerAssignments: dutyStates(ASSIGNMENT_DUTIES, 'reviewer'),
      staffAssignments: dutyStates(ASSIGNMENT_DUTIES, 'staff'),
    },
    openStates: ASSIGNMENT_STATES.filter((state) => !DONE_STATES.includes(state)),
  };
}

const noticeRef = (n: NoticeHead) => ({ id: n.id, docNumber: n.docNumber, title: n.title });
const assignmentRef = (a: Assignment, org: Organisation | undefined) => ({
  id: a.id,
  organisation: { id: a.organisationId, code: org?.code ?? '', name: org?.name ?? '' },
});

/** What the page's items refer to, read in a few statements whatever the page size. */
interface Related {
  notices: Map<string, NoticeHead>;
  assignments: Map<string, Assignment>;
  organisations: Map<string, Organisation>;
}

/**
 * 待办: what this user must act on now, nearest deadline first, with the events
 * the machines let them send (the same `can()` as every view's `nextEvents`).
 * 已办: the acts this user made, from the audit log, newest first.
 */
@Injectable()
export class InboxService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(InboxRepository) private readonly repository: InboxRepository,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(AssignmentIssuing) private readonly issuing: AssignmentIssuing,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  list(user: AuthUser, query: InboxQueryDto): Promise<Paged<InboxItemView>> {
    return query.box === 'done' ? this.done(user, pageOf(query)) : this.todo(user, pageOf(query));
  }

  private async todo(user: AuthUser, page: Page): Promise<Paged<InboxItemView>> {
    return this.db.read(async (sql) => {
      const { items: rows, total } = await this.repository.todo(sql, todoScope(user), page);
      const assignmentIds = rows.filter((r) => r.kind === 'assignment').map((r) => r.id);
      const related = await this.related(
        sql,
        assignmentIds,
        rows.map((r) => r.noticeId),
      );
      const reviewed = hasRole(user, 'reviewer') ? await this.assignments.reviewedBy(sql, assignmentIds, user.id) : new Set<string>();
      const at = this.clock.now().toISOString();
      const items: InboxItemView[] = [];
      for (const row of rows) {
        const notice = related.notices.get(row.noticeId)!;
        const assignment = related.assignments.get(row.id);
        items.push(
          assignment ? this.assignmentTodo(user, assignment, notice, related, reviewed.has(assignment.id), at) : await this.noticeTodo(sql, user, notice, at),
        );
      }
      return { items, total };
    });
  }

  private async noticeTodo(sql: Sql, user: AuthUser, notice: NoticeHead, at: string): Promise<InboxItemView> {
    const open = notice.state === 'issued' ? await this.issuing.openCount(sql, notice.id) : 0;
    const returned = notice.state === 'draft' && restoreNotice(notice).context.returnComment !== null;
    const duty = user.roles.map((r) => NOTICE_DUTIES[r]?.[notice.state]).find(Boolean);
    return {
      kind: 'notice',
      what: returned ? '已退回，待修改' : (duty ?? NOTICE_STATE_LABELS[notice.state]),
      notice: noticeRef(notice),
      assignment: null,
      state: notice.state,
      stateLabel: NOTICE_STATE_LABELS[notice.state],
      nextEvents: noticeNextEvents(user, notice, at, open),
      deadline: toOffsetIso(notice.deadline, notice.timeZone),
      deadlineText: `${formatDeadline(notice.deadline, notice.timeZone)}前`,
    };
  }

  private assignmentTodo(user: AuthUser, a: Assignment, notice: NoticeHead, related: Related, isReviewer: boolean, at: string): InboxItemView {
    const snapshot = restoreAssignment(a);
    const roles = actingRoles(user, a, notice, isReviewer);
    const duty = roles.map((r) => ASSIGNMENT_DUTIES[r]?.[a.state]).find(Boolean);
    // The effective deadline is the snapshot's: extensions and resubmission time included.
    const deadline = snapshot.context.deadline;
    return {
      kind: 'assignment',
      what: duty ?? ASSIGNMENT_STATE_LABELS[a.state],
      notice: noticeRef(notice),
      assignment: assignmentRef(a, related.organisations.get(a.organisationId)),
      state: a.state,
      stateLabel: ASSIGNMENT_STATE_LABELS[a.state],
      nextEvents: assignmentNextEvents(snapshot, notice, roles, at),
      deadline: toOffsetIso(deadline, notice.timeZone),
      deadlineText: `${formatDeadline(deadline, notice.timeZone)}前`,
    };
  }

  private async done(user: AuthUser, page: Page): Promise<Paged<InboxItemView>> {
    return this.db.read(async (sql) => {
      const { items: acts, total } = await this.audit.byActor(sql, user.id, page);
      const assignmentIds = acts.filter((r) => r.entity === 'assignment').map((r) => r.entityId);
      const related = await this.related(
        sql,
        assignmentIds,
        acts.filter((r) => r.entity === 'notice').map((r) => r.entityId),
      );
      return { items: acts.map((r) => this.doneItem(r, related)), total };
    });
  }

  private doneItem(r: AuditRecord, related: Related): InboxItemView {
    const assignment = r.entity === 'assignment' ? related.assignments.get(r.entityId) : undefined;
    const notice = related.notices.get(assignment?.noticeId ?? r.entityId);
    const label = actLabel(r);
    const state = assignment?.state ?? notice?.state ?? null;
    const stateLabel = assignment
      ? ASSIGNMENT_STATE_LABELS[assignment.state as AssignmentState]
      : notice
        ? NOTICE_STATE_LABELS[notice.state as NoticeState]
        : null;
    return {
      kind: r.entity,
      what: label,
      notice: notice ? noticeRef(notice) : null,
      assignment: assignment ? assignmentRef(assignment, related.organisations.get(assignment.organisationId)) : null,
      state,
      stateLabel,
      act: { event: r.event, label, at: toOffsetIso(r.at, notice?.timeZone ?? 'Asia/Shanghai') },
    };
  }

  /** The assignments, their notices and the given notices, their organisations: one statement each. */
  private async related(sql: Sql, assignmentIds: string[], noticeIds: string[]): Promise<Related> {
    const list = await this.assignments.byIds(sql, [...new Set(assignmentIds)]);
    const notices = await this.notices.heads(sql, [...noticeIds, ...list.map((a) => a.noticeId)]);
    const organisations = await this.directory.organisationsByIds(
      sql,
      list.map((a) => a.organisationId),
    );
    return { notices, assignments: new Map(list.map((a) => [a.id, a])), organisations };
  }
}
