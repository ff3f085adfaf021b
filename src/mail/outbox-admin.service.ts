import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service.js';
import { Db, type Sql } from '../database/db.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { Directory } from '../identity/directory.service.js';
import type { Organisation } from '../identity/identity.entities.js';
import { Clock } from '../common/clock.js';
import type { Page } from '../common/paging.js';
import { DomainError, forbidden, notFound } from '../common/errors.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { OutboxDelivery } from '../outbox/outbox-delivery.service.js';
import type { OutboxRow, OutboxStatus } from '../outbox/outbox.entities.js';

/** Who a message is for, in words, when no address is known yet. */
function recipientName(r: OutboxRow, organisations: Map<string, Organisation>): string {
  if (r.kind === 'mail.submission') return '指定政务邮箱';
  if (r.kind === 'mail.deadlineSummary') return '发文机关';
  return organisations.get(r.payload.organisationId)?.name ?? '';
}

function mapRow(r: OutboxRow, organisations: Map<string, Organisation>) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    dueAt: r.dueAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    // The address of the last attempt; before any, the one the act fixed (the mailbox, staff's summary address).
    to: r.recipient ?? ('to' in r.payload && typeof r.payload.to === 'string' ? r.payload.to : null),
    recipientName: recipientName(r, organisations),
    assignmentId: 'assignmentId' in r.payload ? r.payload.assignmentId : undefined,
    noticeId: r.payload.noticeId,
  };
}

/** Staff see pending and dead messages and can resend one. */
@Injectable()
export class OutboxAdminService {
  private readonly logger = new Logger('Outbox');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutboxDelivery) private readonly delivery: OutboxDelivery,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** One page of the mail of the caller's commission's notices (an admin: all), newest first, and the counts per status. */
  async list(user: AuthUser, status: OutboxStatus | null, page: Page) {
    this.require(user);
    return this.db.read(async (sql) => {
      const noticeIds = hasRole(user, 'admin') ? null : await this.notices.idsByIssuer(sql, user.organisationId);
      const { items, total } = await this.delivery.listPage(sql, { status, noticeIds }, page);
      const organisations = await this.organisationsOf(sql, items);
      return { counts: await this.delivery.counts(sql, noticeIds), total, messages: items.map((r) => mapRow(r, organisations)) };
    });
  }

  /** Staff see the mail of their own commission's notices only (an admin sees all). */
  private async ownNotices(sql: Sql, user: AuthUser, rows: OutboxRow[]): Promise<Set<string>> {
    const ids = [...new Set(rows.map((r) => String(r.payload.noticeId)))];
    const own = new Set<string>();
    for (const id of ids) {
      const notice = await this.notices.head(sql, id);
      if (notice && (hasRole(user, 'admin') || notice.issuerId === user.organisationId)) own.add(id);
    }
    return own;
  }

  async resend(user: AuthUser, id: string) {
    this.require(user);
    return this.db.tx(async (sql) => {
      const row = await this.delivery.find(sql, id);
      if (!row || !(await this.ownNotices(sql, user, [row])).has(String(row.payload.noticeId))) throw notFound('邮件');
      if (!(await this.delivery.resend(sql, id, this.clock.now().toISOString()))) {
        throw new DomainError('INVALID_TRANSITION', '该邮件正在等待发送，无需重发');
      }
      this.logger.log(`resend ${row.kind} ${id} by ${user.username}`);
      const resent = (await this.delivery.find(sql, id))!;
      await this.audit.append(sql, [
        {
          at: this.clock.now().toISOString(),
          actorId: user.id,
          actorOrgId: user.organisationId,
          entity: 'mail',
          entityId: id,
          event: 'RESEND',
          kind: 'mail.resent',
          from: row.status,
          to: resent.status,
          detail: { mailKind: row.kind, noticeId: row.payload.noticeId },
        },
      ]);
      return mapRow(resent, await this.organisationsOf(sql, [resent]));
    });
  }

  private organisationsOf(sql: Sql, rows: OutboxRow[]): Promise<Map<string, Organisation>> {
    return this.directory.organisationsByIds(
      sql,
      rows.flatMap((r) => ('organisationId' in r.payload ? [r.payload.organisationId] : [])),
    );
  }

  private require(user: AuthUser): void {
    if (!hasRole(user, 'staff', 'admin')) throw forbidden('只有工作人员可以查看和重发邮件');
  }
}
