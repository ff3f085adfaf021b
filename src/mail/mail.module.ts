import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { MailComposer } from './mail-composer.service.js';
import { MailTransportFactory } from './mail-transport.js';

@Module({
  imports: [CatalogueModule, DocumentsModule, PublishingModule],
  providers: [MailComposer, MailTransportFactory],
  exports: [MailComposer, MailTransportFactory],
})
export class MailModule {}
