import { Inject, Injectable } from '@nestjs/common';
import { NOTICE_EVENT_ROLES, NOTICE_EVENT_TYPES, NOTICE_STATE_LABELS, noticeProbe, type NoticeEventType } from '../../workflows/notice.machine.js';
import { Db, type Sql } from '../database/db.js';
import { Clock } from '../common/clock.js';
import { DomainError, forbidden, notFound, validationFailed } from '../common/errors.js';
import { formatDeadline, isValidTimeZone, toOffsetIso } from '../common/beijing-time.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { newId } from '../common/ids.js';
import { parseInstant } from '../common/instants.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory } from '../identity/directory.service.js';
import { assertDrawableDeep } from '../documents/cjk-fonts.js';
import { DEFAULT_LADDER, parseLadder, type LadderRung } from '../deadlines/reminder-ladder.js';
import { DEFAULT_RESUBMISSION_WORKING_DAYS, calendarWarnings } from '../deadlines/deadline-planner.js';
import { WorkingCalendars } from '../deadlines/working-calendars.service.js';
import type { DivisionEntry, Notice, NoticeChanges } from './notice.entities.js';
import { NoticeRepository } from './notice.repository.js';
import { NoticeStore } from './notice-store.service.js';
import { initialNoticeSnapshot, restoreNotice } from './notice-transition.js';
import { editAttachmentList } from './attachment-list.js';
import type { CreateNoticeRequestDto, DivisionEntryDto, UpdateNoticeRequestDto } from './notice.request.dto.js';

/** Whether the user may send this event to this notice: the issuing commission's people, by role. */
export function mayActOnNotice(user: AuthUser, notice: Pick<Notice, 'issuerId'>, type: NoticeEventType): boolean {
  return user.organisationId === notice.issuerId && NOTICE_EVENT_ROLES[type].some((r) => r !== 'system' && user.roles.includes(r));
}

/** What this user may send to this notice now: the machine's `can()` asked with a probe of each event they may send. */
export function noticeNextEvents(
  user: AuthUser,
  notice: Pick<Notice, 'id' | 'issuerId' | 'snapshot' | 'machineVersion' | 'deadline'>,
  at: string,
  openAssignments = 0,
): NoticeEventType[] {
  const snapshot = restoreNotice(notice);
  return NOTICE_EVENT_TYPES.filter((t) => mayActOnNotice(user, notice, t) && snapshot.can(noticeProbe(t, at, { deadline: notice.deadline, openAssignments })));
}

export type NoticeView = ReturnType<typeof mapNotice>;

function mapNotice(n: Notice, issuer: { id: string; code: string; name: string } | undefined, nextEvents: NoticeEventType[], calendarWarnings: string[]) {
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
    calendarWarnings,
    state: n.state,
    stateLabel: NOTICE_STATE_LABELS[n.state],
    nextEvents,
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    signedAt: n.signedAt,
    issuedAt: n.issuedAt,
    closedAt: n.closedAt,
  };
}

/** Who may draft: the commission's staff (checked here and, before the body, on the routes). */
export const DRAFTING_IS_FOR_STAFF = '只有委医政医管处工作人员可以起草和修改公文';

/**
 * The notice's text is printed (the notice PDF, the receipts and tables that name it) and mailed: a character the
 * embedded fonts lack is refused when it is written, naming the field, never found when the PDF is built after issue.
 */
function assertPrintable(fields: Partial<Pick<CreateNoticeRequestDto, 'title' | 'body' | 'recipients' | 'mailbox' | 'attachments'>>): void {
  for (const field of ['title', 'body', 'recipients', 'mailbox', 'attachments'] as const) {
    if (fields[field] !== undefined) assertDrawableDeep(fields[field], field);
  }
}

