import { Injectable } from '@nestjs/common';
import { In, type FindOptionsSelect, type FindOptionsWhere, type QueryDeepPartialEntity } from 'typeorm';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import { NoticeEntity, type Notice, type NoticeChanges, type NoticeHead } from './notice.entities.js';

/** Every column but the long ones (division, body). */
const HEAD_COLUMNS = Object.fromEntries(
  Object.keys(NoticeEntity.options.columns)
    .filter((c) => c !== 'division' && c !== 'body')
    .map((c) => [c, true]),
) as FindOptionsSelect<Notice>;

export interface NoticeFilter {
  issuerId?: string;
  ids?: string[];
}

/** The notices table. */
@Injectable()
export class NoticeRepository {
  async find(sql: Sql, id: string): Promise<Notice | undefined> {
    return (await sql.manager.getRepository(NoticeEntity).findOneBy({ id })) ?? undefined;
  }

  /** The notice without division and body: what an assignment's transition reads. */
  async findHead(sql: Sql, id: string): Promise<NoticeHead | undefined> {
    return ((await sql.manager.getRepository(NoticeEntity).findOne({ select: HEAD_COLUMNS, where: { id } })) ?? undefined) as NoticeHead | undefined;
  }

  async heads(sql: Sql, ids: string[]): Promise<Map<string, NoticeHead>> {
    if (ids.length === 0) return new Map();
    const rows = await sql.manager.getRepository(NoticeEntity).find({ select: HEAD_COLUMNS, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((n) => [n.id, n as NoticeHead]));
  }

  async idsByIssuer(sql: Sql, issuerId: string): Promise<string[]> {
    return (await sql.manager.getRepository(NoticeEntity).find({ select: { id: true }, where: { issuerId } })).map((n) => n.id);
  }

  async listPage(sql: Sql, filter: NoticeFilter, page: Page): Promise<Paged<Notice>> {
    const where: FindOptionsWhere<Notice> = {};
    if (filter.issuerId) where.issuerId = filter.issuerId;
    if (filter.ids) where.id = In(filter.ids);
    const [items, total] = await sql.manager
      .getRepository(NoticeEntity)
      .findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, skip: page.skip, take: page.take });
    return { items, total };
  }

  async insert(sql: Sql, notice: Notice): Promise<void> {
    await sql.manager.getRepository(NoticeEntity).insert(notice as QueryDeepPartialEntity<Notice>);
  }

  /**
   * Compare-and-set: applies `changes` only if the row is still at `expectedVersion`.
   * Two writers that read the same version cannot both win; the loser gets 0 rows.
   */
  async update(sql: Sql, id: string, expectedVersion: number, changes: NoticeChanges, at: string): Promise<boolean> {
    const result = await sql.manager
      .createQueryBuilder()
      .update(NoticeEntity)
      .set({ ...changes, updatedAt: at, version: () => 'version + 1' } as QueryDeepPartialEntity<Notice>)
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .execute();
    return result.affected === 1;
  }
}
