import type { Sql } from '../database/db.js';
import { json } from '../database/db.js';
import type { NoticeState } from '../../workflows/notice.machine.js';
import type { LatePolicy } from '../../workflows/assignment.machine.js';
import type { LadderRung } from '../deadlines/reminder-ladder.js';

export interface DivisionEntry {
  organisationId: string;
  goalCodes: string[];
  role: 'lead' | 'partner';
}

export interface Attachment {
  no: number;
  title: string;
}

export interface Notice {
  id: string;
  title: string;
  docNumber: string | null;
  docYear: number | null;
  docSeq: number | null;
  issuerId: string;
  recipients: string[];
  body: string;
  attachments: Attachment[];
  deadline: string;
  timeZone: string;
  mailbox: string;
  campaignYear: number;
  tableTemplate: string;
  tableSchema: Record<string, unknown> | null;
  division: DivisionEntry[];
  /** `reject` (default, as in the reference notice) or `accept-late`. */
  latePolicy: LatePolicy;
  /** The 催办 ladder; null: the default (3 and 1 working days before at 09:00, 2 hours before). */
  reminderLadder: LadderRung[] | null;
  /** Working days a returned center gets to resubmit; null: the default (3). */
  resubmissionWorkingDays: number | null;
  state: NoticeState;
  snapshot: string;
  machineVersion: number;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  issuedAt: string | null;
  closedAt: string | null;
}

/** A notice without its long parts (division, body): what an assignment's transition needs. */
export type NoticeHead = Omit<Notice, 'division' | 'body'>;

/**
 * A campaign's table schema is frozen at issue and read on every submission:
 * parse each distinct text once (the same object also keys the compiled validator).
 */
const schemaCache = new Map<string, Record<string, unknown>>();
function readSchema(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let schema = schemaCache.get(text);
  if (!schema) {
    if (schemaCache.size > 100) schemaCache.clear();
    schema = json.read<Record<string, unknown>>(text);
    schemaCache.set(text, schema);
  }
  return schema;
}

interface NoticeRow {
  id: string;
  title: string;
  doc_number: string | null;
  doc_year: number | null;
  doc_seq: number | null;
  issuer_id: string;
  recipients: string;
  body: string;
  attachments: string;
  deadline: string;
  time_zone: string;
  mailbox: string;
  campaign_year: number;
  table_template: string;
  table_schema: string | null;
  division: string;
  late_policy: LatePolicy;
  reminder_ladder: string | null;
  resubmission_working_days: number | string | null;
  state: NoticeState;
  snapshot: string;
  machine_version: number;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  closed_at: string | null;
}

const mapNotice = (r: NoticeRow): Notice => ({
  id: r.id,
  title: r.title,
  docNumber: r.doc_number,
  docYear: r.doc_year === null ? null : Number(r.doc_year),
  docSeq: r.doc_seq === null ? null : Number(r.doc_seq),
  issuerId: r.issuer_id,
  recipients: json.read(r.recipients),
  body: r.body,
  attachments: json.read(r.attachments),
  deadline: r.deadline,
  timeZone: r.time_zone,
  mailbox: r.mailbox,
  campaignYear: Number(r.campaign_year),
  tableTemplate: r.table_template,
  tableSchema: readSchema(r.table_schema),
  division: json.read(r.division),
  latePolicy: r.late_policy ?? 'reject',
  reminderLadder: json.read(r.reminder_ladder),
  resubmissionWorkingDays: r.resubmission_working_days === null || r.resubmission_working_days === undefined ? null : Number(r.resubmission_working_days),
  state: r.state,
  snapshot: r.snapshot,
  machineVersion: Number(r.machine_version),
  version: Number(r.version),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  issuedAt: r.issued_at,
  closedAt: r.closed_at,
});

/** The columns a transition may change; everything else is fixed once written. */
export type NoticeChanges = Partial<
  Pick<
    Notice,
    | 'title'
    | 'recipients'
    | 'body'
    | 'attachments'
    | 'deadline'
    | 'timeZone'
    | 'mailbox'
    | 'campaignYear'
    | 'tableTemplate'
    | 'tableSchema'
    | 'division'
    | 'latePolicy'
    | 'reminderLadder'
    | 'resubmissionWorkingDays'
    | 'state'
    | 'snapshot'
    | 'docNumber'
    | 'docYear'
    | 'docSeq'
    | 'issuedAt'
    | 'closedAt'
  >
>;

const COLUMN: Record<keyof NoticeChanges, [string, boolean]> = {
  title: ['title', false],
  recipients: ['recipients', true],
  body: ['body', false],
  attachments: ['attachments', true],
  deadline: ['deadline', false],
  timeZone: ['time_zone', false],
  mailbox: ['mailbox', false],
  campaignYear: ['campaign_year', false],
  tableTemplate: ['table_template', false],
  tableSchema: ['table_schema', true],
  division: ['division', true],
  latePolicy: ['late_policy', false],
  reminderLadder: ['reminder_ladder', true],
  resubmissionWorkingDays: ['resubmission_working_days', false],
  state: ['state', false],
  snapshot: ['snapshot', false],
  docNumber: ['doc_number', false],
  docYear: ['doc_year', false],
  docSeq: ['doc_seq', false],
  issuedAt: ['issued_at', false],
  closedAt: ['closed_at', false],
};