@Injectable()
export class NoticesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(NoticeStore) private readonly store: NoticeStore,
    @Inject(WorkingCalendars) private readonly calendars: WorkingCalendars,
  ) {}

  // ---- writing ---------------------------------------------------------

  async create(user: AuthUser, body: CreateNoticeRequestDto): Promise<NoticeView> {
    this.requireStaff(user);
    assertPrintable(body);
    const timeZone = this.checkTimeZone(body.timeZone ?? 'Asia/Shanghai');
    const tableTemplate = body.tableTemplate ?? String(body.campaignYear);
    this.checkCampaign(body.campaignYear, tableTemplate);
    const at = this.clock.now().toISOString();
    const initial = initialNoticeSnapshot();
    const notice: Notice = {
      id: newId(),
      title: body.title,
      docNumber: null,
      docYear: null,
      docSeq: null,
      issuerId: user.organisationId,
      recipients: body.recipients,
      body: body.body,
      attachments: editAttachmentList([], body.attachments ?? []),
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
      signedAt: null,
      issuedAt: null,
      closedAt: null,
    };
    return this.db.tx(async (sql) => {
      await this.store.insert(sql, notice, {
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
      });
      return this.view(sql, notice, user);
    });
  }

  async update(user: AuthUser, id: string, body: UpdateNoticeRequestDto): Promise<NoticeView> {
    this.requireStaff(user);
    const { version, ...given } = body;
    // A transformed DTO carries every optional property, most of them undefined.
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Omit<UpdateNoticeRequestDto, 'version'>;
    assertPrintable(fields);
    const { reminderLadder, ...plain } = fields;
    const changes: NoticeChanges = { ...plain };
    if (fields.timeZone !== undefined) this.checkTimeZone(fields.timeZone);
    if (fields.deadline !== undefined) changes.deadline = parseInstant(fields.deadline, 'deadline');
    if (reminderLadder !== undefined) changes.reminderLadder = this.checkLadder(reminderLadder);
    return this.db.tx(async (sql) => {
      const notice = await this.own(sql, user, id);
      if (notice.state !== 'draft') throw new DomainError('INVALID_TRANSITION', `只有草稿可以修改（当前状态：${NOTICE_STATE_LABELS[notice.state]}）`);
      if (version !== undefined && version !== notice.version) throw new DomainError('VERSION_CONFLICT', '该公文已被他人修改，请刷新后重试');
      this.checkCampaign(fields.campaignYear ?? notice.campaignYear, fields.tableTemplate ?? notice.tableTemplate);
      if (fields.attachments !== undefined) changes.attachments = editAttachmentList(notice.attachments, fields.attachments);
      const at = this.clock.now().toISOString();
      const edited = await this.store.update(sql, notice, changes, at, [
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
      return this.view(sql, edited, user);
    });
  }

  /** 附件2: who leads and who partners on which goal. One lead per goal. */
  async setDivision(user: AuthUser, id: string, entries: DivisionEntryDto[]): Promise<NoticeView> {
    this.requireStaff(user);
    return this.db.tx(async (sql) => {
      const notice = await this.own(sql, user, id);
      if (notice.state !== 'draft') throw new DomainError('INVALID_TRANSITION', `只有草稿可以修改分工（当前状态：${NOTICE_STATE_LABELS[notice.state]}）`);
      const orgs = await this.directory.organisationsByIds(
        sql,
        entries.map((e) => e.organisationId),
      );
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
      const changed = await this.store.update(sql, notice, { division }, at, [
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
      return this.view(sql, changed, user);
    });
  }

  // ---- helpers ---------------------------------------------------------

  /** A notice of the caller's own commission (drafting is theirs alone); otherwise NOT_FOUND, so ids leak nothing. */
  private async own(sql: Sql, user: AuthUser, id: string): Promise<Notice> {
    const notice = await this.repository.find(sql, id);
    if (!notice || (notice.issuerId !== user.organisationId && !hasRole(user, 'admin'))) throw notFound('公文');
    return notice;
  }

  /** The notice as a client sees it, with what this caller may send now. */
  async view(sql: Sql, notice: Notice, user: AuthUser, openAssignments = 0): Promise<NoticeView> {
    const issuer = await this.directory.organisation(sql, notice.issuerId);
    const nextEvents = noticeNextEvents(user, notice, this.clock.now().toISOString(), openAssignments);
    const warnings = calendarWarnings(notice.deadline, notice, this.calendars.current());
    return mapNotice(notice, issuer && { id: issuer.id, code: issuer.code, name: issuer.name }, nextEvents, warnings);
  }

  private requireStaff(user: AuthUser): void {
    if (!hasRole(user, 'staff')) throw forbidden(DRAFTING_IS_FOR_STAFF);
  }

  private checkLadder(ladder: unknown): LadderRung[] {
    try {
      return parseLadder(ladder);
    } catch (error) {
      throw validationFailed(`催办设置有误：${(error as Error).message}`, [{ field: 'reminderLadder', message: (error as Error).message }]);
    }
  }

  private checkTimeZone(timeZone: string): string {
    if (!isValidTimeZone(timeZone)) {
      throw validationFailed(`未知的时区 ${timeZone}`, [{ field: 'timeZone', message: `未知的时区 ${timeZone}（应为 IANA 时区名，如 Asia/Shanghai）` }]);
    }
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
