import { Inject, Injectable } from '@nestjs/common';
import { ASSIGNMENT_STATES, AWAITING_SUBMISSION, type AssignmentState } from '../../workflows/assignment.machine.js';
import { NOTICE_EVENT_LABELS, type NoticeAction, type NoticeEvent, type NoticeEventType, type NoticeState } from '../../workflows/notice.machine.js';
import type { Acting } from '../common/acting.js';
import { toOffsetIso, yearIn } from '../common/beijing-time.js';
import { Clock } from '../common/clock.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { forbidden, notFound, validationFailed } from '../common/errors.js';
import { Db, type Sql } from '../database/db.js';
import { Sequences } from '../database/sequences.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory } from '../identity/directory.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { AuditLog } from '../audit/audit-log.service.js';
import type { AuditedEntity, AuditRecord } from '../audit/audit.entities.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { NoticeStore } from '../notices/notice-store.service.js';
import { NoticeDocuments } from '../notices/notice-document.service.js';
import { NoticesService, mayActOnNotice, type NoticeView } from '../notices/notices.service.js';
import { planNoticeEvent, type NoticePlan } from '../notices/notice-transition.js';
import type { Notice, NoticeHead } from '../notices/notice.entities.js';
import type { NoticeEventRequestDto } from '../notices/notice.request.dto.js';
import type { NoticeQueryDto } from '../notices/notice.query.dto.js';
import { AssignmentIssuing } from '../assignments/assignment-issuing.service.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import type { Assignment } from '../assignments/assignment.entities.js';
import { NoticeAccess } from '../assignments/notice-access.service.js';
import { NoticeAttachments } from '../files/notice-attachments.service.js';
import type { AuditQueryDto } from './audit.query.dto.js';
import { pageOf, type PageQueryDto, type Paged } from '../common/paging.js';

/** Who acted, by name: the people and organisations of a page of records. */
interface ActorNames {
  people: Map<string, { displayName: string }>;
  organisations: Map<string, { name: string }>;
}

function mapAuditRecord(r: AuditRecord, names: ActorNames) {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actorId,
    actorName: r.actorId ? (names.people.get(r.actorId)?.displayName ?? null) : null,
    actorOrganisationId: r.actorOrgId,
    actorOrganisationName: r.actorOrgId ? (names.organisations.get(r.actorOrgId)?.name ?? null) : null,
    entity: r.entity,
    entityId: r.entityId,
    event: r.event,
    kind: r.kind,
    from: r.fromState,
    to: r.toState,
    payloadDigest: r.payloadDigest,
    detail: r.detail,
  };
}

