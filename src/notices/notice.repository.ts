import { Injectable } from '@nestjs/common';
import { In, type FindOptionsSelect, type QueryDeepPartialEntity } from 'typeorm';
import type { Sql } from '../database/db.js';
import type { Page, Paged } from '../common/paging.js';
import type { LatePolicy } from '../../workflows/assignment.machine.js';
import type { NoticeState } from '../../workflows/notice.machine.js';
import { NoticeEntity, tableSchemaFrom, type Notice, type NoticeChanges, type NoticeHead } from './notice.entities.js';

/** Every column but the long ones (division, body). */
const HEAD_COLUMNS = Object.fromEntries(
  Object.keys(NoticeEntity.options.columns)
    .filter((c) => c !== 'division' && c !== 'body')
    .map((c) => [c, true]),
) as FindOptionsSelect<Notice>;

/** The hot read of every assignment event, as literal SQL: the head columns, no ORM in the way. */
const FIND_HEAD = `SELECT id, title, doc_number, doc_year, doc_seq, issuer_id, recipients, attachments, deadline, time_zone, mailbox,
    campaign_year, table_template, table_schema, late_policy, reminder_ladder, resubmission_working_days, state, snapshot,
    machine_version, version, created_by, created_at, updated_at, signed_at, issued_at, closed_at
  FROM notices WHERE id = $1`;

interface HeadRow {
  id: string;
  title: string;
  doc_number: string | null;
  doc_year: number | string | null;
  doc_seq: number | string | null;
  issuer_id: string;
  recipients: string;
  attachments: string;
  deadline: string;
  time_zone: string;
  mailbox: string;
  campaign_year: number | string;
  table_template: string;
  table_schema: string | null;
  late_policy: LatePolicy;
  reminder_ladder: string | null;
  resubmission_working_days: number | string | null;
  state: NoticeState;
  snapshot: string;
  machine_version: number | string;
  version: number | string;
  created_by: string;
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  issued_at: string | null;
  closed_at: string | null;
}

const intOrNull = (v: number | string | null) => (v === null ? null : Number(v));

/** A row of FIND_HEAD as the entity reads it (the same JSON columns parsed, the same table-schema object per text). */
function headOf(r: HeadRow): NoticeHead {
  return {
    id: r.id,
    title: r.title,
    docNumber: r.doc_number,
    docYear: intOrNull(r.doc_year),
    docSeq: intOrNull(r.doc_seq),
    issuerId: r.issuer_id,
    recipients: JSON.parse(r.recipients) as NoticeHead['recipients'],
    attachments: JSON.parse(r.attachments) as NoticeHead['attachments'],
    deadline: r.deadline,
    timeZone: r.time_zone,
    mailbox: r.mailbox,
    campaignYear: Number(r.campaign_year),
    tableTemplate: r.table_template,
    tableSchema: tableSchemaFrom(r.table_schema),
    latePolicy: r.late_policy,
    reminderLadder: r.reminder_ladder === null ? null : (JSON.parse(r.reminder_ladder) as NoticeHead['reminderLadder']),
    resubmissionWorkingDays: intOrNull(r.resubmission_working_days),
    state: r.state,
    snapshot: r.snapshot,
    machineVersion: Number(r.machine_version),
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    signedAt: r.signed_at,
    issuedAt: r.issued_at,
    closedAt: r.closed_at,
  };
}

export interface NoticeFilter {
  issuerId?: string;
  ids?: string[];
  /** Substring of the 文号. */
  docNumber?: string;
  /** Substring of the title. */
  title?: string;
  /** The campaign year (年度). */
  year?: number;
  state?: NoticeState;
}

/** A user's text inside LIKE: its own % and _ match themselves. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The notices table. */
@Injectable()
export class NoticeRepository {
  async find(sql: Sql, id: string): Promise<Notice | undefined> {
    return (await sql.manager.getRepository(NoticeEntity).findOneBy({ id })) ?? undefined;
  }

  /** The notice without division and body: what an assignment's transition reads. */
  async findHead(sql: Sql, id: string): Promise<NoticeHead | undefined> {
    const row = await sql.one<HeadRow>(FIND_HEAD, [id]);
    return row && headOf(row);
  }

  async heads(sql: Sql, ids: string[]): Promise<Map<string, NoticeHead>> {
    if (ids.length === 0) return new Map();
    const rows = await sql.manager.getRepository(NoticeEntity).find({ select: HEAD_COLUMNS, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((n) => [n.id, n as NoticeHead]));
  }

  async idsByIssuer(sql: Sql, issuerId: string): Promise<string[]> {
    return (await sql.manager.getRepository(NoticeEntity).find({ select: { id: true }, where: { issuerId } })).map((n) => n.id);
  }

  /** Newest first, one page, searched in the database; LOWER on both sides so both databases match letters alike. */
  async listPage(sql: Sql, filter: NoticeFilter, page: Page): Promise<Paged<Notice>> {
    const query = sql.manager.getRepository(NoticeEntity).createQueryBuilder('n').orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'ASC');
    if (filter.issuerId) query.andWhere('n.issuerId = :issuerId', { issuerId: filter.issuerId });
    if (filter.ids) query.andWhere('n.id IN (:...ids)', { ids: filter.ids.length > 0 ? filter.ids : [''] });
    if (filter.docNumber) query.andWhere("LOWER(n.docNumber) LIKE LOWER(:docNumber) ESCAPE '\\'", { docNumber: likeText(filter.docNumber) });
    if (filter.title) query.andWhere("LOWER(n.title) LIKE LOWER(:title) ESCAPE '\\'", { title: likeText(filter.title) });
    if (filter.year !== undefined) query.andWhere('n.campaignYear = :year', { year: filter.year });
    if (filter.state) query.andWhere('n.state = :state', { state: filter.state });
    const [items, total] = await query.skip(page.skip).take(page.take).getManyAndCount();
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
