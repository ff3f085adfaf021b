import { Inject, Injectable } from '@nestjs/common';
import {
  NOTICE_EVENT_ROLES,
  NOTICE_EVENT_TYPES,
  NOTICE_STATE_LABELS,
  noticeProbe,
  type NoticeEvent,
  type NoticeEventType,
} from '../../workflows/notice.machine.js';
import { ASSIGNMENT_STATES, AWAITING_SUBMISSION, type AssignmentState } from '../../workflows/assignment.machine.js';
import { Db, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError, assertFound, forbidden, notFound, validationFailed } from '../common/errors.js';
import { formatDeadline, isValidTimeZone, toOffsetIso } from '../common/beijing-time.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { newId } from '../common/ids.js';
import { parseInstant } from '../common/instants.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { identityRepository } from '../identity/identity.repository.js';
import { auditRepository } from '../audit/audit.repository.js';
import { assignmentRepository } from '../assignments/assignment.repository.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { NoticeRuntime } from '../workflow/notice-runtime.js';
import { DEFAULT_LADDER, parseLadder, type LadderRung } from '../deadlines/reminder-ladder.js';
import { DEFAULT_RESUBMISSION_WORKING_DAYS } from '../deadlines/deadline-planner.js';
import { DocumentSources } from '../publishing/document-sources.service.js';
import { noticeRepository, type DivisionEntry, type Notice, type NoticeChanges } from './notice.repository.js';
import type { CreateNoticeRequestDto, DivisionEntryDto, NoticeEventRequestDto, UpdateNoticeRequestDto } from './notice.request.dto.js';

export type NoticeView = ReturnType<typeof mapNotice>;

function mapNotice(n: Notice, issuer: { id: string; code: string; name: string } | undefined, nextEvents: NoticeEventType[]) {
  return {
    id: n.id,
    title: n.title,
    docNumber: n.docNumber,
    issuer: issuer ?? { id: n.issuerId, code: '', name: '' },
    recipients: n.recipients,
    body: n.body,
    attachments: n.attachments,
    deadline: toOffsetIso(n.deadline, n.timeZone),
    deadlineText: `${formatDeadline(n.deadline, n.timeZone)}前`,
    timeZone: n.timeZone,
    mailbox: n.mailbox,
    campaignYear: n.campaignYear,
    tableTemplate: n.tableTemplate,
    division: n.division,
    latePolicy: n.latePolicy,
    reminderLadder: n.reminderLadder ?? DEFAULT_LADDER,
    resubmissionWorkingDays: n.resubmissionWorkingDays ?? DEFAULT_RESUBMISSION_WORKING_DAYS,
    state: n.state,
    stateLabel: NOTICE_STATE_LABELS[n.state],
    nextEvents,
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    issuedAt: n.issuedAt,
    closedAt: n.closedAt,
  };
}

