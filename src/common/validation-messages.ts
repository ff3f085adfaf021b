import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { DomainError, validationFailed, type FieldError } from './errors.js';
import { labelOf } from './labels.js';

type Args = readonly unknown[];

const list = (values: unknown) => (Array.isArray(values) ? values.map(String).join('、') : String(values));

/**
 * The message a person reads for each class-validator constraint, naming the
 * field by its label. `each` constraints speak of every item of a list.
 */
const TEMPLATES: Record<string, (label: string, args: Args) => string> = {
  isString: (l) => `${l}必须是文字`,
  isInt: (l) => `${l}必须是整数`,
  isNumber: (l) => `${l}必须是数字`,
  isBoolean: (l) => `${l}必须是 true 或 false`,
  isDefined: (l) => `请填写${l}`,
  isNotEmpty: (l) => `${l}不能为空`,
  min: (l, [n]) => `${l}不能小于 ${String(n)}`,
  max: (l, [n]) => `${l}不能大于 ${String(n)}`,
  minLength: (l, [n]) => (n === 1 ? `${l}不能为空` : `${l}至少 ${String(n)} 个字`),
  maxLength: (l, [n]) => `${l}不能超过 ${String(n)} 个字`,
  isIn: (l, [values]) => `${l}必须是以下之一：${list(values)}`,
  isEnum: (l, [, values]) => `${l}必须是以下之一：${list(values)}`,
  isArray: (l) => `${l}必须是列表`,
  arrayMinSize: (l, [n]) => `${l}至少 ${String(n)} 项`,
  arrayMaxSize: (l, [n]) => `${l}最多 ${String(n)} 项`,
  isObject: (l) => `${l}必须是对象`,
  isEmail: (l) => `${l}必须是有效的电子邮箱地址`,
  matches: (l) => `${l}格式不正确`,
  isInstant: (l) => `${l}必须是带时区的时间，如 2022-04-29T09:00:00+08:00`,
  nestedValidation: (l) => `${l}必须是对象或列表`,
  unknownValue: (l) => `${l}必须是对象`,
};

/** The decorator behind a failed constraint: its arguments (a length, a list of values), `each`, and any message its author wrote. */
function constraintOf(target: object | undefined, property: string, name: string) {
  if (!target) return undefined;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === name);
}

/** One message per failed constraint; a field left out gets one "请填写" rather than one per rule. */
function messagesOf(e: ValidationError): string[] {
  const names = Object.keys(e.constraints ?? {});
  if (names.includes('whitelistValidation')) return [`不允许的字段 ${e.property}`];
  const label = labelOf(e.target, e.property);
  if ((e.value === undefined || e.value === null) && names.length > 0) return [`请填写${label}`];
  return names.map((name) => {
    const meta = constraintOf(e.target, e.property, name);
    // A message its author wrote for people (in Chinese, by convention) stands as it is.
    if (typeof meta?.message === 'string' && meta.message) return meta.message;
    const subject = meta?.each ? `${label}中的每一项` : label;
    return (TEMPLATES[name] ?? ((l: string) => `${l}不符合要求`))(subject, meta?.constraints ?? []);
  });
}

/** class-validator's errors as field paths (`attachments[0].title`) with Chinese messages. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = e.constraints ? messagesOf(e).map((message) => ({ field, message })) : [];
    return [...own, ...fieldErrorsOf(e.children ?? [], field)];
  });
}

/** What the global ValidationPipe throws: VALIDATION_FAILED whose detail lists what to fix, in Chinese. */
export function validationProblem(fields: FieldError[]): DomainError {
  const shown = fields.slice(0, 5).map((f) => f.message);
  const more = fields.length > shown.length ? `等 ${fields.length} 处` : '';
  return validationFailed(`请求内容有误：${shown.join('；')}${more}`, fields);
}

export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  return validationProblem(fieldErrorsOf(errors));
}

/**
 * A body that is a JSON array of DTOs (the division of labour): each item
 * validated like a body, its errors under `[i]`, all of them reported at once.
 */
@Injectable()
export class DtoArrayPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly items: Type<T>,
    private readonly label: string,
    private readonly maxItems = 500,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw validationProblem([{ field: 'body', message: `${this.label}必须是列表` }]);
    if (value.length > this.maxItems) throw validationProblem([{ field: 'body', message: `${this.label}最多 ${this.maxItems} 项` }]);
    const fields: FieldError[] = [];
    const out: T[] = [];
    for (const [i, item] of value.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        fields.push({ field: `[${i}]`, message: `${this.label}的第 ${i + 1} 项必须是对象` });
        continue;
      }
      const instance = plainToInstance(this.items, item);
      fields.push(...fieldErrorsOf(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }), `[${i}]`));
      out.push(instance);
    }
    if (fields.length > 0) throw validationProblem(fields);
    return out;
  }
}
