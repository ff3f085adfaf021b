import { kindOf, type FieldSchema, type Json, type JsonObject } from '@/forms/schema-model';
import { goalSchemaOf } from '@/forms/strategy-table';

/** One field of a submitted table beside the same field of the version before. */
export interface DiffRow {
  /** Where the field is, as the server names paths: `goals[0].measures[1].milestone`. */
  path: string;
  /** The goal ("目标 2022-01") or the part ("联系方式") it belongs to. */
  section: string;
  /** The field as a person reads it: "具体措施 第2项 · 时间节点". */
  label: string;
  current: string;
  /** null when there is no version before this one. */
  previous: string | null;
  changed: boolean;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return value
      .map((v) => text(v))
      .filter((v) => v !== '')
      .join('；');
  }
  if (isObject(value)) return JSON.stringify(value);
  return String(value);
}

function walk(
  schema: FieldSchema,
  current: Json | undefined,
  previous: Json | undefined,
  at: { path: string; label: string; section: string },
  out: DiffRow[],
  hasPrevious: boolean,
): void {
  const kind = kindOf(schema);
  if (kind === 'group') {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const title = child.title ?? key;
      // "目标值 · 目标值", "具体措施 第1项 · 具体措施": a field named like its group reads as the group.
      const label = at.label === title || at.label.startsWith(`${title} 第`) ? at.label : [at.label, title].filter(Boolean).join(' · ');
      walk(
        child,
        isObject(current) ? current[key] : undefined,
        isObject(previous) ? previous[key] : undefined,
        { ...at, path: at.path ? `${at.path}.${key}` : key, label },
        out,
        hasPrevious,
      );
    }
    return;
  }
  if (kind === 'rows') {
    const now = Array.isArray(current) ? current : [];
    const before = Array.isArray(previous) ? previous : [];
    for (let i = 0; i < Math.max(now.length, before.length); i++) {
      walk(schema.items!, now[i], before[i], { ...at, path: `${at.path}[${i}]`, label: `${at.label} 第${i + 1}项` }, out, hasPrevious);
    }
    return;
  }
  const c = text(current);
  const p = hasPrevious ? text(previous) : null;
  out.push({ path: at.path, section: at.section, label: at.label, current: c, previous: p, changed: p !== null && p !== c });
}

/**
 * The submitted table field by field, in the template's order, each beside the
 * previous version's value and marked when it changed. Goals are matched by
 * their code, so a goal moved in the list still compares with itself.
 */
export function diffRows(
  schema: FieldSchema,
  current: JsonObject,
  previous: JsonObject | null,
  goalTitles: ReadonlyMap<string, string> = new Map(),
): DiffRow[] {
  const out: DiffRow[] = [];
  const goalSchema = goalSchemaOf(schema);
  const hasPrevious = previous !== null;
  for (const [key, part] of Object.entries(schema.properties ?? {})) {
    if (key === 'goals' && goalSchema) {
      const now = (Array.isArray(current.goals) ? current.goals : []).filter(isObject);
      const before = (Array.isArray(previous?.goals) ? previous.goals : []).filter(isObject);
      now.forEach((entry, index) => {
        const code = String(entry.goalCode ?? '');
        const section = `目标 ${code}${goalTitles.has(code) ? ' ' + goalTitles.get(code) : ''}`;
        const old = before.find((g) => g.goalCode === entry.goalCode);
        const fields: FieldSchema = {
          ...goalSchema,
          properties: Object.fromEntries(Object.entries(goalSchema.properties ?? {}).filter(([k]) => k !== 'goalCode')),
        };
        walk(fields, entry, old, { path: `goals[${index}]`, label: '', section }, out, hasPrevious);
      });
      continue;
    }
    walk(
      part,
      current[key],
      previous?.[key],
      { path: key, label: kindOf(part) === 'group' ? '' : (part.title ?? key), section: part.title ?? key },
      out,
      hasPrevious,
    );
  }
  return out;
}