@Injectable()
export class NoticesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(NoticeRuntime) private readonly runtime: NoticeRuntime,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(DocumentSources) private readonly documents: DocumentSources,
  ) {}

  // ---- reading ---------------------------------------------------------

  async list(user: AuthUser): Promise<NoticeView[]> {
    return this.db.read(async (sql) => {
      const notices = hasRole(user, 'admin')
        ? await noticeRepository.list(sql, null)
        : hasRole(user, 'staff', 'leader')
          ? await noticeRepository.list(sql, user.organisationId)
          : hasRole(user, 'center')
            ? await noticeRepository.listForAssignee(sql, user.organisationId)
            : await noticeRepository.listForReviewer(sql, user.id);
      return Promise.all(notices.map((n) => this.view(sql, n, user)));
    });
  }

  async get(user: AuthUser, id: string): Promise<NoticeView> {
    return this.db.read(async (sql) => this.view(sql, await this.visible(sql, user, id), user));
  }

  /** Counts per state and, per center and per goal, where the round stands. */
  async progress(user: AuthUser, id: string) {
    return this.db.read(async (sql) => {
      const notice = await this.visible(sql, user, id);
      if (!hasRole(user, 'staff', 'leader', 'admin') || (user.organisationId !== notice.issuerId && !hasRole(user, 'admin'))) {
        throw forbidden('只有发文机关可以查看办理进度');
      }
      const now = this.clock.now();
      const assignments = await assignmentRepository.list(sql, { noticeId: id });
      const versions = await assignmentRepository.versionsOfNotice(sql, id);
      const orgs = new Map(
        (
          await identityRepository.organisationsByIds(
            sql,
            assignments.map((a) => a.organisationId),
          )
        ).map((o) => [o.id, o]),
      );
      const counts = Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;
      const centers = assignments.map((a) => {
        counts[a.state] += 1;
        const own = versions.filter((v) => v.assignmentId === a.id);
        const latest = own.at(-1);
        // Overdue is what a person sees at the deadline, whether or not the scheduler has marked it yet.
        const overdue = a.state === 'overdue' || (AWAITING_SUBMISSION.includes(a.state) && now.getTime() >= Date.parse(a.deadline));
        const org = orgs.get(a.organisationId);
        return {
          assignmentId: a.id,
          organisation: { id: a.organisationId, code: org?.code ?? '', name: org?.name ?? '' },
          role: a.role,
          goals: a.goals,
          state: a.state,
          deadline: toOffsetIso(a.deadline, notice.timeZone),
          submittedAt: latest ? toOffsetIso(latest.submittedAt, notice.timeZone) : null,
          late: latest?.late ?? false,
          overdue,
          versions: own.length,
        };
      });
      const goals = [...new Set(assignments.flatMap((a) => a.goals.map((g) => g.code)))].sort().map((code) => ({
        code,
        title: this.catalogue.goal(code)?.title ?? '',
        centers: centers
          .filter((c) => c.goals.some((g) => g.code === code))
          .map((c) => ({
            organisation: c.organisation,
            role: c.goals.find((g) => g.code === code)!.role,
            state: c.state,
            submittedAt: c.submittedAt,
            late: c.late,
            overdue: c.overdue,
            versions: c.versions,
          })),
      }));
      return {
        noticeId: notice.id,
        docNumber: notice.docNumber,
        state: notice.state,
        deadline: toOffsetIso(notice.deadline, notice.timeZone),
        asOf: toOffsetIso(now, notice.timeZone),
        total: assignments.length,
        counts,
        submitted: centers.filter((c) => c.versions > 0).length,
        overdue: centers.filter((c) => c.overdue).length,
        centers,
        goals,
      };
    });
  }

  /** The notice as a printed document (GB/T 9704-2012), rendered outside any transaction. */
  async documentPdf(user: AuthUser, id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const notice = await this.db.read((sql) => this.visible(sql, user, id));
    return { bytes: await this.documents.noticePdf(id), filename: `${notice.docNumber ?? `${notice.title}（草稿）`}.pdf` };
  }

  // ---- writing ---------------------------------------------------------

  async create(user: AuthUser, body: CreateNoticeRequestDto): Promise<NoticeView> {
    this.requireStaff(user);
    const timeZone = this.checkTimeZone(body.timeZone ?? 'Asia/Shanghai');
    const tableTemplate = body.tableTemplate ?? String(body.campaignYear);
    this.checkCampaign(body.campaignYear, tableTemplate);
    const at = this.clock.now().toISOString();
    const initial = this.runtime.initialSnapshot();
    const notice: Notice = {
      id: newId(),
      title: body.title,
      docNumber: null,
      docYear: null,
      docSeq: null,
      issuerId: user.organisationId,
      recipients: body.recipients,
      body: body.body,
      attachments: body.attachments ?? [],
      deadline: parseInstant(body.deadline, 'deadline'),
      timeZone,
      mailbox: body.mailbox,
      campaignYear: body.campaignYear,
      tableTemplate,
      tableSchema: null,
      division: [],
      latePolicy: body.latePolicy ?? 'reject',
      reminderLadder: body.reminderLadder ? this.checkLadder(body.reminderLadder) : null,
      resubmissionWorkingDays: body.resubmissionWorkingDays ?? null,
      ...initial,
      version: 1,
      createdBy: user.id,
      createdAt: at,
      updatedAt: at,
      issuedAt: null,
      closedAt: null,
    };
    return this.db.tx(async (sql) => {
      await noticeRepository.insert(sql, notice);
      await auditRepository.append(sql, [
        {
          at,
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'notice',
          entityId: notice.id,
          event: 'CREATE',
          kind: 'notice.created',
          from: null,
          to: notice.state,
          payload: body,
        },
      ]);
      return this.view(sql, notice, user);
    });
  }

  async update(user: AuthUser, id: string, body: UpdateNoticeRequestDto): Promise<NoticeView> {
    this.requireStaff(user);
    const { version, ...given } = body;
    // A transformed DTO carries every optional property, most of them undefined.
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Omit<UpdateNoticeRequestDto, 'version'>;
    const { reminderLadder, ...plain } = fields;
    const changes: NoticeChanges = { ...plain };
    if (fields.timeZone !== undefined) this.checkTimeZone(fields.timeZone);
    if (fields.deadline !== undefined) changes.deadline = parseInstant(fields.deadline, 'deadline');
    if (reminderLadder !== undefined) changes.reminderLadder = this.checkLadder(reminderLadder);
    return this.db.tx(async (sql) => {
      const notice = await this.visible(sql, user, id);
      if (notice.state !== 'draft') throw new DomainError('INVALID_TRANSITION', `只有草稿可以修改（当前状态：${NOTICE_STATE_LABELS[notice.state]}）`);
      if (version !== undefined && version !== notice.version) throw new DomainError('VERSION_CONFLICT', '该公文已被他人修改，请刷新后重试');
      this.checkCampaign(fields.campaignYear ?? notice.campaignYear, fields.tableTemplate ?? notice.tableTemplate);
      const at = this.clock.now().toISOString();
      if (!(await noticeRepository.update(sql, id, notice.version, changes, at))) {
        throw new DomainError('VERSION_CONFLICT', '该公文已被他人修改，请刷新后重试');
      }
      await auditRepository.append(sql, [
        {
          at,
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'notice',
          entityId: id,
          event: 'EDIT',
          kind: 'notice.edited',
          from: notice.state,
          to: notice.state,
          payload: body,
          detail: { fields: Object.keys(fields) },
        },
      ]);
      return this.view(sql, { ...notice, ...changes, version: notice.version + 1, updatedAt: at } as Notice, user);
    });
  }

  /** 附件2: who leads and who partners on which goal. One lead per goal. */
  async setDivision(user: AuthUser, id: string, entries: DivisionEntryDto[]): Promise<NoticeView> {
    this.requireStaff(user);
    return this.db.tx(async (sql) => {
      const notice = await this.visible(sql, user, id);
      if (notice.state !== 'draft') throw new DomainError('INVALID_TRANSITION', `只有草稿可以修改分工（当前状态：${NOTICE_STATE_LABELS[notice.state]}）`);
      const orgs = new Map((await identityRepository.organisationsByIds(sql, [...new Set(entries.map((e) => e.organisationId))])).map((o) => [o.id, o]));
      const errors: { field: string; message: string }[] = [];
      const leads = new Map<string, string>();
      const seen = new Set<string>();
      entries.forEach((e, i) => {
        const org = orgs.get(e.organisationId);
        if (!org) errors.push({ field: `[${i}].organisationId`, message: `机构 ${e.organisationId} 不存在` });
        else if (org.kind !== 'center') errors.push({ field: `[${i}].organisationId`, message: `${org.name} 不是质控中心` });
        e.goalCodes.forEach((code, j) => {
          if (!this.catalogue.goal(code) || !code.startsWith(`${notice.campaignYear}-`)) {
            errors.push({ field: `[${i}].goalCodes[${j}]`, message: `目标 ${code} 不在 ${notice.campaignYear} 年度目录中` });
          }
          const pair = `${e.organisationId}/${code}`;
          if (seen.has(pair)) errors.push({ field: `[${i}].goalCodes[${j}]`, message: `同一机构对目标 ${code} 只能有一个角色` });
          seen.add(pair);
          if (e.role === 'lead') {
            if (leads.has(code)) errors.push({ field: `[${i}].goalCodes[${j}]`, message: `目标 ${code} 已有牵头单位` });
            leads.set(code, e.organisationId);
          }
        });
      });
      if (errors.length > 0) throw validationFailed('分工有误', errors);
      const division: DivisionEntry[] = entries.map((e) => ({ organisationId: e.organisationId, goalCodes: [...e.goalCodes], role: e.role }));
      const at = this.clock.now().toISOString();
      if (!(await noticeRepository.update(sql, id, notice.version, { division }, at))) {
        throw new DomainError('VERSION_CONFLICT', '该公文已被他人修改，请刷新后重试');
      }
      await auditRepository.append(sql, [
        {
          at,
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'notice',
          entityId: id,
          event: 'SET_DIVISION',
          kind: 'notice.divisionSet',
          from: notice.state,
          to: notice.state,
          payload: division,
        },
      ]);
      return this.view(sql, { ...notice, division, version: notice.version + 1, updatedAt: at }, user);
    });
  }

  async applyEvent(user: AuthUser, id: string, body: NoticeEventRequestDto, idempotencyKey?: string): Promise<NoticeView> {
    if (body.type === 'RETURN' && !body.comment?.trim()) {
      throw validationFailed('退回时必须填写意见', [{ field: 'comment', message: 'required for RETURN' }]);
    }
    return this.idempotency.run({ userId: user.id, key: idempotencyKey, request: { id, ...body } }, async (sql) => {
      const notice = await this.visible(sql, user, id);
      if (!this.mayAct(user, notice, body.type)) throw forbidden(`无权对此公文执行 ${body.type}`);
      const at = this.clock.now().toISOString();
      const event = await this.buildEvent(sql, notice, body, at);
      const next = await this.runtime.apply(sql, notice, event, { userId: user.id, organisationId: user.organisationId });
      return this.view(sql, next, user);
    });
  }

  // ---- helpers ---------------------------------------------------------

  private async buildEvent(sql: Sql, notice: Notice, body: NoticeEventRequestDto, at: string): Promise<NoticeEvent> {
    switch (body.type) {
      case 'ISSUE':
        return { type: 'ISSUE', at, deadline: notice.deadline };
      case 'CLOSE':
        return { type: 'CLOSE', at, openAssignments: await this.runtime.openAssignments(sql, notice.id), comment: body.comment };
      case 'RETURN':
        return { type: 'RETURN', at, comment: body.comment ?? '' };
      case 'SUBMIT_FOR_CHECK':
        return { type: 'SUBMIT_FOR_CHECK', at };
      case 'APPROVE_CHECK':
      case 'SIGN':
      case 'REVOKE':
        return { type: body.type, at, comment: body.comment };
    }
  }

  private mayAct(user: AuthUser, notice: Notice, type: NoticeEventType): boolean {
    return user.organisationId === notice.issuerId && NOTICE_EVENT_ROLES[type].some((r) => r !== 'system' && user.roles.includes(r));
  }

  /** The notice, if this user may see it; otherwise NOT_FOUND, so ids leak nothing. */
  private async visible(sql: Sql, user: AuthUser, id: string): Promise<Notice> {
    const notice = await noticeRepository.find(sql, id);
    assertFound(notice, '公文');
    // Drafts are for the issuer's staff and leaders; a reviewer of the same commission sees issued notices only.
    if (hasRole(user, 'admin') || (notice.issuerId === user.organisationId && hasRole(user, 'staff', 'leader'))) return notice;
    if (notice.issuedAt !== null) {
      if (hasRole(user, 'center') && (await assignmentRepository.list(sql, { noticeId: id, organisationId: user.organisationId })).length > 0) return notice;
      if (hasRole(user, 'reviewer') && (await assignmentRepository.list(sql, { noticeId: id, reviewerId: user.id })).length > 0) return notice;
    }
    throw notFound('公文');
  }

  private async view(sql: Sql, notice: Notice, user: AuthUser): Promise<NoticeView> {
    const issuer = await identityRepository.organisation(sql, notice.issuerId);
    const snapshot = this.runtime.restore(notice);
    const at = this.clock.now().toISOString();
    const candidates = NOTICE_EVENT_TYPES.filter((t) => this.mayAct(user, notice, t));
    const openAssignments = notice.state === 'issued' && candidates.includes('CLOSE') ? await this.runtime.openAssignments(sql, notice.id) : 0;
    const nextEvents = candidates.filter((t) => snapshot.can(noticeProbe(t, at, { deadline: notice.deadline, openAssignments })));
    return mapNotice(notice, issuer && { id: issuer.id, code: issuer.code, name: issuer.name }, nextEvents);
  }

  private requireStaff(user: AuthUser): void {
    if (!hasRole(user, 'staff')) throw forbidden('只有委医政医管处工作人员可以起草和修改公文');
  }

  private checkLadder(ladder: unknown): LadderRung[] {
    try {
      return parseLadder(ladder);
    } catch (error) {
      throw validationFailed(`催办设置有误：${(error as Error).message}`, [{ field: 'reminderLadder', message: (error as Error).message }]);
    }
  }

  private checkTimeZone(timeZone: string): string {
    if (!isValidTimeZone(timeZone)) throw validationFailed(`未知的时区 ${timeZone}`, [{ field: 'timeZone', message: 'unknown IANA time zone' }]);
    return timeZone;
  }

  private checkCampaign(year: number, template: string): void {
    try {
      this.catalogue.goals(year);
      this.catalogue.tableTemplate(template);
    } catch (error) {
      if (error instanceof DomainError) throw validationFailed(error.detail, [{ field: 'campaignYear', message: error.detail }]);
      throw error;
    }
  }
}
