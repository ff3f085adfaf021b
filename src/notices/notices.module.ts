import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticeDocuments } from './notice-document.service.js';
import { NoticeReader } from './notice-reader.service.js';
import { NoticeRepository } from './notice.repository.js';
import { NoticeStore } from './notice-store.service.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** Notices: drafting (拟稿), the notice's own transitions, its printed document. Issuing's cascades are the campaign's. */
@Module({
  imports: [AuditModule, CatalogueModule, DeadlinesModule, DocumentsModule, IdentityModule],
  controllers: [NoticesController],
  providers: [NoticeRepository, NoticeReader, NoticeStore, NoticesService, NoticeDocuments],
  exports: [NoticeReader, NoticeStore, NoticesService, NoticeDocuments],
})
export class NoticesModule {}
