import type { EntitySchema } from 'typeorm';
import { ASSIGNMENT_ENTITIES } from './assignments/assignment.entities.js';
import { AUDIT_ENTITIES } from './audit/audit.entities.js';
import { CounterEntity } from './database/sequences.js';
import { DEADLINE_ENTITIES } from './deadlines/deadlines.entities.js';
import { DOCUMENT_ENTITIES } from './documents/rendition.entities.js';
import { FILE_ENTITIES } from './files/attachment.entities.js';
import { IDEMPOTENCY_ENTITIES } from './idempotency/idempotency.entities.js';
import { IDENTITY_ENTITIES } from './identity/identity.entities.js';
import { NOTICE_ENTITIES } from './notices/notice.entities.js';
import { OUTBOX_ENTITIES } from './outbox/outbox.entities.js';

/** Every table, each defined once by the module that owns it; gathered here for the DataSource. */
export const ENTITIES: readonly EntitySchema[] = [
  ...IDENTITY_ENTITIES,
  ...NOTICE_ENTITIES,
  ...ASSIGNMENT_ENTITIES,
  ...AUDIT_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...DEADLINE_ENTITIES,
  ...IDEMPOTENCY_ENTITIES,
  ...FILE_ENTITIES,
  ...DOCUMENT_ENTITIES,
  CounterEntity,
] as readonly EntitySchema[];
