import { AuditModule } from '../audit/audit.module.js';
import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { FilesModule } from '../files/files.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { MailComposer } from './mail-composer.service.js';
import { MailTransportFactory } from './mail-transport.js';
import { OutboxAdminService } from './outbox-admin.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxRelay } from './outbox-relay.service.js';

/** Mail: the relay that drains the outbox (compose, render, send), its transports, and staff's 发件箱. */
@Module({
  imports: [AuditModule, AssignmentsModule, CatalogueModule, DeadlinesModule, DocumentsModule, FilesModule, IdentityModule, NoticesModule, OutboxModule],
  controllers: [OutboxController],
  providers: [MailComposer, MailTransportFactory, OutboxRelay, OutboxAdminService],
  exports: [MailComposer, MailTransportFactory, OutboxRelay],
})
export class MailModule {}
