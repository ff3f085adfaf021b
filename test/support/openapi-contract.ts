import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives as the module object under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

/** The parts of an OpenAPI 3.0 document these checks read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, Response>;
    securitySchemes?: Record<string, unknown>;
  };
  tags?: { name: string }[];
}
export type Schema = Record<string, unknown>;
export interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, unknown>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, Response>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document, with its method and path template. */
export function operationsOf(doc: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })));
}

/** A response, following a `#/components/responses/…` reference. */
export function resolveResponse(doc: OpenApiDocument, response: Response): Response {
  if (!response.$ref) return response;
  const name = response.$ref.replace('#/components/responses/', '');
  const found = doc.components.responses?.[name];
  if (!found) throw new Error(`unresolved response ${response.$ref}`);
  return found;
}

/**
 * The same schemas, closed: an object schema that lists its properties admits
 * no others, so an answer carrying a field the document does not describe fails
 * (as does one missing a required field).
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'example' || k === 'examples' ? v : closed(v)]));
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

/** Checks real answers against the document: status documented, media type documented, body valid against its schema. */
export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly components: unknown;

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addFormat('password', true);
    this.components = closed(doc.components);
  }

  /** The problems with one answer, each naming the operation and status; none when it matches. */
  check(method: string, pathTemplate: string, status: number, contentType: string | null, body: unknown): string[] {
    const where = `${method.toUpperCase()} ${pathTemplate} → ${status}`;
    const op = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (!op) return [`${where}: no such operation in the document`];
    const documented = op.responses[String(status)] ?? op.responses.default;
    if (!documented) return [`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`];
    const response = resolveResponse(this.doc, documented);
    const mediaType = (contentType ?? '').split(';')[0].trim();
    if (!response.content) return body === undefined || body === '' ? [] : [`${where}: answered a body, the document says none`];
    const media = response.content[mediaType];
    if (!media) return [`${where}: answered ${mediaType || 'no content type'}, documented ${Object.keys(response.content).join(', ')}`];
    if (!mediaType.endsWith('json')) return [];
    const key = `${method} ${pathTemplate} ${status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(closed(media.schema ?? {}) as object), components: this.components });
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }
}
