import { Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { DomainError } from '../common/errors.js';
import { SPREADSHEET_MAX_BYTES } from '../spreadsheets/strategy-workbook.reader.js';

const MAX_MB = SPREADSHEET_MAX_BYTES / 1024 / 1024;

/**
 * One file in the multipart field `file`, held in memory, at most 20 MB: a
 * larger one is cut off while it streams in and answers 413 with the limit.
 */
@Injectable()
export class XlsxUpload extends FileInterceptor('file', { limits: { fileSize: SPREADSHEET_MAX_BYTES, files: 1, fields: 5, parts: 6 } }) {
  override async intercept(context: ExecutionContext, next: CallHandler) {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `文件超过 ${MAX_MB} MB 的上限`, { errors: [{ field: 'file', message: `larger than ${MAX_MB} MB` }] });
      }
      throw error;
    }
  }
}
