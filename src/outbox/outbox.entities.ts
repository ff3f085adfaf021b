import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/** What must leave the system; each kind with the payload it carries. */
export const OUTBOX_KINDS = [
  'mail.noticeIssued', // the issued notice to a responsible organisation, with its PDF and .ics
  'mail.submission', // the table, receipt and JSON to the government mailbox (政务邮箱)
  'mail.receipt', // the receipt to the submitting center
  'mail.returned', // a returned table, with the reason, to the center
  'mail.approved', // an approved table to the center
  'mail.feedback', // the commission's feedback to the center
  'mail.extension', // a granted extension to the center
  'mail.reminder', // a 催办 to a center that still owes its table
  'mail.deadlineSummary', // staff's list of the centers missing at the deadline
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

interface AssignmentRef {
  assignmentId: string;
  noticeId: string;
  organisationId: string;
}

/** The payload of each kind: ids that the mail composer reads when it sends. */
export interface OutboxPayloads {
  'mail.noticeIssued': AssignmentRef;
  'mail.submission': AssignmentRef & { version: number; to: string };
  'mail.receipt': AssignmentRef & { version: number };
  'mail.returned': AssignmentRef & { version: number; reviewId: string };
  'mail.approved': AssignmentRef & { version: number; reviewId: string };
  'mail.feedback': AssignmentRef & { reviewId: string };
  'mail.extension': AssignmentRef & { until: string; reviewId: string };
  'mail.reminder': AssignmentRef & { reminderId: string };
  'mail.deadlineSummary': {
    noticeId: string;
    to: string | null;
    total: number;
    missing: { assignmentId: string; organisation: string; goals: string[] }[];
  };
}

/** A message to enqueue. `dedupeKey` is stable: a replayed act cannot enqueue it twice, and it seeds the Message-ID. */
export type OutboxMessage = { [K in OutboxKind]: { dedupeKey: string; kind: K; payload: OutboxPayloads[K] } }[OutboxKind];

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead', 'dropped'] as const;
/** `dropped`: overtaken by events before it went out (a 催办 to a center that has since submitted). */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

interface OutboxFields {
  id: string;
  dedupeKey: string;
  status: OutboxStatus;
  attempts: number;
  dueAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The address the relay last composed the message for; null until an attempt got that far. */
  recipient: string | null;
}

/** A stored message: its kind and payload travel together. */
export type OutboxRow = OutboxFields & { [K in OutboxKind]: { kind: K; payload: OutboxPayloads[K] } }[OutboxKind];

export const OutboxEntity = new EntitySchema<OutboxFields & { kind: OutboxKind; payload: unknown }>({
  name: 'OutboxMessage',
  tableName: 'outbox',
  columns: {
    id: col.id(),
    dedupeKey: col.str('dedupe_key', 200),
    kind: col.str('kind', 64),
    payload: col.json('payload'),
    status: col.str('status', 16),
    attempts: col.int('attempts'),
    dueAt: col.instant('due_at'),
    leaseUntil: col.instant('lease_until', true),
    lastError: col.text('last_error', true),
    createdAt: col.instant('created_at'),
    sentAt: col.instant('sent_at', true),
    recipient: col.str('recipient', 320, true),
  },
});

export const OUTBOX_ENTITIES = [OutboxEntity];
