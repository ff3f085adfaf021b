import type { ErrorObject } from 'ajv';
import type { FieldError } from '../common/errors.js';
import { fieldErrors } from './json-schema.js';

type Node = Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  integer: '整数',
  array: '列表',
  object: '对象',
  boolean: 'true 或 false',
  null: '空值',
};

const FORMATS: Record<string, string> = {
  date: '日期，如 2022-06-30',
  'date-time': '带时区的时间，如 2022-04-29T09:00:00+08:00',
  email: '有效的电子邮箱地址',
  uri: '有效的网址',
};

/** What is wrong, in a clerk's words, for each JSON Schema keyword a template uses. */
function reason(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const limit = String(p.limit);
  switch (e.keyword) {
    case 'required':
      return '必须填写';
    case 'type':
      return `必须是${String(p.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join('或')}`;
    case 'minLength':
      return p.limit === 1 ? '不能为空' : `至少 ${limit} 个字`;
    case 'maxLength':
      return `不能超过 ${limit} 个字`;
    case 'minItems':
      return `至少填写 ${limit} 项`;
    case 'maxItems':
      return `最多 ${limit} 项`;
    case 'minimum':
      return `不能小于 ${limit}`;
    case 'maximum':
      return `不能大于 ${limit}`;
    case 'pattern':
      return '格式不正确';
    case 'format':
      return `必须是${FORMATS[String(p.format)] ?? `${String(p.format)} 格式`}`;
    case 'enum':
      return `必须是以下之一：${((p.allowedValues as unknown[]) ?? []).map(String).join('、')}`;
    case 'uniqueItems':
      return `第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项重复`;
    case 'additionalProperties':
      return `不允许的字段 ${String(p.additionalProperty)}`;
    default:
      return '不符合要求';
  }
}

function segmentsOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(node: Node | undefined, segment: string): Node | undefined {
  if (!node) return undefined;
  if (/^\d+$/.test(segment) && node.items && typeof node.items === 'object') return node.items as Node;
  return (node.properties as Record<string, Node> | undefined)?.[segment];
}

/**
 * Where the error is, named by the template's titles and the goal's code:
 * `目标2022-01 的"具体措施"第2项的"责任人"`. A goal entry is named by its
 * `goalCode` when it has one; any other list item by its position.
 */
function place(schema: Node, table: unknown, segments: string[]): string {
  const parts: string[] = [];
  let node: Node | undefined = schema;
  let data: unknown = table;
  let lastTitle = '';
  for (const segment of segments) {
    node = child(node, segment);
    data = data && typeof data === 'object' ? (data as Record<string, unknown>)[segment] : undefined;
    if (/^\d+$/.test(segment)) {
      const code = (data as { goalCode?: unknown } | undefined)?.goalCode;
      if (typeof code === 'string' && /^\d{4}-\d{2}$/.test(code)) {
        parts.splice(-1, 1, `目标${code}`);
      } else {
        parts.push(`第${Number(segment) + 1}项`);
      }
      continue;
    }
    const title = typeof node?.title === 'string' ? node.title : segment;
    // A value titled like the group that holds it (现状与基线 → 现状与基线) is named once.
    if (title !== lastTitle) parts.push(`"${title}"`);
    lastTitle = title;
  }
  return parts.reduce((text, part) => {
    if (!text) return part;
    if (part.startsWith('第')) return `${text}${part}`;
    return `${text}${/[0-9A-Za-z]$/.test(text) ? ' 的' : '的'}${part}`;
  }, '');
}

/**
 * ajv's errors of a strategy table, each with its JSON path kept as `field`
 * and a message naming the goal and the template's title of the field:
 * `目标2022-03 的"现状与基线"：必须是文字`.
 */
export function tableFieldErrors(errors: ErrorObject[] | null | undefined, schema: Node, table: unknown, root = 'table'): FieldError[] {
  const list = errors ?? [];
  return fieldErrors(list, root).map((f, i) => {
    const e = list[i];
    const segments = segmentsOf(e.instancePath);
    if (e.keyword === 'required') segments.push(String((e.params as { missingProperty: string }).missingProperty));
    return { field: f.field, message: `${place(schema, table, segments) || '策略表'}：${reason(e)}` };
  });
}
