import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ResponseObject } from '@nestjs/swagger';
import { BEARER_SCHEME, PROBLEM_MEDIA_TYPE } from './common/openapi.decorators.js';

/** The tags of the document, each with what it groups, in the order Swagger UI shows them. */
const TAGS: [name: string, description: string][] = [
  ['auth', '登录与当前用户'],
  ['organisations', '机构（委机关、质控中心）'],
  ['catalogue', '年度目标目录与策略表模板'],
  ['notices', '公文：拟稿、核稿、签发、印发、办结，办理进度、催办与公文 PDF'],
  ['assignments', '任务：各质控中心签收、填报、提交策略表，审核、退回、反馈、延期'],
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
  return shareProblemResponses(SwaggerModule.createDocument(app, builder.build(), { autoTagControllers: false }));
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
