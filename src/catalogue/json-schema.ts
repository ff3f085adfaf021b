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
    return { field, message: e.message ?? e.keyword };
  });
}

export type { ValidateFunction };
