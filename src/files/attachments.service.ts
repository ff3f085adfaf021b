import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NOTICE_STATE_LABELS } from '../../workflows/notice.machine.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { hasRole, type AuthUser } from '../common/current-user.js';
import { DomainError, forbidden, notFound, validationFailed } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { Db, type Sql } from '../database/db.js';
import type { AuditEntry } from '../audit/audit-log.service.js';
import type { AuditKind } from '../audit/audit.entities.js';
import { NoticeAccess } from '../assignments/notice-access.service.js';
import { NoticeReader } from '../notices/notice-reader.service.js';
import { NoticeStore } from '../notices/notice-store.service.js';
import type { Notice, NoticeHead } from '../notices/notice.entities.js';
import type { StoredAttachment } from './attachment.entities.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentGeneration } from './attachment-generation.service.js';
import { nextFreeNumber, titleOf, withFileLine, withoutLine } from './attachment-lines.js';
import type { ReplaceAttachmentRequestDto, UploadAttachmentRequestDto } from './attachment.request.dto.js';
import { mapAttachment, type AttachmentView } from './attachment.view.js';
import { cleanTitle, safeFileName } from './file-names.js';
import { ACCEPTED_TYPES_TEXT, detectFileType, type FileType } from './file-types.js';
import { megabytes } from './file-sizes.js';

