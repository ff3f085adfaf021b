/**
 * The form generated from a strategy-table template (a JSON Schema, draft
 * 2020-12): which control each field gets, the empty value a new form starts
 * with, and the JSON document the server receives. The template's rules are the
 * server's: it validates on submit and the form shows its messages.
 */
export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface FieldSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  enum?: Json[];
}

/** The control a field gets. */
export type FieldKind = 'text' | 'longText' | 'date' | 'email' | 'number' | 'choice' | 'textList' | 'rows' | 'group' | 'unsupported';

/** Texts longer than this get a multi-line box. */
const LONG_TEXT = 200;

function typeOf(schema: FieldSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

export function kindOf(schema: FieldSchema): FieldKind {
  if (schema.enum) return 'choice';
  // No type at all reads as unsupported, like a type the form does not know.
  switch (typeOf(schema) ?? '') {
    case 'object':
      return 'group';
    case 'array':
      if (!schema.items) return 'unsupported';
      if (typeOf(schema.items) === 'object') return 'rows';
      return kindOf(schema.items) === 'unsupported' ? 'unsupported' : 'textList';
    case 'number':
    case 'integer':
      return 'number';
    case 'string':
      if (schema.format === 'date') return 'date';
      if (schema.format === 'email') return 'email';
      return (schema.maxLength ?? 0) > LONG_TEXT ? 'longText' : 'text';
    default:
      return 'unsupported';
  }
}

/** The value a new, empty field holds: a list the template requires to have entries starts with one empty entry. */
export function emptyOf(schema: FieldSchema): Json {
  switch (kindOf(schema)) {
    case 'group':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, s]) => [key, emptyOf(s)]));
    case 'rows':
    case 'textList':
      return (schema.minItems ?? 0) > 0 ? [emptyOf(schema.items!)] : [];
    case 'number':
    case 'unsupported':
      return null;
    case 'text':
    case 'longText':
    case 'date':
    case 'email':
    case 'choice':
    case 'unsupported':
      return '';
  }
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A saved document shaped for the form: every field the template has is present, so each control has its value. */
export function fillFrom(doc: unknown, schema: FieldSchema): Json {
  switch (kindOf(schema)) {
    case 'group': {
      const source = isObject(doc) ? doc : {};
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, s]) => [key, key in source ? fillFrom(source[key], s) : emptyOf(s)]));
    }
    case 'rows':
    case 'textList':
      return Array.isArray(doc) ? doc.map((item) => fillFrom(item, schema.items!)) : emptyOf(schema);
    case 'number':
      return typeof doc === 'number' ? doc : null;
    case 'unsupported':
      return (doc ?? null) as Json;
    case 'text':
    case 'longText':
    case 'date':
    case 'email':
    case 'choice':
      return typeof doc === 'string' ? doc : '';
  }
}

/**
 * The document the server receives: a blank field is left out (the template then
 * says whether it was required); list entries stay in place, even blank, so that
 * an error about `measures[1]` points at the second row on the screen.
 */
export function toDocument(model: Json, schema: FieldSchema): Json | undefined {
  switch (kindOf(schema)) {
    case 'group': {
      const out: JsonObject = {};
      for (const [key, s] of Object.entries(schema.properties ?? {})) {
        const value = toDocument(isObject(model) ? model[key] : null, s);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'rows':
    case 'textList':
      return Array.isArray(model) ? model.map((item) => toDocument(item, schema.items!) ?? (kindOf(schema.items!) === 'group' ? {} : '')) : [];
    case 'number':
      return typeof model === 'number' ? model : undefined;
    case 'unsupported':
      return model ?? undefined;
    case 'text':
    case 'longText':
    case 'date':
    case 'email':
    case 'choice':
      return typeof model === 'string' && model.trim() !== '' ? model : undefined;
  }
}

/** `goals[0].measures[1].milestone`: the path the server names a field by. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** An element id for a field path (ids cannot hold brackets and dots safely in selectors). */
export function fieldId(path: string): string {
  return 'f-' + path.replace(/[[\].]+/g, '-').replace(/-$/, '');
}

/** The server's field errors keyed by form path (`table.contact.phone` → `contact.phone`); several messages for one field are joined. */
export function errorsByPath(errors: readonly { field: string; message: string }[] | undefined, prefix = 'table'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    const path = e.field === prefix ? '' : e.field.startsWith(`${prefix}.`) ? e.field.slice(prefix.length + 1) : e.field;
    out[path] = out[path] ? `${out[path]}；${e.message}` : e.message;
  }
  return out;
}
