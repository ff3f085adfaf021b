import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { AttachmentGeneration } from './attachment-generation.service.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { GeneratedAttachments } from './generated-attachments.js';
import { NoticeAttachments } from './notice-attachments.service.js';
import { UploadErrors } from './upload-errors.interceptor.js';

/**
 * Files: a notice's attachments (附件), uploaded or generated (附件2), stored in
 * the database with their sha256, frozen with the notice at issue, carried by its mail.
 */
@Module({
  imports: [
    AssignmentsModule,
    AuditModule,
    CatalogueModule,
    DocumentsModule,
    IdentityModule,
    NoticesModule,
    // In memory up to the limit and no further: multer stops at ATTACHMENT_MAX_BYTES + 1 and drains the rest.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Browsers and curl send the file name as raw UTF-8; busboy's default (latin1) would garble the Chinese.
        defParamCharset: 'utf8',
        limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 4, parts: 6, fieldSize: 4096, fieldNameSize: 64 },
      }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentRepository, AttachmentGeneration, GeneratedAttachments, AttachmentsService, NoticeAttachments, UploadErrors],
  exports: [NoticeAttachments],
})
export class FilesModule {}
