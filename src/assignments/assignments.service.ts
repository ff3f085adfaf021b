import { Inject, Injectable } from '@nestjs/common';
import {
  ASSIGNMENT_EVENT_LABELS,
  ASSIGNMENT_EVENT_ROLES,
  ASSIGNMENT_STATE_LABELS,
  type AssignmentEvent,
  type AssignmentEventType,
} from '../../workflows/assignment.machine.js';
import type { Role } from '../../workflows/roles.js';
import { Db, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError, assertFound, forbidden, notFound, validationFailed, type FieldError } from '../common/errors.js';
import { formatDeadline, toOffsetIso } from '../common/beijing-time.js';
import { parseInstant } from '../common/instants.js';
import { pageOf } from '../common/paging.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory, type Person } from '../identity/directory.service.js';
import { AuditLog } from '../audit/audit-log.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { resubmissionDeadline } from '../deadlines/deadline-planner.js';
import { WorkingCalendars } from '../deadlines/working-calendars.service.js';
import { ReminderLog } from '../deadlines/reminder-log.service.js';
import { assertDrawableDeep } from '../documents/cjk-fonts.js';
import { MissingGlyphError } from '../documents/missing-glyph.error.js';
import { assertDrawable } from '../documents/cjk-fonts.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import type { Assignment, SubmissionVersion } from './assignment.entities.js';
import { AssignmentRepository } from './assignment.repository.js';
import { AssignmentStore } from './assignment-store.service.js';
import { planAssignmentEvent, restoreAssignment } from './assignment-transition.js';
import { SubmissionDocuments } from './submission-documents.service.js';
import { actingRoles, assignmentNextEvents } from './assignment-permissions.js';
import type { AssignmentEventRequestDto, AssignmentQueryDto, SaveDraftRequestDto } from './assignment.request.dto.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Access {
  notice: NoticeHead;
  assignment: Assignment;
  /** The roles under which this user may act on this assignment. */
  actingRoles: Role[];
}

export function mapVersion(v: SubmissionVersion, timeZone: string) {
  return {
    version: v.version,
    submittedAt: toOffsetIso(v.submittedAt, timeZone),
    late: v.late,
    sha256: v.sha256,
    receiptNo: v.receiptNo,
  };
}

/**
 * Who may review an assignment of the notice's commission: an account of that
 * commission, in use, with the reviewer role. One message per refused id.
 */
function reviewerProblems(ids: string[], people: Map<string, Person>, commissionId: string): FieldError[] {
  return ids.flatMap((id, i) => {
    const u = people.get(id);
    const field = `reviewerIds[${i}]`;
    if (!u || !u.roles.includes('reviewer')) return [{ field, message: `${id} 不是审核人` }];
    if (u.organisationId !== commissionId) return [{ field, message: `${u.displayName}（${u.username}）不是本委的审核人` }];
    if (u.disabledAt !== null) return [{ field, message: `${u.displayName}（${u.username}）的账号已停用` }];
    return [];
  });
}