/** The part of multer's file the service reads: the name as sent and the bytes, held in memory up to the size limit. */
export interface UploadedFileData {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** The event name of each attachment act in the audit trail. */
const ATTACHMENT_EVENTS: Partial<Record<AuditKind, string>> = {
  'notice.attachmentAdded': 'ADD_ATTACHMENT',
  'notice.attachmentReplaced': 'REPLACE_ATTACHMENT',
  'notice.attachmentRemoved': 'REMOVE_ATTACHMENT',
  'notice.attachmentGenerated': 'GENERATE_ATTACHMENT',
};

/** A file ready to store: its bytes, what they are, and the name they go by. */
interface Accepted {
  content: Buffer;
  type: FileType;
  sha256: string;
}

/**
 * A notice's files over HTTP. The issuing commission's staff upload, replace
 * and delete them while the notice is a draft; from 核稿 on they are frozen
 * with it. Whoever may read the notice may list and download them.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(NoticeReader) private readonly notices: NoticeReader,
    @Inject(NoticeStore) private readonly store: NoticeStore,
    @Inject(NoticeAccess) private readonly access: NoticeAccess,
    @Inject(AttachmentRepository) private readonly repository: AttachmentRepository,
    @Inject(AttachmentGeneration) private readonly generation: AttachmentGeneration,
  ) {}

  // ---- reading ---------------------------------------------------------

  async list(user: AuthUser, noticeId: string): Promise<AttachmentView[]> {
    return this.db.read(async (sql) => {
      const notice = await this.readable(sql, user, noticeId);
      return (await this.repository.list(sql, noticeId)).map((a) => mapAttachment(a, titleOf(notice.attachments, a.no) ?? a.fileName));
    });
  }

  async download(user: AuthUser, noticeId: string, attachmentId: string): Promise<{ content: Buffer; fileName: string; contentType: string; sha256: string }> {
    return this.db.read(async (sql) => {
      await this.readable(sql, user, noticeId);
      const attachment = await this.repository.find(sql, noticeId, attachmentId);
      const content = attachment && (await this.repository.content(sql, attachment.id));
      if (!attachment || !content) throw notFound('附件');
      return { content, fileName: attachment.fileName, contentType: attachment.contentType, sha256: attachment.sha256 };
    });
  }

  // ---- writing (drafts only) -------------------------------------------

  async upload(user: AuthUser, noticeId: string, file: UploadedFileData | undefined, body: UploadAttachmentRequestDto): Promise<AttachmentView> {
    return this.db.tx(async (sql) => {
      const notice = await this.manageable(sql, user, noticeId);
      const accepted = this.accept(file);
      const no = body.number ?? nextFreeNumber(notice.attachments, this.generation.reservedNumbers());
      if (this.generation.isGenerated(no)) {
        throw validationFailed(`附件${no}由系统根据分工自动生成，不能上传；请选择其他序号`, [{ field: 'number', message: `附件${no}由系统生成` }]);
      }
      if ((await this.repository.list(sql, noticeId)).some((a) => a.no === no)) {
        throw validationFailed(`附件${no}已有文件；如需更换，请替换该附件`, [{ field: 'number', message: `附件${no}已有文件` }]);
      }
      const at = this.clock.now().toISOString();
      const fileName = safeFileName(file?.originalname, accepted.type, `附件${no}`);
      const title = this.titleFor(body.title, titleOf(notice.attachments, no), fileName);
      const row = this.row(accepted, { id: newId(), noticeId, no, fileName, createdBy: user.id, createdAt: at, updatedAt: at });
      // The notice first (compare-and-set): a second upload to the same line waits on the notice's row and
      // then gets VERSION_CONFLICT, instead of colliding with this file on the line's unique index.
      await this.changeLines(sql, user, notice, withFileLine(notice.attachments, no, title, row.id), 'notice.attachmentAdded', row, at);
      await this.repository.insert(sql, { ...row, content: accepted.content });
      return mapAttachment(row, title);
    });
  }

  async replace(
    user: AuthUser,
    noticeId: string,
    attachmentId: string,
    file: UploadedFileData | undefined,
    body: ReplaceAttachmentRequestDto,
  ): Promise<AttachmentView> {
    return this.db.tx(async (sql) => {
      const notice = await this.manageable(sql, user, noticeId);
      const current = await this.stored(sql, noticeId, attachmentId);
      if (current.generator !== null) {
        throw validationFailed(`附件${current.no}由系统根据分工自动生成，不能替换`, [{ field: 'file', message: `附件${current.no}由系统生成` }]);
      }
      const accepted = this.accept(file);
      const at = this.clock.now().toISOString();
      const fileName = safeFileName(file?.originalname, accepted.type, `附件${current.no}`);
      const title = this.titleFor(body.title, titleOf(notice.attachments, current.no), fileName);
      const row = this.row(accepted, { ...current, fileName, createdBy: user.id, updatedAt: at });
      await this.changeLines(sql, user, notice, withFileLine(notice.attachments, current.no, title, row.id), 'notice.attachmentReplaced', row, at);
      await this.repository.replace(sql, { ...row, content: accepted.content });
      return mapAttachment(row, title);
    });
  }

  /** A deleted file takes its line of the 附件说明 with it. */
  async remove(user: AuthUser, noticeId: string, attachmentId: string): Promise<void> {
    await this.db.tx(async (sql) => {
      const notice = await this.manageable(sql, user, noticeId);
      const current = await this.stored(sql, noticeId, attachmentId);
      const at = this.clock.now().toISOString();
      await this.changeLines(sql, user, notice, withoutLine(notice.attachments, current.no), 'notice.attachmentRemoved', current, at);
      await this.repository.delete(sql, current.id);
    });
  }

  /** A draft's generated attachments (附件2) made now from its division, to check before it goes to 核稿. */
  async generate(user: AuthUser, noticeId: string): Promise<AttachmentView[]> {
    return this.db.tx(async (sql) => {
      const notice = await this.manageable(sql, user, noticeId);
      const at = this.clock.now().toISOString();
      const { lines, made } = await this.generation.generate(sql, notice, at, user.id);
      await this.store.update(
        sql,
        notice,
        { attachments: lines },
        at,
        made.map((m) => this.auditEntry(user, notice, 'notice.attachmentGenerated', m, at)),
      );
      return (await this.repository.list(sql, noticeId)).map((a) => mapAttachment(a, titleOf(lines, a.no) ?? a.fileName));
    });
  }

