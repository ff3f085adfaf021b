import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer.js';
import { RenditionCache } from './rendition-cache.js';
import { RenditionRepository } from './rendition.repository.js';

/** The PDF renderer as a provider: pure, stateless apart from the cached fonts and the rendered receipts and tables in the renditions table. */
@Module({
  providers: [RenditionRepository, RenditionCache, PdfRenderer],
  exports: [PdfRenderer],
})
export class DocumentsModule {}
