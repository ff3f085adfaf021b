import type { JsonSchema } from '../catalogue/catalogue.service.js';

/** How a cell holds a value of the template, read from the leaf's JSON Schema. */
export type CellKind = 'text' | 'date' | 'email' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

/**
 * One leaf value of the strategy table: a column of a goal sheet, or a row of
 * the cover sheet. `measures.measure` is the leaf `{property: 'measures',
 * field: 'measure', repeated: true}`: one element of the array per row.
 */
export interface Leaf {
  /** The property of the goal entry (or of the table): `baseline`, `measures`, `contact`. */
  property: string;
  /** The field inside the object or the array's element: `value`, `measure`; null for a scalar or an array of scalars. */
  field: string | null;
  /** One element of the property's array per row. */
  repeated: boolean;
  /** The column's Chinese label (the leaf's `title`). */
  title: string;
  /** The template column (`x-columns`) or property the leaf belongs to. */
  groupTitle: string;
  kind: CellKind;
  schema: JsonSchema;
  /** Required by the template (shown with a star; checked on submission, not on a draft). */
  required: boolean;
  /** `maxItems` of a repeated leaf's array. */
  maxItems?: number;
}

export interface TableLayout {
  /** The property holding one entry per goal (`goals`), null when the template has none. */
  goalsProperty: string | null;
  /** The columns of a goal sheet, in the template's column order. */
  goalLeaves: Leaf[];
  /** The leaves of the table itself (the contact), rows of the cover sheet. */
  tableLeaves: Leaf[];
  /** Rows a goal sheet offers for repeated leaves: the largest `maxItems`, within limits. */
  itemRows: number;
}

/** The property of a goal entry that names its goal: filled in by us, never by the center. */
export const GOAL_CODE = 'goalCode';

const DEFAULT_ITEM_ROWS = 20;
const MAX_ITEM_ROWS = 100;

interface TemplateColumn {
  key: string;
  title: string;
}

const asSchema = (value: unknown): JsonSchema => (value !== null && typeof value === 'object' ? (value as JsonSchema) : {});
const propertiesOf = (schema: JsonSchema) => asSchema(schema.properties) as Record<string, JsonSchema>;
const requiredOf = (schema: JsonSchema) => (Array.isArray(schema.required) ? (schema.required as string[]) : []);

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return (type as string[]).find((t) => t !== 'null');
  return typeof type === 'string' ? type : undefined;
}

const KIND_OF_TYPE: Record<string, CellKind> = { number: 'number', integer: 'integer', boolean: 'boolean' };

function kindOf(schema: JsonSchema): CellKind {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  const type = typeOf(schema);
  if (type === 'string') return schema.format === 'date' ? 'date' : schema.format === 'email' ? 'email' : 'text';
  return (type && KIND_OF_TYPE[type]) || 'json';
}

const isScalar = (schema: JsonSchema) => kindOf(schema) !== 'json';

/** Property names in the template's column order, then the rest in schema order. */
function orderedKeys(names: string[], columns: TemplateColumn[], prefix = ''): string[] {
  const order: string[] = [];
  for (const c of columns) {
    if (!c.key.startsWith(prefix)) continue;
    const name = c.key.slice(prefix.length).split('.')[0];
    if (names.includes(name) && !order.includes(name)) order.push(name);
  }
  return [...order, ...names.filter((n) => !order.includes(n))];
}

/** The leaves of one property: itself, its object's fields, or its array's elements (and their fields). */
function expand(property: string, schema: JsonSchema, required: boolean, columns: TemplateColumn[], allowArrays: boolean): Leaf[] {
  const groupTitle = columns.find((c) => c.key === property)?.title ?? (schema.title as string | undefined) ?? property;
  const leaf = (field: string | null, s: JsonSchema, repeated: boolean, fieldRequired: boolean, maxItems?: number): Leaf => ({
    property,
    field,
    repeated,
    title: (s.title as string | undefined) ?? field ?? groupTitle,
    groupTitle,
    kind: kindOf(s),
    schema: s,
    required: required && fieldRequired,
    ...(maxItems !== undefined ? { maxItems } : {}),
  });
  const type = typeOf(schema);
  if (type === 'object' && schema.properties) {
    const fields = propertiesOf(schema);
    return orderedKeys(Object.keys(fields), columns, `${property}.`).map((f) => leaf(f, fields[f], false, requiredOf(schema).includes(f)));
  }
  if (type === 'array' && allowArrays) {
    const items = asSchema(schema.items);
    const atLeastOne = Number(schema.minItems ?? 0) > 0;
    const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
    if (typeOf(items) === 'object' && items.properties) {
      const fields = propertiesOf(items);
      if (Object.values(fields).every(isScalar)) {
        return orderedKeys(Object.keys(fields), columns, `${property}.`).map((f) =>
          leaf(f, fields[f], true, atLeastOne && requiredOf(items).includes(f), maxItems),
        );
      }
    } else if (isScalar(items)) {
      return [{ ...leaf(null, items, true, atLeastOne, maxItems), title: (items.title as string | undefined) ?? groupTitle }];
    }
  }
  return [leaf(null, schema, false, true)];
}

/**
 * The spreadsheet form of a strategy-table template, derived from its JSON
 * Schema alone: the blank 附件3, the reading of a filled one and the round's
 * export all use this one layout, so a template staff publish for a campaign
 * needs no code.
 */
export function tableLayout(schema: JsonSchema): TableLayout {
  const columns = (Array.isArray(schema['x-columns']) ? schema['x-columns'] : []) as TemplateColumn[];
  const props = propertiesOf(schema);
  const goalsProperty = Object.keys(props).find((p) => typeOf(props[p]) === 'array' && typeOf(asSchema(props[p].items)) === 'object') ?? null;
  const goalItem = goalsProperty ? asSchema(props[goalsProperty].items) : {};
  const goalProps = propertiesOf(goalItem);
  const goalLeaves = orderedKeys(Object.keys(goalProps), columns).flatMap((p) => expand(p, goalProps[p], requiredOf(goalItem).includes(p), columns, true));
  const tableLeaves = Object.keys(props)
    .filter((p) => p !== goalsProperty)
    .flatMap((p) => expand(p, props[p], requiredOf(schema).includes(p), [], false));
  const largest = Math.max(0, ...goalLeaves.filter((l) => l.repeated).map((l) => l.maxItems ?? DEFAULT_ITEM_ROWS));
  return { goalsProperty, goalLeaves, tableLeaves, itemRows: Math.min(MAX_ITEM_ROWS, Math.max(1, largest)) };
}

/** `measures.measure`, `baseline.value`, `leadCenter`: the leaf as the template's column keys name it. */
export const leafKey = (leaf: Leaf): string => (leaf.field ? `${leaf.property}.${leaf.field}` : leaf.property);