/**
 * A campaign is an issued notice with its assignments: who may see which
 * notice, the notice's events with what they do to the assignments (issuing
 * creates them, 办结 closes them), the round's progress and its audit trail.
 */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(Sequences) private readonly sequences: Sequences,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(NoticeStore) private readonly noticeStore: NoticeStore,
    @Inject(NoticesService) private readonly drafting: NoticesService,
    @Inject(NoticeDocuments) private readonly documents: NoticeDocuments,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(AssignmentIssuing) private readonly issuing: AssignmentIssuing,
    @Inject(NoticeAccess) private readonly access: NoticeAccess,
    @Inject(NoticeAttachments) private readonly attachments: NoticeAttachments,
  ) {}

  // ---- reading ---------------------------------------------------------

  /** One page of the notices this user may read, newest first, searched by 文号, title, year and state. */
  async list(user: AuthUser, query: NoticeQueryDto): Promise<Paged<NoticeView>> {
    return this.db.read(async (sql) => {
      const scope = hasRole(user, 'admin')
        ? {}
        : hasRole(user, 'staff', 'leader')
          ? { issuerId: user.organisationId }
          : { ids: await this.assignments.noticeIds(sql, hasRole(user, 'center') ? { organisationId: user.organisationId } : { reviewerId: user.id }) };
      const search = { docNumber: query.docNumber, title: query.q, year: query.year, state: query.state };
      const { items, total } = await this.notices.listPage(sql, { ...scope, ...search }, pageOf(query));
      const views: NoticeView[] = [];
      for (const n of items) views.push(await this.view(sql, n, user));
      return { items: views, total };
    });
  }

  /** The notice if this user may read it (NOT_FOUND otherwise): the rule every download of a notice follows. */
  async readable(user: AuthUser, id: string): Promise<Notice> {
    return this.db.read((sql) => this.visible(sql, user, id));
  }

  async get(user: AuthUser, id: string): Promise<NoticeView> {
    return this.db.read(async (sql) => this.view(sql, await this.visible(sql, user, id), user));
  }

  /** Counts per state and, per center and per goal, where the round stands. */
  async progress(user: AuthUser, id: string, query: PageQueryDto) {
    return this.db.read(async (sql) => {
      const notice = await this.visibleHead(sql, user, id);
      if (!hasRole(user, 'staff', 'leader', 'admin') || (user.organisationId !== notice.issuerId && !hasRole(user, 'admin'))) {
        throw forbidden('只有发文机关可以查看办理进度');
      }
      const now = this.clock.now();
      // Counts over the whole round come from the database; the matrix is one page of centers.
      const counts = Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;
      let overdueCount = 0;
      let total = 0;
      let submitted = 0;
      for (const t of await this.assignments.tally(sql, id, now.toISOString())) {
        counts[t.state] += t.n;
        total += t.n;
        if (t.submitted) submitted += t.n;
        // Overdue is what a person sees at the deadline, whether or not the scheduler has marked it yet.
        if (t.state === 'overdue' || (t.due && AWAITING_SUBMISSION.includes(t.state))) overdueCount += t.n;
      }
      const page = await this.assignments.byOrganisationCode(sql, id, pageOf(query));
      const centers = await this.matrixRows(sql, page, notice.timeZone, now);
      return {
        noticeId: notice.id,
        docNumber: notice.docNumber,
        state: notice.state,
        deadline: toOffsetIso(notice.deadline, notice.timeZone),
        asOf: toOffsetIso(now, notice.timeZone),
        total,
        counts,
        submitted,
        overdue: overdueCount,
        page: query.page ?? 1,
        pageSize: pageOf(query).take,
        centers,
        goals: this.byGoal(centers),
      };
    });
  }

  /** One row per center of the page: its state, first and latest submission and whether it is overdue now. */
  private async matrixRows(sql: Sql, page: Assignment[], timeZone: string, now: Date) {
    const versions = await this.assignments.versionsOf(
      sql,
      page.map((a) => a.id),
    );
    const orgs = await this.directory.organisationsByIds(
      sql,
      page.map((a) => a.organisationId),
    );
    return page.map((a) => {
      const own = versions.filter((v) => v.assignmentId === a.id);
      const [first, latest] = [own.at(0), own.at(-1)];
      const org = orgs.get(a.organisationId);
      return {
        assignmentId: a.id,
        organisation: { id: a.organisationId, code: org?.code ?? '', name: org?.name ?? '' },
        role: a.role,
        goals: a.goals,
        state: a.state,
        deadline: toOffsetIso(a.deadline, timeZone),
        firstSubmittedAt: first ? toOffsetIso(first.submittedAt, timeZone) : null,
        submittedAt: latest ? toOffsetIso(latest.submittedAt, timeZone) : null,
        // 逾期报送 is the first submission's: a resubmission after a return is not late.
        late: first?.late ?? false,
        overdue: a.state === 'overdue' || (AWAITING_SUBMISSION.includes(a.state) && now.getTime() >= Date.parse(a.deadline)),
        versions: own.length,
      };
    });
  }

  /** The goal × center matrix of the page's centers. */
  private byGoal(centers: Awaited<ReturnType<CampaignsService['matrixRows']>>) {
    return [...new Set(centers.flatMap((c) => c.goals.map((g) => g.code)))].sort().map((code) => ({
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
  }

  /** The notice's own course, oldest first, with each comment: the issuing commission reads why a draft came back. */
  async history(user: AuthUser, id: string) {
    return this.db.read(async (sql) => {
      const notice = await this.visibleHead(sql, user, id);
      if (!hasRole(user, 'staff', 'leader', 'admin') || (user.organisationId !== notice.issuerId && !hasRole(user, 'admin'))) {
        throw forbidden('只有发文机关可以查看公文的流转记录');
      }
      const steps = (await this.audit.forEntity(sql, 'notice', id)).filter((r) => r.kind === 'notice.transitioned');
      const people = await this.directory.peopleByIds(sql, [...new Set(steps.flatMap((r) => (r.actorId ? [r.actorId] : [])))]);
      return steps.map((r) => {
        const event = r.event as NoticeEventType;
        const person = r.actorId ? people.get(r.actorId) : undefined;
        const comment = r.detail?.comment;
        return {
          at: toOffsetIso(r.at, notice.timeZone),
          event,
          label: event === 'RETURN' ? (r.fromState === 'signing' ? '签发退回' : '核稿退回') : NOTICE_EVENT_LABELS[event],
          from: r.fromState as NoticeState,
          to: r.toState as NoticeState,
          actor: r.actorId ? { id: r.actorId, username: person?.username ?? null, displayName: person?.displayName ?? '（已删除的用户）' } : null,
          comment: typeof comment === 'string' ? comment : null,
        };
      });
    });
  }

  /** The notice as a printed document (GB/T 9704-2012), rendered outside any transaction. */
  async documentPdf(user: AuthUser, id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const notice = await this.db.read((sql) => this.visibleHead(sql, user, id));
    return { bytes: await this.documents.pdf(id), filename: `${notice.docNumber ?? `${notice.title}（草稿）`}.pdf` };
  }

  /** Staff read the trail of their commission's notices and assignments, one page at a time, oldest first. */
  async auditTrail(user: AuthUser, query: AuditQueryDto): Promise<Paged<ReturnType<typeof mapAuditRecord>>> {
    if (!hasRole(user, 'staff', 'admin')) throw forbidden('只有工作人员可以查看审计记录');
    const [entity, idFromEntity] = query.entity.split(':') as [AuditedEntity, string | undefined];
    const id = idFromEntity ?? query.entityId;
    if (!id) throw validationFailed('请指定对象编号', [{ field: 'entityId', message: '请指定对象编号' }]);
    if (entity === 'user' || entity === 'organisation' || entity === 'calendar') return this.accountTrail(user, entity, id, query);
    return this.db.read(async (sql) => {
      const noticeId = entity === 'notice' ? id : (await this.assignments.find(sql, id))?.noticeId;
      const notice = noticeId ? await this.notices.head(sql, noticeId) : undefined;
      if (!notice || (!hasRole(user, 'admin') && notice.issuerId !== user.organisationId)) throw notFound('对象');
      // A notice's trail includes the creation of its assignments and what happened to them.
      const children = entity === 'notice' ? { entity: 'assignment' as const, ids: await this.assignments.idsOfNotice(sql, id) } : undefined;
      const { items, total } = await this.audit.trailPage(sql, { entity, entityId: id, children }, pageOf(query));
      const names = await this.actorNames(sql, items);
      return { items: items.map((r) => mapAuditRecord(r, names)), total };
    });
  }

  /**
   * An account's or an organisation's trail: any for an administrator, their own commission's for staff.
   * A calendar year's (the holiday schedule entered for it) is everyone's reference data.
   */
  private async accountTrail(user: AuthUser, entity: 'user' | 'organisation' | 'calendar', id: string, query: AuditQueryDto) {
    return this.db.read(async (sql) => {
      if (entity !== 'calendar') {
        const organisationId = entity === 'organisation' ? id : (await this.directory.peopleByIds(sql, [id])).get(id)?.organisationId;
        if (!organisationId || (!hasRole(user, 'admin') && organisationId !== user.organisationId)) throw notFound('对象');
      }
      const { items, total } = await this.audit.trailPage(sql, { entity, entityId: id }, pageOf(query));
      const names = await this.actorNames(sql, items);
      return { items: items.map((r) => mapAuditRecord(r, names)), total };
    });
  }

  /** The names of the people and organisations that acted in these records: two reads for a page, not one per row. */
  private async actorNames(sql: Sql, records: AuditRecord[]): Promise<ActorNames> {
    const ids = (pick: (r: AuditRecord) => string | null) => [...new Set(records.map(pick).filter((id): id is string => id !== null))];
    return {
      people: await this.directory.peopleByIds(
        sql,
        ids((r) => r.actorId),
      ),
      organisations: await this.directory.organisationsByIds(
        sql,
        ids((r) => r.actorOrgId),
      ),
    };
  }

  // ---- writing ---------------------------------------------------------

  async applyEvent(user: AuthUser, id: string, body: NoticeEventRequestDto, idempotencyKey?: string): Promise<NoticeView> {
    if (body.type === 'RETURN' && !body.comment?.trim()) {
      throw validationFailed('退回时必须填写意见', [{ field: 'comment', message: '退回时必须填写意见' }]);
    }
    return this.idempotency.run({ userId: user.id, key: idempotencyKey, request: { id, ...body } }, async (sql) => {
      const notice = await this.visible(sql, user, id);
      if (!mayActOnNotice(user, notice, body.type)) throw forbidden(`无权对此公文${NOTICE_EVENT_LABELS[body.type]}`);
      // The instant of the act is read inside the transaction that records it.
      const at = this.clock.now().toISOString();
      const plan = planNoticeEvent(notice, await this.buildEvent(sql, notice, body, at), { userId: user.id, organisationId: user.organisationId });
      const next = await this.carryOut(sql, notice, plan, { userId: user.id, organisationId: user.organisationId });
      return this.view(sql, next, user);
    });
  }

  /** The plan's effects on the assignments, then the notice's own compare-and-set and audit rows, in one transaction. */
  private async carryOut(sql: Sql, notice: Notice, plan: NoticePlan, actor: Acting): Promise<Notice> {
    const changes = { ...plan.changes };
    let issued = notice;
    let created: Assignment[] = [];
    const effects: Record<NoticeAction, () => Promise<void>> = {
      numberNotice: async () => {
        const issuer = await this.directory.organisation(sql, notice.issuerId);
        const year = yearIn(plan.at, notice.timeZone);
        // Gap-free per issuer and year: the counter rolls back with the transaction.
        const seq = await this.sequences.next(sql, `doc:${notice.issuerId}:${year}`);
        Object.assign(changes, {
          docYear: year,
          docSeq: seq,
          docNumber: `${issuer?.docPrefix ?? issuer?.code ?? ''}〔${year}〕${seq}号`,
          issuedAt: plan.at,
          // The campaign's template is frozen with the notice: later edits never change past rounds.
          tableSchema: this.catalogue.tableTemplate(notice.tableTemplate),
        });
        issued = { ...notice, ...changes };
      },
      freezeAttachments: async () => {
        changes.attachments = await this.attachments.freeze(sql, issued, plan.at);
        issued = { ...issued, attachments: changes.attachments };
      },
      createAssignments: async () => {
        created = await this.issuing.create(sql, issued, plan.at, actor);
      },
      distributeNotice: () => this.issuing.distribute(sql, issued, created, plan.at),
      closeAssignments: () => this.issuing.closeAll(sql, notice, plan.at),
    };
    for (const effect of plan.effects) await effects[effect]();
    return this.noticeStore.update(sql, notice, changes, plan.at, [plan.audit]);
  }

  private async buildEvent(sql: Sql, notice: Notice, body: NoticeEventRequestDto, at: string): Promise<NoticeEvent> {
    switch (body.type) {
      case 'ISSUE':
        return { type: 'ISSUE', at, deadline: notice.deadline };
      case 'CLOSE':
        return { type: 'CLOSE', at, openAssignments: await this.issuing.openCount(sql, notice.id), comment: body.comment };
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

  // ---- helpers ---------------------------------------------------------

  /** The notice, if this user may see it; otherwise NOT_FOUND, so ids leak nothing. */
  private async visible(sql: Sql, user: AuthUser, id: string): Promise<Notice> {
    const notice = await this.notices.find(sql, id);
    if (!notice || !(await this.mayRead(sql, user, notice))) throw notFound('公文');
    return notice;
  }

  /** The same check, reading the notice without its long parts (division, body). */
  private async visibleHead(sql: Sql, user: AuthUser, id: string): Promise<NoticeHead> {
    const notice = await this.notices.head(sql, id);
    if (!notice || !(await this.mayRead(sql, user, notice))) throw notFound('公文');
    return notice;
  }

  private mayRead(sql: Sql, user: AuthUser, notice: NoticeHead): Promise<boolean> {
    return this.access.mayRead(sql, user, notice);
  }

  private async view(sql: Sql, notice: Notice, user: AuthUser): Promise<NoticeView> {
    const mayClose = notice.state === 'issued' && mayActOnNotice(user, notice, 'CLOSE');
    return this.drafting.view(sql, notice, user, mayClose ? await this.issuing.openCount(sql, notice.id) : 0);
  }
}
