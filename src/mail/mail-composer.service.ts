import { Inject, Injectable } from '@nestjs/common';
import { AWAITING_SUBMISSION } from '../../workflows/assignment.machine.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { sha256 } from '../common/ids.js';
import { formatDeadline, formatLocal } from '../common/beijing-time.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { identityRepository } from '../identity/identity.repository.js';
import { assignmentRepository } from '../assignments/assignment.repository.js';
import { noticeRepository } from '../notices/notice.repository.js';
import { reminderRepository } from '../deadlines/reminder.repository.js';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import { DocumentSources } from '../publishing/document-sources.service.js';
import type { OutboxRow } from '../outbox/outbox.repository.js';
import { deadlineIcs } from './ics.js';
import { MailTemplates, type MailTemplateName } from './mail-templates.js';
import type { OutgoingAttachment, OutgoingMail } from './mail-transport.js';

/** A message that can never be sent (no address): retrying will not help. */
export class UndeliverableError extends Error {}

/** A message overtaken by events (a 催办 to a center that has since submitted): not to be sent at all. */
export class SupersededError extends Error {}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** Turns an outbox row into a message: data read now, PDFs rendered now, outside any transaction. */
@Injectable()
export class MailComposer {
  private readonly templates = new MailTemplates();
  private readonly domain: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
    @Inject(DocumentSources) private readonly sources: DocumentSources,
  ) {
    this.domain = /@([^>\s]+)>?$/.exec(config.mail.from)?.[1] ?? 'gongwen.local';
  }

  /** Derived from the outbox key only: the same message always has the same Message-ID. */
  messageId(dedupeKey: string): string {
    return `<${sha256(dedupeKey).slice(0, 40)}@${this.domain}>`;
  }

  async compose(row: OutboxRow): Promise<OutgoingMail> {
    const p = row.payload;
    switch (row.kind) {
      case 'mail.submission': {
        const f = await this.sources.submission(str(p.assignmentId), Number(p.version));
        const [tablePdf, receiptPdf] = await Promise.all([this.pdf.renderTable(f.tableData), this.pdf.renderReceipt(f.receipt)]);
        const vars = this.submissionVars(f);
        const base = `策略表-${f.centerName}-第${f.version.version}版`;
        return this.message(row, [str(p.to ?? f.notice.mailbox)], 'submission', vars, [
          { filename: `${base}.pdf`, content: Buffer.from(tablePdf), contentType: 'application/pdf' },
          { filename: `回执-${f.version.receiptNo}.pdf`, content: Buffer.from(receiptPdf), contentType: 'application/pdf' },
          { filename: `${base}.json`, content: JSON.stringify(f.version.table, null, 2), contentType: 'application/json' },
        ]);
      }
      case 'mail.receipt': {
        const f = await this.sources.submission(str(p.assignmentId), Number(p.version));
        const receiptPdf = await this.pdf.renderReceipt(f.receipt);
        return this.message(row, this.addresses(f.centerEmail, f.centerName), 'receipt', { ...this.submissionVars(f), mailbox: f.notice.mailbox }, [
          { filename: `回执-${f.version.receiptNo}.pdf`, content: Buffer.from(receiptPdf), contentType: 'application/pdf' },
        ]);
      }
      case 'mail.noticeIssued': {
        const { notice, data } = await this.sources.noticeData(str(p.noticeId));
        const { org, goals, deadline } = await this.db.read(async (sql) => {
          const a = await assignmentRepository.find(sql, str(p.assignmentId));
          return { org: await identityRepository.organisation(sql, str(p.organisationId)), goals: a?.goals ?? [], deadline: a?.deadline ?? notice.deadline };
        });
        const noticePdf = await this.pdf.renderNotice(data);
        const deadlineText = `${formatDeadline(deadline, notice.timeZone)}前（北京时间）`;
        const ics = deadlineIcs({
          uid: `${sha256(row.dedupeKey).slice(0, 24)}@${this.domain}`,
          title: `报送截止：${notice.docNumber ?? ''} ${notice.title}`,
          deadline,
          timeZone: notice.timeZone,
          description: `请于${deadlineText}提交策略表。`,
          stamp: notice.issuedAt ?? notice.updatedAt,
        });
        return this.message(
          row,
          this.addresses(org?.email ?? null, org?.name ?? str(p.organisationId)),
          'noticeIssued',
          {
            recipient: org?.name ?? '',
            issuer: data.issuerName,
            noticeTitle: notice.title,
            docNumber: notice.docNumber ?? '',
            goals: goals.map((g) => `${g.code} ${this.catalogue.goal(g.code)?.title ?? ''}（${g.role === 'lead' ? '牵头' : '协作'}）`).join('；'),
            deadline: deadlineText,
          },
          [
            { filename: `${notice.docNumber ?? '公文'}.pdf`, content: Buffer.from(noticePdf), contentType: 'application/pdf' },
            { filename: 'deadline.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
          ],
        );
      }
      case 'mail.reminder': {
        const facts = await this.db.read(async (sql) => {
          const found = await assignmentRepository.findWithNotice(sql, str(p.assignmentId));
          if (!found) throw new UndeliverableError(`assignment ${str(p.assignmentId)} is gone`);
          const org = await identityRepository.organisation(sql, found.assignment.organisationId);
          const reminder = (await reminderRepository.forAssignment(sql, found.assignment.id)).find((r) => r.id === p.reminderId);
          const latest = (await assignmentRepository.versions(sql, found.assignment.id)).at(-1);
          return { ...found, org, reminder, latest };
        });
        const { notice, assignment, org, reminder, latest } = facts;
        // Queued before the center submitted or the round closed: a 催办 now would be wrong.
        if (!AWAITING_SUBMISSION.includes(assignment.state) || notice.state !== 'issued') {
          throw new SupersededError(`assignment is ${assignment.state}, notice ${notice.state}`);
        }
        const email = (latest?.table as { contact?: { email?: string } } | undefined)?.contact?.email ?? org?.email ?? null;
        return this.message(
          row,
          this.addresses(email, org?.name ?? ''),
          'reminder',
          {
            center: org?.name ?? '',
            docNumber: notice.docNumber ?? '',
            noticeTitle: notice.title,
            // The deadline the reminder was about, as planned (not a later one).
            deadline: `${formatDeadline(reminder?.deadline ?? assignment.deadline, notice.timeZone)}（北京时间）`,
            goals: assignment.goals.map((g) => `${g.code} ${this.catalogue.goal(g.code)?.title ?? ''}`).join('；'),
            label: reminder?.label ?? '催办',
            message: reminder?.message ?? '',
          },
          [],
        );
      }
      case 'mail.deadlineSummary': {
        const notice = await this.db.read((sql) => noticeRepository.findHead(sql, str(p.noticeId)));
        if (!notice) throw new UndeliverableError(`notice ${str(p.noticeId)} is gone`);
        const missing = (p.missing as { organisation: string; goals: string[] }[]) ?? [];
        return this.message(
          row,
          this.addresses(typeof p.to === 'string' ? p.to : null, '发文机关'),
          'deadlineSummary',
          {
            docNumber: notice.docNumber ?? '',
            noticeTitle: notice.title,
            deadline: `${formatDeadline(notice.deadline, notice.timeZone)}（北京时间）`,
            total: String(p.total ?? ''),
            missingCount: String(missing.length),
            missingList: missing.length
              ? missing
                  .map((m, i) => `${i + 1}. ${m.organisation}（${m.goals.map((g) => `${g} ${this.catalogue.goal(g)?.title ?? ''}`).join('；')}）`)
                  .join('\n')
              : '（无）',
          },
          [],
        );
      }
      case 'mail.returned':
      case 'mail.approved':
      case 'mail.feedback':
      case 'mail.extension': {
        const facts = await this.db.read(async (sql) => {
          const found = await assignmentRepository.findWithNotice(sql, str(p.assignmentId));
          if (!found) throw new UndeliverableError(`assignment ${str(p.assignmentId)} is gone`);
          const org = await identityRepository.organisation(sql, found.assignment.organisationId);
          const reviews = await assignmentRepository.reviews(sql, found.assignment.id);
          const versions = await assignmentRepository.versions(sql, found.assignment.id);
          return { ...found, org, reviews, latest: versions.at(-1) };
        });
        const { notice, assignment, org, reviews, latest } = facts;
        const email = (latest?.table as { contact?: { email?: string } } | undefined)?.contact?.email ?? org?.email ?? null;
        const common = {
          center: org?.name ?? '',
          docNumber: notice.docNumber ?? '',
          noticeTitle: notice.title,
          version: String(p.version ?? latest?.version ?? ''),
          deadline: `${formatDeadline(assignment.deadline, notice.timeZone)}（北京时间）`,
        };
        const review = (kind: string) => [...reviews].reverse().find((r) => r.kind === kind && (p.reviewId === undefined || r.id === p.reviewId));
        const templates: Record<typeof row.kind, MailTemplateName> = {
          'mail.returned': 'returned',
          'mail.approved': 'approved',
          'mail.feedback': 'feedback',
          'mail.extension': 'extension',
        };
        const vars =
          row.kind === 'mail.returned'
            ? { ...common, reason: review('returned')?.text ?? '' }
            : row.kind === 'mail.approved'
              ? { ...common, comment: review('approved')?.text ?? '无' }
              : row.kind === 'mail.feedback'
                ? { ...common, feedback: review('feedback')?.text ?? '' }
                : { ...common, deadline: `${formatDeadline(str(p.until), notice.timeZone)}（北京时间）`, reason: review('extension')?.text ?? '' };
        return this.message(row, this.addresses(email, common.center), templates[row.kind], vars, []);
      }
    }
  }

  private submissionVars(f: Awaited<ReturnType<DocumentSources['submission']>>): Record<string, string> {
    return {
      center: f.centerName,
      tableTitle: f.tableData.templateTitle,
      version: String(f.version.version),
      docNumber: f.notice.docNumber ?? '',
      noticeTitle: f.notice.title,
      goals: f.receipt.goals.map((g) => `${g.code} ${g.title}`).join('；'),
      submittedAt: formatLocal(f.version.submittedAt, f.notice.timeZone),
      onTime: f.version.late ? '逾期（经延期后提交）' : '按时',
      receiptNo: f.version.receiptNo,
      sha256: f.version.sha256,
    };
  }

  private addresses(email: string | null, who: string): string[] {
    if (!email) throw new UndeliverableError(`${who} has no e-mail address`);
    return [email];
  }

  private message(row: OutboxRow, to: string[], template: MailTemplateName, vars: Record<string, string>, attachments: OutgoingAttachment[]): OutgoingMail {
    const { subject, text, html } = this.templates.render(template, vars);
    return { messageId: this.messageId(row.dedupeKey), to, subject, text, html, attachments, headers: { 'X-Gongwen-Outbox': row.dedupeKey } };
  }
}
