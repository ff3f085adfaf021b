import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer.js';

/** The PDF renderer as a provider: pure, stateless apart from the cached fonts. */
@Module({ providers: [PdfRenderer], exports: [PdfRenderer] })
export class DocumentsModule {}
