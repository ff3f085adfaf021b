import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { FilesModule } from '../files/files.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module.js';
import { AuditTrailController, CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { NoticeDownloads } from './notice-downloads.service.js';
import { NoticeDownloadsController } from './notice-downloads.controller.js';

/** A notice with its assignments: reading by role, the notice's events and their cascades, progress, the audit trail. */
@Module({
  imports: [
    AssignmentsModule,
    AuditModule,
    CatalogueModule,
    DocumentsModule,
    FilesModule,
    IdempotencyModule,
    IdentityModule,
    NoticesModule,
    SpreadsheetsModule,
  ],
  controllers: [CampaignsController, AuditTrailController, NoticeDownloadsController],
  providers: [CampaignsService, NoticeDownloads],
})
export class CampaignsModule {}
