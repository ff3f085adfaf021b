import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../common/errors.js';

// ajv-formats is CommonJS; its default export arrives as the module object under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;

/** One ajv instance for every schema: draft 2020-12, formats, our `x-…` annotations allowed. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword('x-columns');
  return ajv;
}

/** Turns ajv's errors into field paths a person can find: `goals[0].measures[1].milestone`. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, root = ''): FieldError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
      .join('');
    if (e.keyword === 'required') path += `.${String((e.params as { missingProperty: string }).missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `.${String((e.params as { additionalProperty: string }).additionalProperty)}`;
    const field = `${root}${path}`.replace(/^\./, '') || root || '(root)';
    return { field, message: messageOf(e) };
  });
}

const FORMATS: Record<string, string> = {
  date: '请填写日期，如 2022-04-29',
  'date-time': '请填写日期和时间',
  email: '请填写正确的电子邮箱地址',
  uri: '请填写正确的网址',
};

/** The message a person reads next to the field, in Chinese; ajv's own text is English. */
export function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return '必填';
    case 'minLength':
      return p.limit === 1 ? '必填' : `至少 ${String(p.limit)} 个字`;
    case 'maxLength':
      return `不能超过 ${String(p.limit)} 个字`;
    case 'minItems':
      return `至少填写 ${String(p.limit)} 项`;
    case 'maxItems':
      return `最多填写 ${String(p.limit)} 项`;
    case 'uniqueItems':
      return `第 ${Math.min(Number(p.i), Number(p.j)) + 1} 项与第 ${Math.max(Number(p.i), Number(p.j)) + 1} 项重复`;
    case 'pattern':
      return '格式不正确';
    case 'format':
      return FORMATS[String(p.format)] ?? '格式不正确';
    case 'type':
      return '填写的内容类型不对';
    case 'enum':
    case 'const':
      return '不在可选范围内';
    case 'additionalProperties':
      return '模板中没有这一项';
    default:
      return e.message ? `不符合模板要求（${e.message}）` : '不符合模板要求';
  }
}

export type { ValidateFunction };
