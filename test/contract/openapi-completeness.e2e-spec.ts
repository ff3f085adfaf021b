import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParseArrayPipe, type Type } from '@nestjs/common';
import { METHOD_METADATA, PARAMTYPES_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { operationsOf, resolveResponse, type OpenApiDocument, type Operation, type Response, type Schema } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = 'application/problem+json';
const CJK = /[\u4e00-\u9fff]/;

/** A class, as decorators and metadata see it. */
type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * The document at /api/docs-json, as a client generator and a person read it.
 * These checks fail on an endpoint added without its decorators, naming it and
 * what it lacks: decorate it as src/common/openapi.decorators.ts explains.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDocument;
  });
  afterAll(async () => {
    await t.close();
  });

  function schemaNamed(ref: string): Schema | undefined {
    return doc.components.schemas?.[ref.replace('#/components/schemas/', '')];
  }

  /** Why a schema tells a client nothing, or null when it describes something. */
  function emptiness(schema: Schema | undefined, depth = 0): string | null {
    if (!schema) return 'no schema';
    if (typeof schema.$ref === 'string') return depth > 3 ? null : emptiness(schemaNamed(schema.$ref), depth + 1);
    if (schema.oneOf || schema.anyOf || schema.allOf || schema.enum) return null;
    if (schema.type === 'array') return emptiness(schema.items as Schema | undefined, depth + 1) && 'an array of nothing';
    if (schema.type === 'object' || schema.type === undefined) {
      const described = Object.keys((schema.properties as object | undefined) ?? {}).length > 0 || schema.additionalProperties !== undefined;
      return described ? null : 'an object without properties';
    }
    return null;
  }

  function isPublic(op: Operation): boolean {
    return Array.isArray(op.security) && op.security.length === 0;
  }

  function successProblems(op: Operation): string[] {
    const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) return ['no 2xx response'];
    return success.flatMap(([status, raw]) => {
      const response = resolveResponse(doc, raw);
      if (!response.content) return status === '204' ? [] : [`${status} response without content (use @ApiOkResponse({ type }) or 204)`];
      return Object.entries(response.content).flatMap(([media, { schema }]) => {
        if (media.includes('json')) {
          const why = emptiness(schema);
          return why ? [`${status} ${media} schema is ${why}`] : [];
        }
        return schema?.type === 'string' && schema.format === 'binary' ? [] : [`${status} ${media} is not documented as format: binary`];
      });
    });
  }

  function errorProblems(op: Operation): string[] {
    const takesInput = (op.parameters ?? []).length > 0 || op.requestBody !== undefined;
    // Only a public operation that takes no input (health) has nothing a caller can get wrong.
    if (isPublic(op) && !takesInput) return [];
    const problems = Object.entries(op.responses)
      .filter(([status]) => /^4\d\d$/.test(status))
      .map(([, r]) => resolveResponse(doc, r as Response).content?.[PROBLEM]?.schema?.$ref);
    if (problems.length === 0) return ['no 4xx response (add @ApiProblems(…))'];
    return problems.every((ref) => ref === '#/components/schemas/ProblemDetails') ? [] : ['a 4xx response that is not application/problem+json ProblemDetails'];
  }

  function securityProblems(op: Operation): string[] {
    if (!Array.isArray(op.security)) return ['no security (add @ApiBearerAuth(), or @Public() for a route without sign-in)'];
    const schemes = Object.keys(doc.components.securitySchemes ?? {});
    return op.security.flatMap((requirement) =>
      Object.keys(requirement)
        .filter((s) => !schemes.includes(s))
        .map((s) => `security scheme "${s}" is not defined`),
    );
  }

  function parameterProblems(path: string, op: Operation): string[] {
    const params = op.parameters ?? [];
    const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const declared = params.filter((p) => p.in === 'path').map((p) => p.name);
    return [
      ...inPath
        .filter((name) => !params.some((p) => p.in === 'path' && p.name === name && p.required && p.schema))
        .map((name) => `path parameter {${name}} not declared`),
      ...declared.filter((name) => !inPath.includes(name)).map((name) => `path parameter ${name} is not in the path`),
      ...params.filter((p) => p.in !== 'path' && !p.schema?.type && !p.schema?.$ref && !p.schema?.allOf).map((p) => `${p.in} parameter ${p.name} has no type`),
    ];
  }

  function bodyProblems(op: Operation): string[] {
    return Object.entries(op.requestBody?.content ?? {}).flatMap(([media, { schema }]) => {
      const why = media.includes('json') ? emptiness(schema) : null;
      return why ? [`request body ${media} is ${why}`] : [];
    });
  }

  it('passes `redocly lint` (recommended rules, redocly.yaml) with 0 errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-redocly-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const run = spawnSync(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', file, '--format=json', '--config=redocly.yaml'], {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 60_000,
      });
      // stderr carries a Node 20 deprecation banner; the report is the JSON on stdout.
      const report = JSON.parse(run.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes every operation: Chinese summary, declared tag, typed answer, problem answers, security, parameters, body', () => {
    const tags = (doc.tags ?? []).map((tag) => tag.name);
    const incomplete = operationsOf(doc).flatMap(({ method, path, op }) => {
      const problems = [
        ...(op.summary && CJK.test(op.summary) ? [] : ['no Chinese summary (@ApiOperation({ summary: "…" }))']),
        ...(op.tags?.length ? [] : ['no tag (@ApiTags(…))']),
        ...(op.tags ?? []).filter((tag) => !tags.includes(tag)).map((tag) => `tag "${tag}" is not declared in src/openapi-document.ts`),
        ...successProblems(op),
        ...errorProblems(op),
        ...securityProblems(op),
        ...parameterProblems(path, op),
        ...bodyProblems(op),
      ];
      return problems.map((p) => `${method.toUpperCase()} ${path}: ${p}`);
    });
    const emptySchemas = Object.entries(doc.components.schemas ?? {})
      .filter(([, schema]) => emptiness(schema) !== null)
      .map(([name]) => `schema ${name} is empty: a class without @ApiProperty on its fields?`);
    expect([...incomplete, ...emptySchemas]).toEqual([]);
  });

  it('asks for the bearer token on exactly the routes that answer 401 without one', async () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(0);
    const disagreements: string[] = [];
    for (const { method, path, op } of ops) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await (t.http as unknown as Record<string, (u: string) => PromiseLike<{ status: number }>>)[method](url);
      const secured = !isPublic(op);
      if (secured !== (res.status === 401)) {
        disagreements.push(`${method.toUpperCase()} ${path}: document says ${secured ? 'bearer' : 'public'}, the app answers ${res.status} without a token`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('lets Swagger UI authorize: one http bearer scheme, referenced by every secured operation, kept across reloads', async () => {
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    const schemes = operationsOf(doc).flatMap(({ op }) => (op.security ?? []).flatMap((r) => Object.keys(r)));
    expect(new Set(schemes)).toEqual(new Set(['bearer']));
    const init = await t.http.get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });

  it('documents every field that a request body or query validates (forbidNonWhitelisted refuses the rest)', () => {
    const missing = new Set<string>();
    const seen = new Set<AnyClass>();
    const documentedOf = (cls: AnyClass): string[] =>
      ((Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[] | undefined) ?? []).map((k) => k.replace(/^:/, ''));
    const walk = (cls: AnyClass, where: string): void => {
      if (seen.has(cls)) return;
      seen.add(cls);
      const validated = new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(cls, '', true, false)
          .map((m) => m.propertyName),
      );
      const documented = documentedOf(cls);
      for (const name of validated) if (!documented.includes(name)) missing.add(`${where}: ${cls.name}.${name} has no @ApiProperty`);
      // Nested DTOs, through their documented `type: () => X` / `type: () => [X]`.
      for (const name of documented) {
        const meta = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, name) as { type?: unknown } | undefined;
        const lazy = typeof meta?.type === 'function' && !(meta.type as { prototype?: unknown }).prototype ? (meta.type as () => unknown)() : meta?.type;
        const nested = Array.isArray(lazy) ? lazy[0] : lazy;
        if (typeof nested === 'function' && getMetadataStorage().getTargetValidationMetadatas(nested, '', true, false).length > 0) walk(nested, where);
      }
    };
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as Type<unknown>;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          const where = `${controller.name}.${name} (${String(Reflect.getMetadata(PATH_METADATA, handler))})`;
          const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype, name) as AnyClass[] | undefined) ?? [];
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
            string,
            { index: number; data?: unknown; pipes?: unknown[] }
          >;
          for (const [key, arg] of Object.entries(args)) {
            const kind = Number(key.split(':')[0]);
            if ((kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) || arg.data !== undefined) continue;
            const items = (arg.pipes ?? []).find((p): p is ParseArrayPipe => p instanceof ParseArrayPipe);
            const cls = types[arg.index] === Array ? (items as unknown as { options?: { items?: AnyClass } })?.options?.items : types[arg.index];
            if (cls && cls !== Object) walk(cls, where);
          }
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('gives each documented class a name of its own (the document keys schemas by class name)', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const owners = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(join('src', file), 'utf8');
      if (!text.includes('@ApiProperty')) continue;
      for (const [, name] of text.matchAll(/^export class (\w+)/gm)) owners.set(name, [...(owners.get(name) ?? []), file]);
    }
    const clashes = [...owners].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(clashes).toEqual([]);
  });
});
