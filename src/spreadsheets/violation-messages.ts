import type { JsonSchema } from '../catalogue/catalogue.service.js';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function textProblem(schema: JsonSchema, value: string): string | undefined {
  const length = [...value].length;
  const [min, max] = [num(schema.minLength), num(schema.maxLength)];
  if (max !== undefined && length > max) return `不能超过${max}个字（现有${length}个字）`;
  if (min !== undefined && length < min) return `至少填写${min}个字`;
  if (schema.format === 'date') return '应为日期，例如 2022-06-30';
  if (schema.format === 'email') return '应为电子邮箱地址，例如 name@example.com';
  if (typeof schema.pattern === 'string') return typeof schema.description === 'string' ? `格式不正确：${schema.description}` : '格式不正确';
  return undefined;
}

function numberProblem(schema: JsonSchema, value: number): string | undefined {
  const [min, max] = [num(schema.minimum), num(schema.maximum)];
  if (min !== undefined && value < min) return `不能小于${min}`;
  if (max !== undefined && value > max) return `不能大于${max}`;
  return undefined;
}

function listProblem(schema: JsonSchema, value: unknown[]): string | undefined {
  const [min, max] = [num(schema.minItems), num(schema.maxItems)];
  if (max !== undefined && value.length > max) return `最多填写${max}项（现有${value.length}项）`;
  if (min !== undefined && value.length < min) return `至少填写${min}项`;
  if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size < value.length) return '有重复的项，请删去重复的行';
  return undefined;
}

/**
 * Why a value breaks its schema, in words a clerk reads: the template's
 * validator (the same one a submission passes) decides THAT a value is wrong;
 * this says what to change, from the same schema.
 */
export function violationMessage(schema: JsonSchema, value: unknown): string {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `应为以下之一：${(schema.enum as unknown[]).map(String).join('、')}`;
  const problem =
    typeof value === 'string'
      ? textProblem(schema, value)
      : typeof value === 'number'
        ? numberProblem(schema, value)
        : Array.isArray(value)
          ? listProblem(schema, value)
          : undefined;
  return problem ?? '内容不符合策略表模板的要求';
}
