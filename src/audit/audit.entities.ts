import { EntitySchema } from 'typeorm';
import { col } from '../database/columns.js';

/** Audit kinds, dot-cased past tense; every write of the engine leaves one of these. */
export const AUDIT_KINDS = [
  'notice.created', // a draft was written
  'notice.edited', // a draft was changed
  'notice.divisionSet', // the division of labour (附件2) was set
  'notice.transitioned', // a lifecycle event was applied
  'notice.attachmentAdded', // a file was uploaded to a line of a draft's 附件说明
  'notice.attachmentReplaced', // a draft's file was replaced by another
  'notice.attachmentRemoved', // a draft's file was deleted with its line
  'notice.attachmentGenerated', // a generated attachment (附件2) was made, on demand or frozen at issue
  'assignment.created', // issuing created it
  'assignment.draftSaved', // the center saved its table
  'assignment.transitioned', // a lifecycle event was applied
  'assignment.reviewersSet', // staff gave it reviewers
  'assignment.reminded', // a 催办 was sent (ladder or staff)
  'organisation.created', // an administrator created an organisation
  'organisation.edited', // its kind, code, name, mail address or number prefix changed
  'organisation.disabled', // disabled: its users can no longer sign in, their sessions ended
  'organisation.enabled', // enabled again
  'user.created', // an account was created (with a one-time password, never recorded)
  'user.edited', // name, username, organisation, roles or mail address changed
  'user.disabled', // disabled: cannot sign in, every session ended
  'user.enabled', // enabled again
  'user.passwordReset', // a one-time password was issued, every session ended
  'user.passwordChanged', // the user chose a new password
  'calendar.yearEntered', // an administrator entered (or corrected) a year's official holiday schedule
  'session.signedIn', // a sign-in succeeded (entity: the user)
  'session.signInFailed', // a sign-in was refused: wrong credentials, locked, disabled (entity: the user, or "unknown"; the name typed in detail)
  'access.writeDenied', // a signed-in caller's write was refused 403/404 (route and code in detail)
  'access.transitionRefused', // an event was refused: not allowed in this state (409), past its deadline, bad input (route and code in detail)
  'access.downloaded', // a document was downloaded: a notice PDF, a receipt, a table, an export, an attachment (route in detail)
  'mail.resent', // staff put a failed or dead message back in the outbox
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** `session`: sign-ins; `access`: requests refused or documents downloaded (the id of the object the route names, or "-"); `mail`: outbox messages. */
export const AUDITED_ENTITIES = ['notice', 'assignment', 'user', 'organisation', 'calendar', 'session', 'access', 'mail'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

/** One stored audit row. The payload is kept as a digest, never a document body. */
export interface AuditRecord {
  id: number;
  at: string;
  actorId: string | null;
  actorOrgId: string | null;
  entity: AuditedEntity;
  entityId: string;
  event: string;
  kind: AuditKind;
  fromState: string | null;
  toState: string | null;
  payloadDigest: string | null;
  detail: Record<string, unknown> | null;
}

export const AuditRecordEntity = new EntitySchema<AuditRecord>({
  name: 'AuditRecord',
  tableName: 'audit_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    at: col.instant('at'),
    actorId: col.ref('actor_id', true),
    actorOrgId: col.ref('actor_org_id', true),
    entity: col.str('entity', 32),
    entityId: col.ref('entity_id'),
    event: col.str('event', 40),
    kind: col.str('kind', 64),
    fromState: col.str('from_state', 32, true),
    toState: col.str('to_state', 32, true),
    payloadDigest: col.str('payload_digest', 64, true),
    detail: col.json('detail', true),
  },
});

export const AUDIT_ENTITIES = [AuditRecordEntity];
