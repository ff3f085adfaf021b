import { EntitySchema } from 'typeorm';
import type { LatePolicy } from '../../workflows/assignment.machine.js';
import type { NoticeState } from '../../workflows/notice.machine.js';
import { col } from '../database/columns.js';
import type { LadderRung } from '../deadlines/reminder-ladder.js';

export interface DivisionEntry {
  organisationId: string;
  goalCodes: string[];
  role: 'lead' | 'partner';
}

/** A line of the 附件说明: its number and title, and the stored file when there is one (kept by the files module). */
export interface Attachment {
  no: number;
  title: string;
  /** The file of this line (files module); absent while the line is a title only. */
  attachmentId?: string;
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
  /**
   * The round's deadline as issued. Each assignment holds its own effective
   * deadline (this one, or later after an extension or a return) in its
   * machine snapshot, which is the truth for that assignment.
   */
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
  /** When the leader signed (签发): the notice's 成文日期. */
  signedAt: string | null;
  issuedAt: string | null;
  closedAt: string | null;
}

/** A notice without its long parts (division, body): what an assignment's transition needs. */
export type NoticeHead = Omit<Notice, 'division' | 'body'>;

/** The columns a transition or an edit may change; everything else is fixed once written. */
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
    | 'signedAt'
    | 'issuedAt'
    | 'closedAt'
  >
>;

/**
 * A campaign's table schema is frozen at issue and read on every submission:
 * parse each distinct text once (the same object also keys the compiled validator).
 */
const schemaCache = new Map<string, Record<string, unknown>>();

/** The stored table schema as an object, the same object for the same text (raw reads use it too). */
export function tableSchemaFrom(text: string | null | undefined): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  let schema = schemaCache.get(text);
  if (!schema) {
    if (schemaCache.size > 100) schemaCache.clear();
    schema = JSON.parse(text) as Record<string, unknown>;
    schemaCache.set(text, schema);
  }
  return schema;
}

const frozenSchema = {
  to: (value: Record<string, unknown> | null | undefined) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: tableSchemaFrom,
};

export const NoticeEntity = new EntitySchema<Notice>({
  name: 'Notice',
  tableName: 'notices',
  columns: {
    id: col.id(),
    title: col.str('title', 500),
    docNumber: col.str('doc_number', 100, true),
    docYear: col.int('doc_year', true),
    docSeq: col.int('doc_seq', true),
    issuerId: col.ref('issuer_id'),
    recipients: col.json('recipients'),
    body: col.text('body'),
    attachments: col.json('attachments'),
    deadline: col.instant('deadline'),
    timeZone: col.str('time_zone', 64),
    mailbox: col.str('mailbox', 200),
    campaignYear: col.int('campaign_year'),
    tableTemplate: col.str('table_template', 32),
    tableSchema: { ...col.text('table_schema', true), transformer: frozenSchema },
    division: col.json('division'),
    latePolicy: col.str('late_policy', 16),
    reminderLadder: col.json('reminder_ladder', true),
    resubmissionWorkingDays: col.int('resubmission_working_days', true),
    state: col.str('state', 32),
    snapshot: col.text('snapshot'),
    machineVersion: col.int('machine_version'),
    version: col.int('version'),
    createdBy: col.ref('created_by'),
    createdAt: col.instant('created_at'),
    updatedAt: col.instant('updated_at'),
    signedAt: col.instant('signed_at', true),
    issuedAt: col.instant('issued_at', true),
    closedAt: col.instant('closed_at', true),
  },
});

export const NOTICE_ENTITIES = [NoticeEntity];
