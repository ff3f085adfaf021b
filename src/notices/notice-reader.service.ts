import { Inject, Injectable } from '@nestjs/common';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import type { Notice, NoticeHead } from './notice.entities.js';
import { NoticeRepository, type NoticeFilter } from './notice.repository.js';

/** What other modules may read of notices: the notices module's read port. */
@Injectable()
export class NoticeReader {
  constructor(@Inject(NoticeRepository) private readonly repository: NoticeRepository) {}

  find(sql: Sql, id: string): Promise<Notice | undefined> {
    return this.repository.find(sql, id);
  }

  listPage(sql: Sql, filter: NoticeFilter, page: Page): Promise<Paged<Notice>> {
    return this.repository.listPage(sql, filter, page);
  }

  head(sql: Sql, id: string): Promise<NoticeHead | undefined> {
    return this.repository.findHead(sql, id);
  }

  heads(sql: Sql, ids: string[]): Promise<Map<string, NoticeHead>> {
    return this.repository.heads(sql, ids);
  }

  async idsByIssuer(sql: Sql, issuerId: string): Promise<string[]> {
    return this.repository.idsByIssuer(sql, issuerId);
  }
}