const HEAD = [
  'id',
  'title',
  'doc_number',
  'doc_year',
  'doc_seq',
  'issuer_id',
  'recipients',
  'attachments',
  'deadline',
  'time_zone',
  'mailbox',
  'campaign_year',
  'table_template',
  'table_schema',
  'late_policy',
  'reminder_ladder',
  'resubmission_working_days',
  'state',
  'snapshot',
  'machine_version',
  'version',
  'created_by',
  'created_at',
  'updated_at',
  'issued_at',
  'closed_at',
] as const;
const HEAD_COLUMNS = HEAD.join(', ');

/** The head columns of `n`, each aliased `n_<column>`, for a join that reads a notice beside another row. */
export const NOTICE_HEAD_JOIN_COLUMNS = HEAD.map((c) => `n.${c} AS n_${c}`).join(', ');

/** Maps the `n_…` columns of such a join back to a notice head. */
export function noticeHeadFromJoin(row: Record<string, unknown>): NoticeHead {
  const own = Object.fromEntries(HEAD.map((c) => [c, row[`n_${c}`]])) as unknown as NoticeRow;
  const { division: _d, body: _b, ...head } = mapNotice({ ...own, division: '[]', body: '' });
  return head;
}

export const noticeRepository = {
  async find(sql: Sql, id: string): Promise<Notice | undefined> {
    const row = await sql.one<NoticeRow>('SELECT * FROM notices WHERE id = $1', [id]);
    return row && mapNotice(row);
  },
  /** The notice without division and body: the hot path of a submission reads only this. */
  async findHead(sql: Sql, id: string): Promise<NoticeHead | undefined> {
    const row = await sql.one<NoticeRow>(`SELECT ${HEAD_COLUMNS} FROM notices WHERE id = $1`, [id]);
    if (!row) return undefined;
    const { division: _d, body: _b, ...head } = mapNotice({ ...row, division: '[]', body: '' });
    return head;
  },
  async list(sql: Sql, issuerId: string | null): Promise<Notice[]> {
    const rows = issuerId
      ? await sql.many<NoticeRow>('SELECT * FROM notices WHERE issuer_id = $1 ORDER BY created_at DESC', [issuerId])
      : await sql.many<NoticeRow>('SELECT * FROM notices ORDER BY created_at DESC');
    return rows.map(mapNotice);
  },
  /** Notices in which an organisation has an assignment (what a center may read). */
  async listForAssignee(sql: Sql, organisationId: string): Promise<Notice[]> {
    const rows = await sql.many<NoticeRow>(
      'SELECT n.* FROM notices n WHERE n.id IN (SELECT notice_id FROM assignments WHERE organisation_id = $1) ORDER BY n.created_at DESC',
      [organisationId],
    );
    return rows.map(mapNotice);
  },
  /** Issued notices with an assignment given to a reviewer. */
  async listForReviewer(sql: Sql, userId: string): Promise<Notice[]> {
    const rows = await sql.many<NoticeRow>(
      `SELECT n.* FROM notices n WHERE n.id IN (SELECT a.notice_id FROM assignments a JOIN assignment_reviewers r ON r.assignment_id = a.id WHERE r.user_id = $1)
       ORDER BY n.created_at DESC`,
      [userId],
    );
    return rows.map(mapNotice);
  },
  async insert(sql: Sql, n: Notice): Promise<void> {
    await sql.exec(
      `INSERT INTO notices (id, title, doc_number, doc_year, doc_seq, issuer_id, recipients, body, attachments, deadline, time_zone, mailbox,
        campaign_year, table_template, table_schema, division, state, snapshot, machine_version, version, created_by, created_at, updated_at, issued_at, closed_at,
        late_policy, reminder_ladder, resubmission_working_days)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28)`,
      [
        n.id,
        n.title,
        n.docNumber,
        n.docYear,
        n.docSeq,
        n.issuerId,
        json.write(n.recipients),
        n.body,
        json.write(n.attachments),
        n.deadline,
        n.timeZone,
        n.mailbox,
        n.campaignYear,
        n.tableTemplate,
        n.tableSchema === null ? null : json.write(n.tableSchema),
        json.write(n.division),
        n.state,
        n.snapshot,
        n.machineVersion,
        n.version,
        n.createdBy,
        n.createdAt,
        n.updatedAt,
        n.issuedAt,
        n.closedAt,
        n.latePolicy,
        n.reminderLadder === null ? null : json.write(n.reminderLadder),
        n.resubmissionWorkingDays,
      ],
    );
  },
  /**
   * Compare-and-set: applies `changes` only if the row is still at `expectedVersion`.
   * Two writers that read the same version cannot both win; the loser gets 0 rows.
   */
  async update(sql: Sql, id: string, expectedVersion: number, changes: NoticeChanges, at: string): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof NoticeChanges, unknown][]) {
      const [column, isJson] = COLUMN[key];
      values.push(isJson && value !== null ? json.write(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    values.push(at, id, expectedVersion);
    const n = values.length;
    const touched = await sql.exec(
      `UPDATE notices SET ${sets.join(', ')}${sets.length ? ', ' : ''}updated_at = $${n - 2}, version = version + 1 WHERE id = $${n - 1} AND version = $${n}`,
      values,
    );
    return touched === 1;
  },
};
