import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module.js';
import { AssignmentSheets } from './assignment-sheets.service.js';
import { AssignmentSheetsController } from './assignment-sheets.controller.js';
import { AssignmentIssuing } from './assignment-issuing.service.js';
import { AssignmentReader } from './assignment-reader.service.js';
import { AssignmentRepository } from './assignment.repository.js';
import { AssignmentStore } from './assignment-store.service.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';
import { SubmissionDocuments } from './submission-documents.service.js';
import { NoticeAccess } from './notice-access.service.js';

/** Assignments: each center's part of a notice, its lifecycle (one transition = plan + store), versions, reviews, receipts. */
@Module({
  imports: [AuditModule, CatalogueModule, DeadlinesModule, DocumentsModule, IdempotencyModule, IdentityModule, NoticesModule, OutboxModule, SpreadsheetsModule],
  controllers: [AssignmentsController, AssignmentSheetsController],
  providers: [
    AssignmentRepository,
    AssignmentStore,
    AssignmentReader,
    AssignmentIssuing,
    AssignmentsService,
    SubmissionDocuments,
    NoticeAccess,
    AssignmentSheets,
  ],
  exports: [AssignmentReader, AssignmentStore, AssignmentIssuing, SubmissionDocuments, NoticeAccess],
})
export class AssignmentsModule {}
