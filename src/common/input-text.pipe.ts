import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { FieldError } from './errors.js';
import { STRING_MAX_LENGTH } from './input-limits.js';
import { labelOf } from './labels.js';
import { validationProblem } from './validation-messages.js';

/** Keys that name an object's prototype: refused anywhere in a body, whatever the DTO says. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): they make 通知.exe read as 通知exe.txt. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a string, in a clerk's words after the field's label; null when nothing is. */
function textProblem(text: string): string | null {
  if (text.length > STRING_MAX_LENGTH) return `不能超过 ${STRING_MAX_LENGTH} 个字`;
  if (text.includes('\u0000')) return '不能含有空字符（\\u0000）';
  if (LONE_SURROGATE.test(text)) return '含有无效的字符（不成对的 UTF-16 代理项）';
  if (BIDI_CONTROL.test(text)) return '不能含有改变文字方向的控制字符（U+202A–U+202E、U+2066–U+2069）';
  return null;
}

const pathOf = (parent: string, key: string | number): string => (typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);

/**
 * Runs before validation on every body, query and path parameter: characters
 * that have no place in any field (NUL, lone surrogates, direction overrides),
 * strings longer than any field takes, and prototype keys are refused, each
 * naming its field. They reached the database (NUL is refused by PostgreSQL,
 * a 500) or the validators (a `constructor` key passed the unknown-field
 * check). Depth is already bounded by the body parser, so recursion is safe.
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const prototype = (metadata.metatype as { prototype?: object } | undefined)?.prototype;
    const errors: FieldError[] = [];
    /** `top` is the label of the field at the top (标题, 策略表); deeper strings are named by it and their path. */
    const visit = (node: unknown, path: string, top: string, nested: boolean): void => {
      if (typeof node === 'string') {
        const problem = textProblem(node);
        if (problem) errors.push({ field: path || 'body', message: `${nested ? `${top}（${path}）` : top}${problem}` });
      } else if (Array.isArray(node)) {
        node.forEach((item, i) => visit(item, pathOf(path, i), path ? top : `第 ${i + 1} 项`, path !== ''));
      } else if (node !== null && typeof node === 'object') {
        for (const key of Object.keys(node)) {
          const field = pathOf(path, key);
          const keyProblem = PROTOTYPE_KEYS.has(key) ? null : textProblem(key);
          if (PROTOTYPE_KEYS.has(key)) errors.push({ field, message: `不允许的字段 ${key}` });
          else if (keyProblem) errors.push({ field, message: `字段名 ${field} ${keyProblem}` });
          else visit((node as Record<string, unknown>)[key], field, path ? top : labelOf(prototype, key), path !== '');
        }
      }
    };
    if (metadata.type === 'param' && metadata.data) visit(value, metadata.data, `路径参数 ${metadata.data} `, false);
    else visit(value, '', '请求体', false);
    if (errors.length > 0) throw validationProblem(errors);
    return value;
  }
}
