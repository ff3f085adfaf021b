import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PdfRenderer } from './pdf-renderer.js';
import { RenditionCache } from './rendition-cache.js';

/** The PDF renderer as a provider: pure, stateless apart from the cached fonts and the rendered receipts and tables under DATA_DIR. */
@Module({
  providers: [
    { provide: RenditionCache, useFactory: (config: AppConfig) => new RenditionCache(join(config.dataDir, 'renditions')), inject: [APP_CONFIG] },
    PdfRenderer,
  ],
  exports: [PdfRenderer],
})
export class DocumentsModule {}
