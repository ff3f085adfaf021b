import { Inject, Injectable } from '@nestjs/common';
import { AWAITING_SUBMISSION } from '../../workflows/assignment.machine.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';
import { canonicalJson, sha256 } from '../common/ids.js';
import { formatDeadline, formatLocal } from '../common/beijing-time.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory } from '../identity/directory.service.js';
import { ReminderLog } from '../deadlines/reminder-log.service.js';
import { calendarWarnings } from '../deadlines/deadline-planner.js';
import { WorkingCalendars } from '../deadlines/working-calendars.service.js';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { NoticeDocuments } from '../notices/notice-document.service.js';
import { AssignmentReader } from '../assignments/assignment-reader.service.js';
import { SubmissionDocuments, type SubmissionFacts } from '../assignments/submission-documents.service.js';
import type { OutboxKind, OutboxRow } from '../outbox/outbox.entities.js';
import { NoticeAttachments, type MailAttachments } from '../files/notice-attachments.service.js';
import { megabytes } from '../files/file-sizes.js';
import { deadlineIcs } from './ics.js';
import { MailTemplates, type MailTemplateName } from './mail-templates.js';
import { pageLinks, type PageLinks } from './page-links.js';
import type { OutgoingAttachment, OutgoingMail } from './mail-transport.js';

/** A stored message of one kind, its payload typed. */
type RowOf<K extends OutboxKind> = Extract<OutboxRow, { kind: K }>;

/** A message that can never be sent (no address): retrying will not help. */
export class UndeliverableError extends Error {}

/** A message overtaken by events (a 催办 to a center that has since submitted): not to be sent at all. */
export class SupersededError extends Error {}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** The name a notice's file goes by in its mail: prefixed with its line (附件1-…) so a clerk sees which it is. */
function mailFileName(f: MailAttachments['files'][number]): string {
  return f.fileName.startsWith(`附件${f.no}`) ? f.fileName : `附件${f.no}-${f.fileName}`;
}

/** The notice's attachments as the mail's text lists them: carried, or linked when they are too large to carry. */
function attachmentList(files: MailAttachments): string {
  if (files.files.length === 0) return '本公文无附件文件。';
  if (files.mode === 'attached') {
    return ['公文附件已随本邮件附上：', ...files.files.map((f) => `附件${f.no}　${f.title}（${mailFileName(f)}）`)].join('\n');
  }
  const total = files.files.reduce((sum, f) => sum + f.size, 0);
  return [
    `公文附件合计 ${megabytes(total)}，超过邮件附件大小上限，未随邮件附上，请登录公文流转系统后下载：`,
    ...files.files.map((f) => `附件${f.no}　${f.title}（${f.fileName}，${megabytes(f.size)}）：${f.url ?? ''}`),
  ].join('\n');
}