  // ---- helpers ---------------------------------------------------------

  /** The notice if this user may read it; otherwise NOT_FOUND, so ids leak nothing. */
  private async readable(sql: Sql, user: AuthUser, noticeId: string): Promise<NoticeHead> {
    const notice = await this.notices.head(sql, noticeId);
    if (!notice || !(await this.access.mayRead(sql, user, notice))) throw notFound('公文');
    return notice;
  }

  /** A draft of the caller's own commission, for its staff; from 核稿 on, its files are frozen. */
  private async manageable(sql: Sql, user: AuthUser, noticeId: string): Promise<Notice> {
    const notice = await this.notices.find(sql, noticeId);
    if (!notice || !(await this.access.mayRead(sql, user, notice))) throw notFound('公文');
    if (!hasRole(user, 'staff') || (notice.issuerId !== user.organisationId && !hasRole(user, 'admin'))) {
      throw forbidden('只有发文机关的工作人员可以管理公文附件');
    }
    if (notice.state !== 'draft') {
      throw new DomainError('ATTACHMENTS_FROZEN', `附件已随公文冻结（当前状态：${NOTICE_STATE_LABELS[notice.state]}），只有草稿的附件可以修改`);
    }
    return notice;
  }

  private async stored(sql: Sql, noticeId: string, attachmentId: string): Promise<StoredAttachment> {
    const attachment = await this.repository.find(sql, noticeId, attachmentId);
    if (!attachment) throw notFound('附件');
    return attachment;
  }

  /** The bytes checked: present, within the limit, and by their content one of the accepted types. */
  private accept(file: UploadedFileData | undefined): Accepted {
    if (!file) throw validationFailed('请选择要上传的文件（表单字段 file，multipart/form-data）', [{ field: 'file', message: 'required' }]);
    const limit = this.config.attachments.maxBytes;
    if (file.size > limit) throw new DomainError('PAYLOAD_TOO_LARGE', `文件超过 ${megabytes(limit)} 的上限，未保存`);
    if (file.size === 0) throw validationFailed('文件为空，未保存', [{ field: 'file', message: 'empty' }]);
    const type = detectFileType(file.buffer);
    if (!type) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `不支持该文件类型，未保存：只接受 ${ACCEPTED_TYPES_TEXT}（按文件内容识别，与扩展名无关）`);
    }
    return { content: file.buffer, type, sha256: createHash('sha256').update(file.buffer).digest('hex') };
  }

  private row(accepted: Accepted, base: Omit<StoredAttachment, 'contentType' | 'size' | 'sha256' | 'generator'>): StoredAttachment {
    return { ...base, contentType: accepted.type.contentType, size: accepted.content.length, sha256: accepted.sha256, generator: null };
  }

  /** The title typed, else the line's own, else the file name without its extension. */
  private titleFor(given: string | undefined, line: string | undefined, fileName: string): string {
    return cleanTitle(given ?? '') || line || fileName.replace(/\.[^.]+$/, '');
  }

  /** The notice's 附件说明 changed (compare-and-set) with the audit row of the file's change. */
  private async changeLines(sql: Sql, user: AuthUser, notice: Notice, lines: Notice['attachments'], kind: AuditKind, file: StoredAttachment, at: string) {
    await this.store.update(sql, notice, { attachments: lines }, at, [this.auditEntry(user, notice, kind, file, at)]);
  }

  private auditEntry(user: AuthUser, notice: Notice, kind: AuditKind, file: StoredAttachment, at: string): AuditEntry {
    return {
      at,
      actorId: user.id,
      actorOrgId: user.organisationId,
      entity: 'notice',
      entityId: notice.id,
      event: ATTACHMENT_EVENTS[kind] ?? kind,
      kind,
      from: notice.state,
      to: notice.state,
      detail: { no: file.no, fileName: file.fileName, size: file.size, sha256: file.sha256 },
    };
  }
}
