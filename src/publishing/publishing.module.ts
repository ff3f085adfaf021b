import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { DocumentSources } from './document-sources.service.js';

/** Where a document's data comes from, for the PDF endpoints and the mail relay alike. */
@Module({ imports: [CatalogueModule, DocumentsModule], providers: [DocumentSources], exports: [DocumentSources, DocumentsModule] })
export class PublishingModule {}
