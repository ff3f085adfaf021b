import { Inject, Injectable } from '@nestjs/common';
import { Db, type Sql } from '../database/db.js';
import { notFound } from '../common/errors.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { identityRepository } from '../identity/identity.repository.js';
import { assignmentRepository, type Assignment, type SubmissionVersion } from '../assignments/assignment.repository.js';
import { noticeRepository, type Notice, type NoticeHead } from '../notices/notice.repository.js';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import type { NoticeDocumentData, ReceiptData, TableColumn, TableData } from '../documents/document-data.js';

export interface SubmissionFacts {
  notice: NoticeHead;
  assignment: Assignment;
  version: SubmissionVersion;
  centerName: string;
  centerEmail: string | null;
  receipt: ReceiptData;
  tableData: TableData;
}

/**
 * Gathers what a document shows from the database (a read, never inside a
 * transition's transaction) and has it rendered. The PDF endpoints and the
 * mail relay use the same sources, so a mailed PDF equals the downloaded one.
 */
@Injectable()
export class DocumentSources {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
  ) {}

  async submission(assignmentId: string, versionNo: number): Promise<SubmissionFacts> {
    return this.db.read(async (sql) => {
      const found = await assignmentRepository.findWithNotice(sql, assignmentId);
      const version = found && (await assignmentRepository.version(sql, assignmentId, versionNo));
      if (!found || !version) throw notFound(`第${versionNo}版`);
      const org = await identityRepository.organisation(sql, found.assignment.organisationId);
      return this.facts(found.notice, found.assignment, version, org?.name ?? '', org?.email ?? null);
    });
  }

  async receiptPdf(assignmentId: string, versionNo: number): Promise<Uint8Array> {
    return this.pdf.renderReceipt((await this.submission(assignmentId, versionNo)).receipt);
  }

  async tablePdf(assignmentId: string, versionNo: number): Promise<Uint8Array> {
    return this.pdf.renderTable((await this.submission(assignmentId, versionNo)).tableData);
  }

  async noticeData(noticeId: string, sql?: Sql): Promise<{ notice: Notice; data: NoticeDocumentData }> {
    const load = async (s: Sql) => {
      const notice = await noticeRepository.find(s, noticeId);
      if (!notice) throw notFound('公文');
      const issuer = await identityRepository.organisation(s, notice.issuerId);
      return { notice, issuerName: issuer?.name ?? '' };
    };
    const { notice, issuerName } = sql ? await load(sql) : await this.db.read(load);
    return {
      notice,
      data: {
        issuerName,
        docNumber: notice.docNumber ?? '（未编号）',
        title: notice.title,
        recipients: notice.recipients,
        body: notice.body,
        attachments: notice.attachments,
        issuedAt: notice.issuedAt ?? notice.updatedAt,
        timeZone: notice.timeZone,
      },
    };
  }

  async noticePdf(noticeId: string): Promise<Uint8Array> {
    return this.pdf.renderNotice((await this.noticeData(noticeId)).data);
  }

  facts(notice: NoticeHead, assignment: Assignment, version: SubmissionVersion, centerName: string, centerEmail: string | null): SubmissionFacts {
    const goals = assignment.goals.map((g) => ({ code: g.code, title: this.catalogue.goal(g.code)?.title ?? g.code }));
    const schema = (notice.tableSchema ?? {}) as { title?: string; 'x-columns'?: TableColumn[] };
    const table = version.table as TableData['table'];
    return {
      notice,
      assignment,
      version,
      centerName,
      centerEmail: table.contact?.email ?? centerEmail,
      receipt: {
        receiptNo: version.receiptNo,
        noticeDocNumber: notice.docNumber ?? '',
        noticeTitle: notice.title,
        centerName,
        goals,
        version: version.version,
        submittedAt: version.submittedAt,
        timeZone: notice.timeZone,
        late: version.late,
        sha256: version.sha256,
        // The notice's deadline: `late` is measured against it, and a later extension must not change an old receipt.
        deadline: notice.deadline,
      },
      tableData: {
        templateTitle: schema.title ?? '策略表',
        columns: schema['x-columns'] ?? [],
        centerName,
        noticeDocNumber: notice.docNumber ?? '',
        version: version.version,
        submittedAt: version.submittedAt,
        timeZone: notice.timeZone,
        goalTitles: Object.fromEntries(goals.map((g) => [g.code, g.title])),
        table,
      },
    };
  }
}
