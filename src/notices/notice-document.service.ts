import { Inject, Injectable } from '@nestjs/common';
import { Db, type Sql } from '../database/db.js';
import { notFound } from '../common/errors.js';
import { Directory } from '../identity/directory.service.js';
import { PdfRenderer } from '../documents/pdf-renderer.js';
import type { NoticeDocumentData } from '../documents/document-data.js';
import type { Notice } from './notice.entities.js';
import { NoticeRepository } from './notice.repository.js';

/**
 * The notice as a printed document (GB/T 9704-2012): its data gathered from the
 * database, rendered outside any transaction. The PDF endpoint and the mail
 * relay use the same source, so a mailed PDF equals the downloaded one.
 */
@Injectable()
export class NoticeDocuments {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(PdfRenderer) private readonly renderer: PdfRenderer,
  ) {}

  async data(noticeId: string, sql?: Sql): Promise<{ notice: Notice; data: NoticeDocumentData }> {
    const load = async (s: Sql) => {
      const notice = await this.repository.find(s, noticeId);
      if (!notice) throw notFound('公文');
      const issuer = await this.directory.organisation(s, notice.issuerId);
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
        attachments: notice.attachments.map((a) => ({ no: a.no, title: a.title })),
        // 成文日期 is the signing date; a draft (not signed yet) shows the day it was last edited.
        signedAt: notice.signedAt ?? notice.issuedAt ?? notice.updatedAt,
        timeZone: notice.timeZone,
      },
    };
  }

  async pdf(noticeId: string): Promise<Uint8Array> {
    return this.pdfOf((await this.data(noticeId)).data);
  }

  pdfOf(data: NoticeDocumentData): Promise<Uint8Array> {
    return this.renderer.renderNotice(data);
  }
}
