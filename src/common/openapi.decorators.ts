import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { DomainError, ERROR_CODES, type ErrorCode } from './errors.js';
import { problemOf, statusOf, type Problem } from './problem.filter.js';
import { ProblemDetails, ProblemFieldError } from './problem-details.view.js';

/**
 * Decorators that describe the shared parts of the HTTP contract in the OpenAPI
 * document (/api/docs-json): problem answers, paged lists, the optional
 * Idempotency-Key, PDF answers. The build is plain `tsc`, so the
 * @nestjs/swagger CLI plugin never runs: everything is declared explicitly.
 */

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The security scheme's name: `addBearerAuth()` registers it, `@ApiBearerAuth()` refers to it. */
export const BEARER_SCHEME = 'bearer';

/** A realistic `detail` for the examples; codes without one show their title. */
const EXAMPLE_DETAILS: Partial<Record<ErrorCode, Pick<Problem, 'detail' | 'errors'>>> = {
  VALIDATION_FAILED: {
    detail: '请求内容有误：deadline',
    errors: [{ field: 'deadline', message: '需为带时区偏移的 ISO 8601 时间，如 2022-04-29T09:00:00+08:00' }],
  },
  UNAUTHENTICATED: { detail: '请先登录（缺少 Authorization: Bearer 令牌）' },
  FORBIDDEN: { detail: '只有委医政医管处工作人员可以起草和修改公文' },
  NOT_FOUND: { detail: '公文不存在或无权查看' },
  INVALID_TRANSITION: { detail: '只有草稿可以修改（当前状态：已印发（收集中））' },
  VERSION_CONFLICT: { detail: '该公文已被他人修改，请刷新后重试' },
  DEADLINE_PASSED: { detail: '已超过截止时间 2022年4月29日（星期五）9:00，不能再提交' },
  IDEMPOTENCY_MISMATCH: { detail: '此 Idempotency-Key 已用于内容不同的请求' },
  NOT_OUR_TEMPLATE: {
    detail: '这不是本系统生成的附件3：请先在系统中下载附件3，填写后再上传',
    errors: [{ field: 'file', message: '这不是本系统生成的附件3：请先在系统中下载附件3，填写后再上传' }],
  },
};

function exampleProblem(code: ErrorCode): Problem {
  const title = problemOf(new DomainError(code, '')).title;
  const { detail, errors } = EXAMPLE_DETAILS[code] ?? { detail: title };
  const problem = problemOf(new DomainError(code, detail, { errors }));
  return code === 'INTERNAL'
    ? { ...problem, detail: '服务器内部错误（错误编号 3f1c2a9e-5b7d-4c1e-9a0f-2d8b6e4c7a15）', errorId: '3f1c2a9e-5b7d-4c1e-9a0f-2d8b6e4c7a15' }
    : problem;
}

/** The stable codes that answer with this HTTP status, from the one mapping in problem.filter.ts. */
export function codesFor(status: number): ErrorCode[] {
  return ERROR_CODES.filter((code) => statusOf(code) === status);
}

function problemResponse(status: number) {
  const codes = codesFor(status);
  if (codes.length === 0) throw new Error(`@ApiProblems(${status}): no error code answers ${status} (see errors.ts and problem.filter.ts)`);
  const examples = Object.fromEntries(codes.map((code) => [code, { summary: exampleProblem(code).title, value: exampleProblem(code) }]));
  return ApiResponse({
    status,
    description: `问题详情（application/problem+json），错误码：${codes.map((c) => `\`${c}\`（${exampleProblem(c).title}）`).join('、')}`,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) }, examples } },
  });
}

/**
 * The error answers of an operation: one problem+json response per status, its
 * description listing the codes that status carries. 500 (with `errorId`) is
 * always added: any operation can fail so.
 * Use: `@ApiProblems(400, 401, 403, 404, 409, 422)`.
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses, 500])].sort((a, b) => a - b);
  return applyDecorators(ApiExtraModels(ProblemDetails, ProblemFieldError), ...all.map(problemResponse));
}

/** The headers every paged list answers beside its array body (see src/common/paging.ts). */
export const PAGE_HEADERS = {
  'X-Total-Count': { description: '符合条件的总条数（所有页）', schema: { type: 'integer', minimum: 0, example: 120 } },
  'X-Page': { description: '本页页码，从 1 开始', schema: { type: 'integer', minimum: 1, example: 1 } },
  'X-Page-Size': { description: '每页条数', schema: { type: 'integer', minimum: 1, example: 50 } },
};

/** A paged list: the body is the array of this page, the total and the page travel in headers. */
export function ApiPagedResponse(type: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description: `${description}（分页：?page=&pageSize=，总数见 X-Total-Count）`, type: [type], headers: PAGE_HEADERS });
}

/** The optional `Idempotency-Key` header of a write that a client may retry safely. */
export function ApiIdempotencyKey(): MethodDecorator & ClassDecorator {
  // The name matches the handler's @Headers('idempotency-key') so both describe one parameter (HTTP header names ignore case).
  return ApiHeader({
    name: 'idempotency-key',
    required: false,
    description:
      '可选。客户端为一次写操作生成的唯一键（如 UUID）：带同一键重发的请求得到第一次的回答且只执行一次；同一键用于内容不同的请求时答 422 IDEMPOTENCY_MISMATCH。',
    schema: { type: 'string', maxLength: 200, example: '9b2f6c1e-7d4a-4f3b-8e21-5a0c9d7e3b64' },
  });
}

/**
 * A file answer (PDF, .xlsx, .zip …): the bytes as `format: binary` under each
 * media type, with the Chinese file name in Content-Disposition.
 */
export function ApiFileResponse(mediaTypes: string | string[], description: string): MethodDecorator & ClassDecorator {
  const binary = { schema: { type: 'string', format: 'binary' } };
  return ApiOkResponse({
    description,
    content: Object.fromEntries([mediaTypes].flat().map((type) => [type, binary])),
    headers: {
      'Content-Disposition': {
        description: '文件名为中文（RFC 6266 filename*=UTF-8…），另附 ASCII 备用名',
        schema: { type: 'string', example: 'inline; filename="____.pdf"; filename*=UTF-8\'\'%E5%9B%9E%E6%89%A7.pdf' },
      },
    },
  });
}

/** A PDF answer (see pdf-file.ts). */
export function ApiPdfResponse(description: string): MethodDecorator & ClassDecorator {
  return ApiFileResponse('application/pdf', description);
}

/**
 * A schema named `name` with one required integer per key (counts by state),
 * derived from the list of keys so that a new state is counted in the document too.
 */
export function countsSchema(name: string, keys: readonly string[]): Type<unknown> {
  const Counts = { [name]: class {} }[name];
  for (const key of keys) ApiProperty({ type: 'integer', minimum: 0, example: 0 })(Counts.prototype, key);
  return Counts;
}
