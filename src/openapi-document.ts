import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ResponseObject } from '@nestjs/swagger';
import { BEARER_SCHEME, PROBLEM_MEDIA_TYPE } from './common/openapi.decorators.js';

/** The tags of the document, each with what it groups, in the order Swagger UI shows them. */
const TAGS: [name: string, description: string][] = [
  ['auth', '登录、退出与当前用户（含修改本人密码）'],
  ['users', '账号：新建、修改、停用与启用、重置密码（一次性密码），可指定的审核人'],
  ['organisations', '机构（委机关、质控中心）：列表与详情，系统管理员新建、修改、停用'],
  ['catalogue', '年度目标目录与策略表模板'],
  ['calendar', '工作日日历：有国务院节假日安排的年份，系统管理员录入新一年的安排'],
  ['notices', '公文：拟稿、核稿、签发、印发、办结，办理进度、催办与公文 PDF'],
  ['attachments', '公文附件：上传、替换、删除（草稿），列表与下载（原始中文文件名），生成附件2'],
  ['assignments', '任务：各质控中心签收、填报、提交策略表，审核、退回、反馈、延期'],
  ['inbox', '我的待办与已办'],
  ['audit', '审计记录'],
  ['outbox', '发件箱：待发、已发与失败的邮件'],
  ['health', '运维'],
];

/**
 * The OpenAPI document of the app as built (routes, DTOs, views). Nothing needs
 * to listen: scripts/openapi.ts calls this to write openapi/ in CI.
 *
 * The build is plain `tsc`, so the @nestjs/swagger CLI plugin (which would infer
 * schemas from TypeScript types) never runs: every DTO and view property carries
 * an explicit @ApiProperty, every operation its @ApiOperation, responses and
 * @ApiProblems (test/contract/openapi-completeness.e2e-spec.ts checks it).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('gongwen 公文流转')
    .setDescription(
      [
        '公文流转与审批引擎的 HTTP 接口（JSON，UTF-8，时间为带时区偏移的 ISO 8601，如 2022-04-29T09:00:00+08:00）。',
        '',
        '登录：`POST /api/auth/login` 取得 accessToken，之后每个请求带 `Authorization: Bearer <accessToken>`（Swagger UI 右上角 Authorize）。',
        '错误：一律为 `application/problem+json`，`code` 为稳定错误码（见 ProblemDetails）。',
        '列表：`?page=&pageSize=` 分页（默认 50，最多 500），回答为本页数组，总数见 `X-Total-Count`。',
        '重试：带 `Idempotency-Key` 的写操作可安全重发，只执行一次。',
      ].join('\n'),
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://gongwen.example/license')
    .addServer('/', '本服务')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '登录所得 accessToken' }, BEARER_SCHEME);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  // Tags are declared on each controller; an untagged one stays untagged (the completeness test names it).
  return shareProblemResponses(nullableReferences(SwaggerModule.createDocument(app, builder.build(), { autoTagControllers: false })));
}

/**
 * `@ApiProperty({ type: () => X, nullable: true })` comes out as `nullable`
 * beside `allOf: [$ref]`, which in OpenAPI 3.0 does not admit null (the
 * referenced object schema refuses it; so do ajv and the 3.0.3 clarification of
 * `nullable`). Each such property becomes `anyOf` the reference or null, which
 * every reader agrees on (openapi-typescript: `X | null`).
 */
function nullableReferences(document: OpenAPIObject): OpenAPIObject {
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(rewrite);
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    const refs = schema.allOf as { $ref?: string }[] | undefined;
    if (schema.nullable === true && refs?.length === 1 && refs[0].$ref) {
      delete schema.nullable;
      delete schema.allOf;
      delete schema.type;
      schema.anyOf = [{ $ref: refs[0].$ref }, { type: 'object', nullable: true, enum: [null] }];
    }
    Object.values(schema).forEach(rewrite);
  };
  rewrite(document.components?.schemas);
  return document;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * @ApiProblems writes the same problem response for a status on every
 * operation; the document holds each once, in components.responses
 * (`Problem400` …), and the operations refer to it. Only the document's
 * layout changes, not what it says.
 */
function shareProblemResponses(document: OpenAPIObject): OpenAPIObject {
  const shared: Record<string, ResponseObject> = {};
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (!response || !('content' in response) || !response.content?.[PROBLEM_MEDIA_TYPE]) continue;
        const name = `Problem${status}`;
        // A problem response written by hand (not @ApiProblems) that differs stays where it is.
        if (shared[name] && JSON.stringify(shared[name]) !== JSON.stringify(response)) continue;
        shared[name] = response;
        operation!.responses[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  document.components = { ...document.components, responses: { ...document.components?.responses, ...shared } };
  return document;
}

/** Swagger UI at /api/docs and the document at /api/docs-json; "Authorize" keeps the token across reloads. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