/** Turns an outbox row into a message: data read now, PDFs rendered now, outside any transaction. */
@Injectable()
export class MailComposer {
  private readonly templates = new MailTemplates();
  private readonly domain: string;
  private readonly links: PageLinks;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
    @Inject(SubmissionDocuments) private readonly sources: SubmissionDocuments,
    @Inject(NoticeDocuments) private readonly noticeDocuments: NoticeDocuments,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(AssignmentReader) private readonly assignments: AssignmentReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(ReminderLog) private readonly reminderLog: ReminderLog,
    @Inject(NoticeAttachments) private readonly noticeAttachments: NoticeAttachments,
    @Inject(WorkingCalendars) private readonly calendars: WorkingCalendars,
  ) {
    this.domain = /@([^>\s]+)>?$/.exec(config.mail.from)?.[1] ?? 'gongwen.local';
    this.links = pageLinks(config.appUrl);
  }

  /** Derived from the outbox key only: the same message always has the same Message-ID. */
  messageId(dedupeKey: string): string {
    return `<${sha256(dedupeKey).slice(0, 40)}@${this.domain}>`;
  }

  /** The assignment a mail is about, with its notice's head; gone means the mail can never be sent. */
  private async target(sql: Sql, assignmentId: string) {
    const assignment = await this.assignments.find(sql, assignmentId);
    const notice = assignment && (await this.notices.head(sql, assignment.noticeId));
    if (!assignment || !notice) throw new UndeliverableError(`assignment ${assignmentId} is gone`);
    return { assignment, notice };
  }

  async compose(row: OutboxRow): Promise<OutgoingMail> {
    switch (row.kind) {
      case 'mail.submission':
        return this.submission(row);
      case 'mail.receipt':
        return this.receipt(row);
      case 'mail.noticeIssued':
        return this.noticeIssued(row);
      case 'mail.reminder':
        return this.reminder(row);
      case 'mail.deadlineSummary':
        return this.deadlineSummary(row);
      case 'mail.returned':
      case 'mail.approved':
      case 'mail.feedback':
      case 'mail.extension':
        return this.decision(row);
    }
  }

  private async submission(row: RowOf<'mail.submission'>): Promise<OutgoingMail> {
    const p = row.payload;
    const f = await this.sources.submission(str(p.assignmentId), Number(p.version));
    const [tablePdf, receiptPdf] = await Promise.all([this.pdf.renderTable(f.tableData), this.pdf.renderReceipt(f.receipt)]);
    const vars = this.submissionVars(f);
    const base = `策略表-${f.centerName}-第${f.version.version}版`;
    return this.message(row, [str(p.to ?? f.notice.mailbox)], 'submission', vars, [
      { filename: `${base}.pdf`, content: Buffer.from(tablePdf), contentType: 'application/pdf' },
      { filename: `回执-${f.version.receiptNo}.pdf`, content: Buffer.from(receiptPdf), contentType: 'application/pdf' },
      // The exact bytes the receipt's SHA-256 is of (canonical JSON): `sha256sum` of this file matches the receipt.
      { filename: `${base}.json`, content: canonicalJson(f.version.table), contentType: 'application/json' },
    ]);
  }

  private async receipt(row: RowOf<'mail.receipt'>): Promise<OutgoingMail> {
    const p = row.payload;
    const f = await this.sources.submission(str(p.assignmentId), Number(p.version));
    const receiptPdf = await this.pdf.renderReceipt(f.receipt);
    return this.message(row, this.addresses(f.centerEmail, f.centerName), 'receipt', { ...this.submissionVars(f), mailbox: f.notice.mailbox }, [
      { filename: `回执-${f.version.receiptNo}.pdf`, content: Buffer.from(receiptPdf), contentType: 'application/pdf' },
    ]);
  }

  private async noticeIssued(row: RowOf<'mail.noticeIssued'>): Promise<OutgoingMail> {
    const p = row.payload;
    const { notice, data } = await this.noticeDocuments.data(p.noticeId);
    const { org, goals, deadline } = await this.db.read(async (sql) => {
      const a = await this.assignments.find(sql, p.assignmentId);
      return { org: await this.directory.organisation(sql, p.organisationId), goals: a?.goals ?? [], deadline: a?.deadline ?? notice.deadline };
    });
    const noticePdf = await this.noticeDocuments.pdfOf(data);
    const files = await this.noticeAttachments.forMail(notice.id);
    const deadlineText = `${formatDeadline(deadline, notice.timeZone)}前（北京时间）`;
    const ics = this.deadlineIcs(p.assignmentId, notice, deadline, notice.issuedAt ?? notice.updatedAt);
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
        attachmentList: attachmentList(files),
        link: this.links.assignment(p.assignmentId),
      },
      [
        { filename: `${notice.docNumber ?? '公文'}.pdf`, content: Buffer.from(noticePdf), contentType: 'application/pdf' },
        ...files.files.flatMap((f) => (f.content ? [{ filename: mailFileName(f), content: f.content, contentType: f.contentType }] : [])),
        ics,
      ],
    );
  }

  /**
   * The deadline as a calendar entry: one entry per assignment (its UID), updated by the mails that move the
   * deadline (an extension, a return's resubmission time) with a higher SEQUENCE.
   */
  private deadlineIcs(
    assignmentId: string,
    notice: { docNumber: string | null; title: string; deadline: string; timeZone: string },
    deadline: string,
    stamp: string,
  ): OutgoingAttachment {
    const content = deadlineIcs({
      uid: `deadline-${sha256(assignmentId).slice(0, 24)}@${this.domain}`,
      title: `报送截止：${notice.docNumber ?? ''} ${notice.title}`,
      deadline,
      firstDeadline: notice.deadline,
      timeZone: notice.timeZone,
      description: `请于${formatDeadline(deadline, notice.timeZone)}前（北京时间）提交策略表。`,
      stamp,
    });
    return { filename: 'deadline.ics', content, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
  }

  private async reminder(row: RowOf<'mail.reminder'>): Promise<OutgoingMail> {
    const p = row.payload;
    const facts = await this.db.read(async (sql) => {
      const found = await this.target(sql, p.assignmentId);
      const org = await this.directory.organisation(sql, found.assignment.organisationId);
      const reminder = (await this.reminderLog.forAssignment(sql, found.assignment.id)).find((r) => r.id === p.reminderId);
      const latest = (await this.assignments.versions(sql, found.assignment.id)).at(-1);
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
        link: this.links.assignment(assignment.id),
      },
      [],
    );
  }

  private async deadlineSummary(row: RowOf<'mail.deadlineSummary'>): Promise<OutgoingMail> {
    const p = row.payload;
    const notice = await this.db.read((sql) => this.notices.head(sql, p.noticeId));
    if (!notice) throw new UndeliverableError(`notice ${p.noticeId} is gone`);
    const missing = p.missing ?? [];
    const warnings = calendarWarnings(notice.deadline, notice, this.calendars.current());
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
          ? missing.map((m, i) => `${i + 1}. ${m.organisation}（${m.goals.map((g) => `${g} ${this.catalogue.goal(g)?.title ?? ''}`).join('；')}）`).join('\n')
          : '（无）',
        calendarNote: warnings.length ? `请注意：${warnings.join('')}截止前的催办和退回后的重报时限请人工核对。\n\n` : '',
        link: this.links.noticeBoard(notice.id),
      },
      [],
    );
  }

  private async decision(row: RowOf<'mail.returned' | 'mail.approved' | 'mail.feedback' | 'mail.extension'>): Promise<OutgoingMail> {
    const p = row.payload;
    const facts = await this.db.read(async (sql) => {
      const found = await this.target(sql, p.assignmentId);
      const org = await this.directory.organisation(sql, found.assignment.organisationId);
      const reviews = await this.assignments.reviews(sql, found.assignment.id);
      const versions = await this.assignments.versions(sql, found.assignment.id);
      return { ...found, org, reviews, latest: versions.at(-1) };
    });
    const { notice, assignment, org, reviews, latest } = facts;
    const email = (latest?.table as { contact?: { email?: string } } | undefined)?.contact?.email ?? org?.email ?? null;
    const common = {
      center: org?.name ?? '',
      docNumber: notice.docNumber ?? '',
      noticeTitle: notice.title,
      version: String(('version' in p ? p.version : undefined) ?? latest?.version ?? ''),
      deadline: `${formatDeadline(assignment.deadline, notice.timeZone)}（北京时间）`,
      link: this.links.assignment(assignment.id),
    };
    const review = (kind: string) => [...reviews].reverse().find((r) => r.kind === kind && r.id === p.reviewId);
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
            : {
                ...common,
                deadline: `${formatDeadline('until' in p ? p.until : assignment.deadline, notice.timeZone)}（北京时间）`,
                reason: review('extension')?.text ?? '',
              };
    // A mail that moves the deadline carries the calendar entry again, updated.
    const moved = row.kind === 'mail.extension' ? ('until' in p ? p.until : assignment.deadline) : row.kind === 'mail.returned' ? assignment.deadline : null;
    const attachments = moved ? [this.deadlineIcs(assignment.id, notice, moved, row.createdAt)] : [];
    return this.message(row, this.addresses(email, common.center), templates[row.kind], vars, attachments);
  }

  private submissionVars(f: SubmissionFacts): Record<string, string> {
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
      link: this.links.assignment(f.assignment.id),
    };
  }

  private addresses(email: string | null, who: string): string[] {
    if (!email) throw new UndeliverableError(`${who} has no e-mail address`);
    return [email];
  }

  private message(row: OutboxRow, to: string[], template: MailTemplateName, vars: Record<string, string>, attachments: OutgoingAttachment[]): OutgoingMail {
    const { subject, text, html } = this.templates.render(template, vars);
    return { messageId: this.messageId(row.dedupeKey), to, subject, text, html, attachments, headers: { 'Auto-Submitted': 'auto-generated' } };
  }
}
