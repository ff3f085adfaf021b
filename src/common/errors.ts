/** Stable error codes of the HTTP contract (api.md); HTTP status is decided in one filter. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'DEADLINE_PASSED',
  'IDEMPOTENCY_MISMATCH',
  'PASSWORD_CHANGE_REQUIRED',
  'ACCOUNT_DISABLED',
  'WRONG_PASSWORD',
  'WEAK_PASSWORD',
  'USERNAME_TAKEN',
  'ORGANISATION_CODE_TAKEN',
  'ATTACHMENTS_FROZEN',
  'NOT_OUR_TEMPLATE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_SIGN_IN_ATTEMPTS',
  'SIGN_IN_BUSY',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  field: string;
  message: string;
  /** Where an uploaded spreadsheet holds the value: `目标2022-03!D8`. */
  cell?: string;
}

/** A failure a user can act on. `detail` is shown to the user; `logMessage` only to logs. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** `retryAfterSeconds` is sent as the Retry-After header (429, 503). */
    readonly extra: { errors?: FieldError[]; logMessage?: string; retryAfterSeconds?: number } = {},
  ) {
    super(extra.logMessage ?? detail);
    this.name = 'DomainError';
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what}不存在或无权查看`);
}

export function forbidden(detail: string): DomainError {
  return new DomainError('FORBIDDEN', detail);
}

export function validationFailed(detail: string, errors: FieldError[] = []): DomainError {
  return new DomainError('VALIDATION_FAILED', detail, { errors });
}

export function assertFound<T>(value: T | undefined | null, what: string): asserts value is T {
  if (value === undefined || value === null) throw notFound(what);
}
