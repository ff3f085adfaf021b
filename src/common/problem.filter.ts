import { ArgumentsHost, Catch, HttpException, Inject, Logger, Optional, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, type ErrorCode, type FieldError } from './errors.js';
import { JSON_BODY_LIMIT_BYTES } from './input-limits.js';
import { REFUSAL_LISTENER, type RefusalListener } from './refusal-listener.js';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '请求内容有误',
  UNAUTHENTICATED: '未登录或登录已过期',
  FORBIDDEN: '无权执行此操作',
  NOT_FOUND: '未找到',
  INVALID_TRANSITION: '当前状态下不能执行此操作',
  VERSION_CONFLICT: '数据已被他人修改，请刷新后重试',
  DEADLINE_PASSED: '已超过截止时间',
  IDEMPOTENCY_MISMATCH: '幂等键已用于另一请求',
  PASSWORD_CHANGE_REQUIRED: '请先修改密码',
  ACCOUNT_DISABLED: '账号已停用',
  WRONG_PASSWORD: '当前密码不正确',
  WEAK_PASSWORD: '新密码不符合要求',
  USERNAME_TAKEN: '用户名已被使用',
  ORGANISATION_CODE_TAKEN: '机构代码已被使用',
  ATTACHMENTS_FROZEN: '附件已随公文冻结',
  PAYLOAD_TOO_LARGE: '内容过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  HEADERS_TOO_LARGE: '请求头过大',
  NOT_OUR_TEMPLATE: '不是本系统生成的模板',
  TOO_MANY_SIGN_IN_ATTEMPTS: '登录尝试过多',
  SIGN_IN_BUSY: '登录请求过多，请稍后再试',
  INTERNAL: '服务器内部错误',
};

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'WRONG_PASSWORD':
    case 'WEAK_PASSWORD':
    case 'NOT_OUR_TEMPLATE':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'ACCOUNT_DISABLED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_TRANSITION':
    case 'VERSION_CONFLICT':
    case 'USERNAME_TAKEN':
    case 'ORGANISATION_CODE_TAKEN':
    case 'ATTACHMENTS_FROZEN':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'HEADERS_TOO_LARGE':
      return 431;
    case 'IDEMPOTENCY_MISMATCH':
      return 422;
    case 'DEADLINE_PASSED':
      return 422;
    case 'TOO_MANY_SIGN_IN_ATTEMPTS':
      return 429;
    case 'SIGN_IN_BUSY':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  /** How many field errors were left out of `errors` (at most MAX_FIELD_ERRORS are answered). */
  errorsOmitted?: number;
  errorId?: string;
  /** The request's id (X-Request-Id), to find its log lines. */
  requestId?: string;
}

/** Field errors answered at most: a table of 10,000 wrong goals once answered 6.5 MB of them. */
export const MAX_FIELD_ERRORS = 50;

export function problemOf(error: DomainError): Problem {
  const status = statusOf(error.code);
  return {
    type: `https://gongwen.example/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[error.code],
    status,
    detail: error.detail,
    code: error.code,
    ...fieldErrorsOf(error.extra.errors ?? []),
  };
}

function fieldErrorsOf(errors: FieldError[]): Pick<Problem, 'errors' | 'errorsOmitted'> {
  if (errors.length === 0) return {};
  if (errors.length <= MAX_FIELD_ERRORS) return { errors };
  return { errors: errors.slice(0, MAX_FIELD_ERRORS), errorsOmitted: errors.length - MAX_FIELD_ERRORS };
}

/** Maps what Nest and Express throw (routing, body parsing) onto our codes. */
function fromHttpException(error: HttpException): DomainError {
  const status = error.getStatus();
  const response = error.getResponse() as { message?: unknown } | string;
  const message = typeof response === 'string' ? response : String(response.message ?? error.message);
  if (status === 401) return new DomainError('UNAUTHENTICATED', '请先登录');
  if (status === 403) return new DomainError('FORBIDDEN', '无权执行此操作');
  if (status === 404) return new DomainError('NOT_FOUND', '请求的资源不存在');
  if (status === 413) return bodyTooLarge();
  if (status === 415) return new DomainError('UNSUPPORTED_MEDIA_TYPE', message);
  if (status >= 400 && status < 500) return new DomainError('VALIDATION_FAILED', message, { errors: [{ field: 'body', message }] });
  return new DomainError('INTERNAL', '服务器内部错误', { logMessage: message });
}

function bodyTooLarge(): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `请求体超过 ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MB 上限，未处理`);
}

/** Errors raised by the body parser before Nest sees the request. */
function fromBodyParser(error: { type?: string; status?: number; message?: string }): DomainError | null {
  if (error.type === 'entity.too.large') return bodyTooLarge();
  if (error.type === 'charset.unsupported') return new DomainError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 UTF-8 编码的 JSON');
  if (error.type === 'encoding.unsupported') return new DomainError('UNSUPPORTED_MEDIA_TYPE', '不支持该 Content-Encoding（可用 gzip、deflate、br 或不压缩）');
  if (error.type === 'entity.parse.failed') {
    return new DomainError('VALIDATION_FAILED', '请求体不是合法的 JSON', { errors: [{ field: 'body', message: '请求体不是合法的 JSON' }] });
  }
  if (typeof error.type === 'string' && error.status && error.status < 500) {
    return new DomainError('VALIDATION_FAILED', error.message ?? 'bad request', { errors: [{ field: 'body', message: error.type }] });
  }
  return null;
}

/** The one filter: every error leaves as application/problem+json with a stable code. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(@Optional() @Inject(REFUSAL_LISTENER) private readonly listener?: RefusalListener) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = (host.switchToHttp().getRequest<Request>() as { id?: string } | undefined)?.id;
    const domain =
      exception instanceof DomainError
        ? exception
        : exception instanceof HttpException
          ? fromHttpException(exception)
          : (fromBodyParser(exception as object) ?? null);
    let problem: Problem;
    if (domain && domain.code !== 'INTERNAL') {
      problem = problemOf(domain);
    } else {
      const errorId = randomUUID();
      this.logger.error({ errorId, requestId, message: (exception as Error)?.message, stack: (exception as Error)?.stack });
      problem = { ...problemOf(new DomainError('INTERNAL', `服务器内部错误（错误编号 ${errorId}）`)), errorId };
    }
    if (requestId !== undefined) problem.requestId = requestId;
    if (response.headersSent) return;
    if (domain?.extra.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(domain.extra.retryAfterSeconds));
    const send = () => {
      if (!response.headersSent) response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    };
    if (!this.listener || problem.status >= 500) return send();
    // Recorded before the answer leaves, so whoever reads the trail after it finds the refusal there.
    this.listener
      .refused(host.switchToHttp().getRequest<Request>(), problem)
      .catch((error: unknown) => this.logger.error({ message: 'refusal not recorded', error: String(error) }))
      .finally(send);
  }
}
