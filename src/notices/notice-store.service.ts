import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import type { Sql } from '../database/db.js';
import { AuditLog, type AuditEntry } from '../audit/audit-log.service.js';
import type { Notice, NoticeChanges } from './notice.entities.js';
import { NoticeRepository } from './notice.repository.js';

/** Writes a notice's change with its audit rows, in the caller's transaction. */
@Injectable()
export class NoticeStore {
  constructor(
    @Inject(NoticeRepository) private readonly repository: NoticeRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async insert(sql: Sql, notice: Notice, audit: AuditEntry): Promise<void> {
    await this.repository.insert(sql, notice);
    await this.audit.append(sql, [audit]);
  }

  /** Compare-and-set: a notice read by two staff at once is changed by one of them; the other gets VERSION_CONFLICT. */
  async update(sql: Sql, notice: Notice, changes: NoticeChanges, at: string, audit: readonly AuditEntry[]): Promise<Notice> {
    if (!(await this.repository.update(sql, notice.id, notice.version, changes, at))) {
      throw new DomainError('VERSION_CONFLICT', '该公文已被他人更新，请刷新后重试');
    }
    await this.audit.append(sql, audit);
    return { ...notice, ...changes, version: notice.version + 1, updatedAt: at };
  }
}
