import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { FilesModule } from '../files/files.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { AuditTrailController, CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** A notice with its assignments: reading by role, the notice's events and their cascades, progress, the audit trail. */
@Module({
  imports: [AssignmentsModule, AuditModule, CatalogueModule, FilesModule, IdempotencyModule, IdentityModule, NoticesModule],
  controllers: [CampaignsController, AuditTrailController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
