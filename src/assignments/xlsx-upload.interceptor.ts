import { Inject, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * One file in the multipart field `file`, held in memory up to the attachments'
 * limit (ATTACHMENT_MAX_BYTES, 20 MB by default): multer stops at the limit and
 * drains the rest, and the answer is 413 naming the limit.
 */
@Injectable()
export class XlsxUpload implements NestInterceptor {
  private readonly multer: NestInterceptor;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.attachments.maxBytes;
    const Multer = FileInterceptor('file', { limits: { fileSize: this.maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 4096 } });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler) {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `文件超过 ${sizeText(this.maxBytes)} 的上限，未保存`, { errors: [{ field: 'file', message: 'too large' }] });
      }
      throw error;
    }
  }
}