@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(SubmissionDocuments) private readonly documents: SubmissionDocuments,
    @Inject(AssignmentRepository) private readonly repository: AssignmentRepository,
    @Inject(AssignmentStore) private readonly store: AssignmentStore,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ReminderLog) private readonly reminderLog: ReminderLog,
    @Inject(WorkingCalendars) private readonly calendars: WorkingCalendars,
  ) {}

  async list(user: AuthUser, query: AssignmentQueryDto) {
    return this.db.read(async (sql) => {
      const scope = hasRole(user, 'staff', 'leader', 'admin')
        ? hasRole(user, 'admin')
          ? {}
          : { noticeIds: await this.notices.idsByIssuer(sql, user.organisationId) }
        : hasRole(user, 'center')
          ? { organisationId: user.organisationId }
          : { reviewerId: user.id };
      const { items: rows, total } = await this.repository.listPage(sql, { ...scope, noticeId: query.noticeId, state: query.state }, pageOf(query));
      const notices = await this.notices.heads(
        sql,
        rows.map((a) => a.noticeId),
      );
      const orgs = await this.directory.organisationsByIds(
        sql,
        rows.map((a) => a.organisationId),
      );
      const items = rows.map((a) => {
        const notice = notices.get(a.noticeId)!;
        const org = orgs.get(a.organisationId);
        return this.summary(a, notice, org ? { id: org.id, code: org.code, name: org.name } : undefined, actingRoles(user, a, notice, 'reviewerId' in scope));
      });
      return { items, total };
    });
  }

  async get(user: AuthUser, id: string) {
    return this.db.read(async (sql) => this.detail(sql, user, await this.access(sql, user, id)));
  }

  async version(user: AuthUser, id: string, version: number) {
    return this.db.read(async (sql) => {
      const { notice } = await this.access(sql, user, id);
      const found = await this.repository.version(sql, id, version);
      if (!found) throw notFound(`第${version}版`);
      return { ...mapVersion(found, notice.timeZone), table: found.table };
    });
  }

  /** A version's receipt or table as PDF; rendered after the access check, outside any transaction. */
  async versionPdf(user: AuthUser, id: string, version: number, kind: 'receipt' | 'table'): Promise<{ bytes: Uint8Array; filename: string }> {
    const { organisation } = await this.db.read(async (sql) => {
      const access = await this.access(sql, user, id);
      if (!(await this.repository.version(sql, id, version))) throw notFound(`第${version}版`);
      return { organisation: await this.directory.organisation(sql, access.assignment.organisationId) };
    });
    const bytes = kind === 'receipt' ? await this.documents.receiptPdf(id, version) : await this.documents.tablePdf(id, version);
    return { bytes, filename: `${kind === 'receipt' ? '回执' : '策略表'}-${organisation?.name ?? id}-第${version}版.pdf` };
  }

  /** The assignment and its notice if this user may see it (NOT_FOUND otherwise), with the roles they act under. */
  async visible(user: AuthUser, id: string): Promise<Access> {
    return this.db.read((sql) => this.access(sql, user, id));
  }

  async saveDraft(user: AuthUser, id: string, body: SaveDraftRequestDto, idempotencyKey?: string) {
    return this.idempotency.run({ userId: user.id, key: idempotencyKey, request: { id, draft: body } }, async (sql) => {
      const access = await this.access(sql, user, id);
      this.requireRole(access, 'SAVE_DRAFT');
      if (body.version !== undefined && body.version !== access.assignment.version) {
        throw new DomainError('VERSION_CONFLICT', '草稿已被他人修改，请刷新后重试');
      }
      const at = this.clock.now().toISOString();
      const plan = planAssignmentEvent({
        ...access,
        event: { type: 'SAVE_DRAFT', at },
        actor: this.acting(user),
        table: body.table,
        calendar: this.calendars.current(),
      });
      const applied = await this.store.commit(sql, plan);
      return this.detail(sql, user, { ...access, assignment: applied.assignment });
    });
  }

  async applyEvent(user: AuthUser, id: string, body: AssignmentEventRequestDto, idempotencyKey?: string) {
    const event = this.checkPayload(body);
    return this.idempotency.run({ userId: user.id, key: idempotencyKey, request: { id, ...body } }, async (sql) => {
      const access = await this.access(sql, user, id);
      this.requireRole(access, body.type);
      // The instant of the act is read inside the transaction that records it.
      const at = this.clock.now().toISOString();
      // A returned center gets the notice's resubmission time (never less than its current deadline).
      const calendar = this.calendars.current();
      const full = (
        event.type === 'RETURN' ? { ...event, at, resubmitBy: resubmissionDeadline(at, access.notice.deadline, access.notice, calendar) } : { ...event, at }
      ) as AssignmentEvent;
      const plan = planAssignmentEvent({
        ...access,
        event: full,
        actor: this.acting(user),
        table: body.table,
        checkTable: (table) => this.checkTable(access.notice, access.assignment, table),
        calendar,
      });
      const applied = await this.store.commit(sql, plan);
      if (body.type === 'SUBMIT') {
        // The hot path answers from what it already holds: no re-read after the write.
        return this.summary(applied.assignment, access.notice, undefined, access.actingRoles, applied.version);
      }
      return this.detail(sql, user, { ...access, assignment: applied.assignment });
    });
  }

  async setReviewers(user: AuthUser, id: string, reviewerIds: string[]) {
    return this.db.tx(async (sql) => {
      const access = await this.access(sql, user, id);
      if (!hasRole(user, 'staff') || access.notice.issuerId !== user.organisationId) throw forbidden('只有发文机关工作人员可以指定审核人');
      const unique = [...new Set(reviewerIds)];
      const errors = reviewerProblems(unique, await this.directory.peopleByIds(sql, unique), access.notice.issuerId);
      if (errors.length > 0) throw validationFailed(`审核人有误：${errors.map((e) => e.message).join('；')}`, errors);
      const at = this.clock.now().toISOString();
      await this.repository.setReviewers(sql, id, unique);
      // Bump the version so a concurrent reader's compare-and-set notices the change.
      if (!(await this.repository.bumpVersion(sql, id, access.assignment.version, at))) {
        throw new DomainError('VERSION_CONFLICT', '该任务已被他人更新，请刷新后重试');
      }
      await this.audit.append(sql, [
        {
          at,
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'assignment',
          entityId: id,
          event: 'SET_REVIEWERS',
          kind: 'assignment.reviewersSet',
          from: access.assignment.state,
          to: access.assignment.state,
          payload: unique,
        },
      ]);
      return this.detail(sql, user, { ...access, assignment: { ...access.assignment, version: access.assignment.version + 1 } });
    });
  }

  // ---- helpers ---------------------------------------------------------

  /**
   * Field rules per event type, checked before any database work. A reason, comment or feedback is printed in
   * the version's history and mailed: a character the fonts lack is refused here, naming the field.
   */
  private checkPayload(body: AssignmentEventRequestDto): DistributiveOmit<AssignmentEvent, 'at'> {
    for (const field of ['reason', 'feedback', 'comment'] as const) if (body[field]) assertDrawable(body[field], field);
    switch (body.type) {
      case 'RETURN':
        if (!body.reason?.trim()) throw validationFailed('退回时必须填写理由', [{ field: 'reason', message: '退回时必须填写理由' }]);
        return { type: 'RETURN', reason: body.reason.trim() };
      case 'GIVE_FEEDBACK':
        if (!body.feedback?.trim()) throw validationFailed('请填写反馈意见', [{ field: 'feedback', message: '请填写反馈意见' }]);
        return { type: 'GIVE_FEEDBACK', feedback: body.feedback.trim() };
      case 'EXTEND_DEADLINE':
        if (!body.until) throw validationFailed('请填写延期后的截止时间', [{ field: 'until', message: '请填写延期后的截止时间' }]);
        if (!body.reason?.trim()) throw validationFailed('延期必须填写理由', [{ field: 'reason', message: '延期必须填写理由' }]);
        return { type: 'EXTEND_DEADLINE', until: parseInstant(body.until, 'until'), reason: body.reason.trim() };
      case 'APPROVE':
        return { type: 'APPROVE', comment: body.comment?.trim() || undefined };
      case 'ACKNOWLEDGE':
      case 'SUBMIT':
      case 'WITHDRAW':
      case 'START_REVIEW':
        return { type: body.type };
      case 'SAVE_DRAFT':
      case 'DEADLINE_PASSED':
      case 'CLOSE':
        throw validationFailed(`${body.type} 不能由客户端发送`, [{ field: 'type', message: `${body.type} 由系统自动执行，不能由客户端发送` }]);
    }
  }

  private acting(user: AuthUser) {
    return { userId: user.id, organisationId: user.organisationId };
  }

  /** Checks a table against the campaign's template, the fonts and the assignment's goals. */
  private checkTable(notice: NoticeHead, assignment: Assignment, table: Record<string, unknown>): FieldError[] {
    if (!notice.tableSchema) return [{ field: 'table', message: '该公文没有策略表模板' }];
    const errors = this.catalogue.validateTable(notice.tableSchema, table);
    if (errors.length > 0) return errors;
    try {
      // A character the PDF font lacks would print as a box on the receipt: refuse it now, naming the field.
      assertDrawableDeep(table, 'table');
    } catch (error) {
      if (error instanceof MissingGlyphError) return [{ field: error.field, message: error.message }];
      throw error;
    }
    const entries = (table as { goals: { goalCode: string }[] }).goals.map((g) => g.goalCode);
    const expected = assignment.goals.map((g) => g.code);
    const problems: FieldError[] = [];
    for (const code of expected.filter((c) => !entries.includes(c))) {
      problems.push({ field: 'table.goals', message: `缺少目标 ${code}（${this.catalogue.goal(code)?.title ?? ''}）的条目` });
    }
    entries.forEach((code, i) => {
      if (!expected.includes(code)) problems.push({ field: `table.goals[${i}].goalCode`, message: `目标 ${code} 不属于本单位的分工` });
      else if (entries.indexOf(code) !== i) problems.push({ field: `table.goals[${i}].goalCode`, message: `目标 ${code} 重复填写` });
    });
    return problems;
  }

  /** Loads the assignment and its notice if the user may see it; otherwise NOT_FOUND, so ids leak nothing. */
  private async access(sql: Sql, user: AuthUser, id: string): Promise<Access> {
    const assignment = await this.repository.findForEvent(sql, id);
    assertFound(assignment, '任务');
    const notice = await this.notices.head(sql, assignment.noticeId);
    assertFound(notice, '任务');
    const isReviewer = hasRole(user, 'reviewer') && (await this.repository.isReviewer(sql, id, user.id));
    const roles = actingRoles(user, assignment, notice, isReviewer);
    if (roles.length === 0) throw notFound('任务');
    return { notice, assignment, actingRoles: roles };
  }

  private requireRole(access: Access, type: AssignmentEventType): void {
    if (!ASSIGNMENT_EVENT_ROLES[type].some((r) => r !== 'system' && access.actingRoles.includes(r))) {
      throw forbidden(`无权对此任务${ASSIGNMENT_EVENT_LABELS[type]}`);
    }
  }

  /** The assignment as a client sees it, with what this caller may send now (one snapshot restore for both). */
  private summary(
    a: Assignment,
    notice: NoticeHead,
    organisation: { id: string; code: string; name: string } | undefined,
    actingRoles: Role[],
    version?: SubmissionVersion,
  ) {
    const snapshot = restoreAssignment(a);
    const context = snapshot.context;
    const nextEvents = assignmentNextEvents(snapshot, notice, actingRoles, this.clock.now().toISOString());
    return {
      id: a.id,
      noticeId: a.noticeId,
      notice: { id: notice.id, title: notice.title, docNumber: notice.docNumber },
      organisation: organisation ?? { id: a.organisationId },
      role: a.role,
      goals: a.goals.map((g) => ({ ...g, title: this.catalogue.goal(g.code)?.title ?? '' })),
      state: a.state,
      stateLabel: ASSIGNMENT_STATE_LABELS[a.state],
      nextEvents,
      version: a.version,
      deadline: toOffsetIso(context.deadline, notice.timeZone),
      deadlineText: `${formatDeadline(context.deadline, notice.timeZone)}前`,
      originalDeadline: toOffsetIso(context.originalDeadline, notice.timeZone),
      acknowledgedAt: context.acknowledgedAt && toOffsetIso(context.acknowledgedAt, notice.timeZone),
      versionCount: context.versions,
      ...(version ? { submitted: mapVersion(version, notice.timeZone) } : {}),
    };
  }

  private async detail(sql: Sql, user: AuthUser, access: Access) {
    const { assignment: a, notice } = access;
    const org = await this.directory.organisation(sql, a.organisationId);
    const versions = await this.repository.versions(sql, a.id);
    const reviews = await this.repository.reviews(sql, a.id);
    const reviewerIds = await this.repository.reviewerIds(sql, a.id);
    const people = await this.directory.peopleByIds(sql, [...reviewerIds, ...reviews.map((r) => r.actorId)]);
    const history = await this.audit.forEntity(sql, 'assignment', a.id);
    const reminders = await this.reminderLog.forAssignment(sql, a.id);
    const tz = notice.timeZone;
    const who = (id: string | null) => (id ? { id, username: people.get(id)?.username ?? null, displayName: people.get(id)?.displayName ?? id } : null);
    return {
      ...this.summary(a, notice, org && { id: org.id, code: org.code, name: org.name }, access.actingRoles),
      draft: a.draft,
      draftUpdatedAt: a.draftUpdatedAt && toOffsetIso(a.draftUpdatedAt, tz),
      versions: versions.map((v) => mapVersion(v, tz)),
      reviews: reviews
        .filter((r) => r.kind === 'approved' || r.kind === 'returned')
        .map((r) => ({ version: r.version, decision: r.kind, reason: r.text, reviewer: who(r.actorId), at: toOffsetIso(r.at, tz) })),
      feedback: reviews
        .filter((r) => r.kind === 'feedback')
        .map((r) => ({ version: r.version, feedback: r.text, by: who(r.actorId), at: toOffsetIso(r.at, tz) })),
      extensions: reviews.filter((r) => r.kind === 'extension').map((r) => ({ reason: r.text, by: who(r.actorId), at: toOffsetIso(r.at, tz) })),
      reviewers: reviewerIds.map((id) => who(id)),
      reminders: reminders.map((r) => ({ kind: r.kind, label: r.label, message: r.message, deadline: toOffsetIso(r.deadline, tz), at: toOffsetIso(r.at, tz) })),
      history: history.map((h) => ({
        at: toOffsetIso(h.at, tz),
        event: h.event,
        from: h.fromState,
        to: h.toState,
        actorId: h.actorId,
        detail: h.detail,
      })),
    };
  }
}
