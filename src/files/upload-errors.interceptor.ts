import { HttpException, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError, validationFailed } from '../common/errors.js';
import { megabytes } from './file-sizes.js';

/** What multer says (by its error code), in words for the person uploading. */
const MULTER_MESSAGES: Record<string, string> = {
  LIMIT_UNEXPECTED_FILE: '每次只能上传一个文件，表单字段名为 file',
  LIMIT_FILE_COUNT: '每次只能上传一个文件，表单字段名为 file',
  LIMIT_PART_COUNT: '表单字段过多',
  LIMIT_FIELD_COUNT: '表单字段过多',
  LIMIT_FIELD_KEY: '表单字段名过长',
  LIMIT_FIELD_VALUE: '表单字段内容过长',
};

/**
 * Sits outside multer's FileInterceptor and turns what it throws into our
 * problem codes: too big is PAYLOAD_TOO_LARGE (413, nothing stored: multer
 * stops buffering at the limit and drains the rest), not multipart is
 * UNSUPPORTED_MEDIA_TYPE (415), a malformed form VALIDATION_FAILED.
 */
@Injectable()
export class UploadErrors implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        throw error instanceof HttpException && [400, 413, 415].includes(error.getStatus()) ? this.translate(error) : error;
      }),
    );
  }

  private translate(error: HttpException): DomainError {
    const status = error.getStatus();
    if (status === 413) return new DomainError('PAYLOAD_TOO_LARGE', `文件超过 ${megabytes(this.config.attachments.maxBytes)} 的上限，未保存`);
    if (status === 415) return new DomainError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（表单字段 file）');
    const code = (error.cause as { code?: string } | undefined)?.code ?? '';
    return validationFailed(MULTER_MESSAGES[code] ?? '上传的表单格式有误（multipart/form-data）', [{ field: 'file', message: code || error.message }]);
  }
}
