import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { notFound } from '../common/errors.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { Directory } from '../identity/directory.service.js';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import type { ReceiptData, TableColumn, TableData } from '../documents/document-data.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import type { NoticeHead } from '../notices/notice.entities.js';
import type { Assignment, SubmissionVersion } from './assignment.entities.js';
import { AssignmentRepository } from './assignment.repository.js';

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
 * A version's receipt and table: their data read from the database (never
 * inside a transition's transaction) and rendered. The PDF endpoints and the
 * mail relay use the same source, so a mailed PDF equals the downloaded one.
 */
@Injectable()
export class SubmissionDocuments {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AssignmentRepository) private readonly repository: AssignmentRepository,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
  ) {}

  async submission(assignmentId: string, versionNo: number): Promise<SubmissionFacts> {
    return this.db.read(async (sql) => {
      const assignment = await this.repository.findForEvent(sql, assignmentId);
      const notice = assignment && (await this.notices.head(sql, assignment.noticeId));
      const version = notice && (await this.repository.version(sql, assignmentId, versionNo));
      if (!assignment || !notice || !version) throw notFound(`第${versionNo}版`);
      const org = await this.directory.organisation(sql, assignment.organisationId);
      return this.factsOf(notice, assignment, version, org?.name ?? '', org?.email ?? null);
    });
  }

  async receiptPdf(assignmentId: string, versionNo: number): Promise<Uint8Array> {
    return this.pdf.renderReceipt((await this.submission(assignmentId, versionNo)).receipt);
  }

  async tablePdf(assignmentId: string, versionNo: number): Promise<Uint8Array> {
    return this.pdf.renderTable((await this.submission(assignmentId, versionNo)).tableData);
  }

  /** The receipt's and the table's data from rows already read (the round's export reads them by the page). */
  factsOf(notice: NoticeHead, assignment: Assignment, version: SubmissionVersion, centerName: string, centerEmail: string | null): SubmissionFacts {
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
        // The effective deadline frozen with the version: a later extension or return never changes an old receipt.
        deadline: version.deadline ?? notice.deadline,
        originalDeadline: notice.deadline,
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
