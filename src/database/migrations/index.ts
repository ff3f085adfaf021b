import { CreateSchema1763900000000 } from './1763900000000-CreateSchema.js';
import { AddDeadlines1763990000000 } from './1763990000000-AddDeadlines.js';
import { AddVersionDeadline1764100000000 } from './1764100000000-AddVersionDeadline.js';
import { AddListIndexes1764200000000 } from './1764200000000-AddListIndexes.js';
import { AddSubmittedVersions1764300000000 } from './1764300000000-AddSubmittedVersions.js';
import { AddAccounts1764400000000 } from './1764400000000-AddAccounts.js';
import { CreateNoticeAttachments1764500000000 } from './1764500000000-CreateNoticeAttachments.js';
import { AddInboxIndexes1764700000000 } from './1764700000000-AddInboxIndexes.js';
import { CreateRenditions1764800000000 } from './1764800000000-CreateRenditions.js';
import { AddOutboxRecipient1764910000000 } from './1764910000000-AddOutboxRecipient.js';
import { CreateCalendarYears1764920000000 } from './1764920000000-CreateCalendarYears.js';
import { AddOutboxLeaseOwner1764961300000 } from './1764961300000-AddOutboxLeaseOwner.js';
import { CreateSignInThrottles1765010000000 } from './1765010000000-CreateSignInThrottles.js';
import { AddNoticeSignedAt1765030000000 } from './1765030000000-AddNoticeSignedAt.js';
import { ChainAuditLog1765100000000 } from './1765100000000-ChainAuditLog.js';

/** Listed explicitly: ESM has no reliable glob loading, and the order is the history. */
export const MIGRATIONS = [
  CreateSchema1763900000000,
  AddDeadlines1763990000000,
  AddVersionDeadline1764100000000,
  AddListIndexes1764200000000,
  AddSubmittedVersions1764300000000,
  AddAccounts1764400000000,
  CreateNoticeAttachments1764500000000,
  AddInboxIndexes1764700000000,
  CreateRenditions1764800000000,
  AddOutboxRecipient1764910000000,
  CreateCalendarYears1764920000000,
  AddOutboxLeaseOwner1764961300000,
  CreateSignInThrottles1765010000000,
  AddNoticeSignedAt1765030000000,
  ChainAuditLog1765100000000,
];
