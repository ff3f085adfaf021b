import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';
import { AuditLog } from '../audit/audit-log.service.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import type { Attachment, Notice } from '../notices/notice.entities.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentGeneration } from './attachment-generation.service.js';
import { titleOf } from './attachment-lines.js';
import { attachmentPath } from './attachment.view.js';

/** A notice's files for its mail: carried by the mail, or, over the size limit, linked. */
export interface MailAttachments {
  /** Every file of the notice, in the order of the 附件说明. */
  files: {
    no: number;
    title: string;
    fileName: string;
    contentType: string;
    size: number;
    /** The bytes, when the mail carries the files. */
    content?: Buffer;
    /** Where to download it (absolute, from APP_URL), when the mail carries links. */
    url?: string;
  }[];
  mode: 'attached' | 'linked';
}

/** What other modules may do with a notice's files: freeze them at issue, read them for its mail. */
@Injectable()
export class NoticeAttachments {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(AttachmentRepository) private readonly repository: AttachmentRepository,
    @Inject(AttachmentGeneration) private readonly generation: AttachmentGeneration,
  ) {}

  /**
   * At issue, in the issuing transaction: the generated attachments made from
   * the numbered notice and stored; answers the 附件说明 to freeze with it.
   */
  async freeze(sql: Sql, notice: Notice, at: string): Promise<Attachment[]> {
    const { lines, made } = await this.generation.generate(sql, notice, at, null);
    await this.audit.append(
      sql,
      made.map((m) => ({
        at,
        actorId: null,
        actorOrgId: null,
        entity: 'notice' as const,
        entityId: notice.id,
        event: 'GENERATE_ATTACHMENT',
        kind: 'notice.attachmentGenerated' as const,
        from: notice.state,
        to: notice.state,
        detail: { no: m.no, fileName: m.fileName, size: m.size, sha256: m.sha256 },
      })),
    );
    return lines;
  }

  /**
   * The files of an issued notice for its mail. Up to MAIL_ATTACHMENTS_MAX_BYTES
   * in all the mail carries them; above it, every file as a download link, so a
   * mail server's size limit never bounces the notice itself.
   */
  async forMail(noticeId: string): Promise<MailAttachments> {
    return this.db.read(async (sql) => {
      const notice = await this.notices.head(sql, noticeId);
      const stored = await this.repository.list(sql, noticeId);
      const lines = notice?.attachments ?? [];
      const total = stored.reduce((sum, f) => sum + f.size, 0);
      const mode = total <= this.config.mail.attachmentsMaxBytes ? 'attached' : 'linked';
      const files: MailAttachments['files'] = [];
      for (const f of stored) {
        const file = { no: f.no, title: titleOf(lines, f.no) ?? f.fileName, fileName: f.fileName, contentType: f.contentType, size: f.size };
        files.push(
          mode === 'attached'
            ? { ...file, content: await this.repository.content(sql, f.id) }
            : { ...file, url: `${this.config.appUrl}${attachmentPath(noticeId, f.id)}` },
        );
      }
      return { files, mode };
    });
  }
}
