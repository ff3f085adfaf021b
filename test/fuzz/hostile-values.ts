/**
 * The pieces of the fuzzer that need no server: a seeded random source, a
 * plausible body built from an OpenAPI schema, and the ways a request is made
 * hostile. Everything is drawn from the seed, so a run is repeatable.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = Record<string, unknown>;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

const nest = (depth: number): Json => (depth === 0 ? 'x' : [nest(depth - 1)]);

/** Values no field should take, or should take only with care: each a known way to break a parser, a validator or a database. */
export const HOSTILE_VALUES: readonly (() => Json)[] = [
  () => null,
  () => '',
  () => '   ',
  () => 'a\u0000b',
  () => '\u0000',
  () => 'a\ud800',
  () => '\udfff',
  () => '\ud83d',
  () => '通知\u202etxt.exe',
  () => '\u2066x\u2069',
  () => 'x'.repeat(100_001),
  () => '字'.repeat(5_000),
  () => '𠮷𠮷𠮷',
  () => '😀',
  () => 'ｓｔａｆｆ',
  () => "' OR 1=1 --",
  () => '"; DROP TABLE users; --',
  () => '<script>alert(1)</script>',
  () => '../../../etc/passwd',
  () => '%00',
  () => '\\u0000',
  () => '\r\n\r\nX-Injected: 1',
  () => '2022-02-30T09:00:00+08:00',
  () => '2022-04-29T09:00:00',
  () => '9999-12-31T23:59:59+14:00',
  () => '-000001-01-01T00:00:00Z',
  () => '00000000-0000-0000-0000-000000000000',
  () => 'a@b',
  () => '@',
  () => 0,
  () => -1,
  () => 1.5,
  () => 2 ** 53 + 1,
  () => 1e308,
  () => -1e308,
  () => 2_147_483_648,
  () => true,
  () => false,
  () => [],
  () => [null],
  () => Array.from({ length: 1_000 }, () => 'x'),
  () => Array.from({ length: 200 }, (_, i) => ({ no: i, title: 't' })),
  () => ({}),
  () => ({ a: { b: { c: {} } } }),
  () => nest(31),
  () => nest(2_000),
  () => ({ length: 1_000_000 }),
  () => ({ toString: 'x', valueOf: 1 }),
  () => ({ hasOwnProperty: 'x' }),
];

/** Characters slipped into an otherwise good string (an address that is valid but for one character). */
export const HOSTILE_CHARACTERS = ['\u0000', '\ud800', '\udc00', '\u202e', '\u2066', '\u200b', '\ufeff', '\uffff', '\u0085', '\u2028', '𠮷', '\t', '\n'];

/** Keys no body should carry. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'version', '', 'a\u0000', '\ud800', 'x'.repeat(1_000)];

/** Whole bodies sent as raw text: not JSON, JSON of the wrong shape, or JSON a parser chokes on. */
export const RAW_BODIES: readonly (() => { text: string; type: string })[] = [
  () => ({ text: '{"a":', type: 'application/json' }),
  () => ({ text: '{"a":1,}', type: 'application/json' }),
  () => ({ text: 'null', type: 'application/json' }),
  () => ({ text: '[]', type: 'application/json' }),
  () => ({ text: '"text"', type: 'application/json' }),
  () => ({ text: '123', type: 'application/json' }),
  () => ({ text: 'true', type: 'application/json' }),
  () => ({ text: '{}', type: 'application/json' }),
  () => ({ text: '{"a":1}\u0000', type: 'application/json' }),
  () => ({ text: '\ufeff{}', type: 'application/json' }),
  () => ({ text: '['.repeat(2_000) + ']'.repeat(2_000), type: 'application/json' }),
  () => ({ text: `{"a":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`, type: 'application/json' }),
  () => ({ text: '{"__proto__":{"isAdmin":true}}', type: 'application/json' }),
  () => ({ text: '{"constructor":{"prototype":{"isAdmin":true}}}', type: 'application/json' }),
  () => ({ text: '{"a":"\\ud800"}', type: 'application/json' }),
  () => ({ text: '{"a":"\\u0000"}', type: 'application/json' }),
  () => ({ text: '{"a":1e999}', type: 'application/json' }),
  () => ({ text: `{"a":"${'x'.repeat(1_100_000)}"}`, type: 'application/json' }),
  () => ({ text: '{}', type: 'application/json; charset=latin1' }),
  () => ({ text: '{}', type: 'application/merge-patch+json' }),
  () => ({ text: 'a=1&b=2', type: 'application/x-www-form-urlencoded' }),
  () => ({ text: 'hello', type: 'text/plain' }),
  () => ({ text: '<a/>', type: 'application/xml' }),
  () => ({ text: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n', type: 'multipart/form-data; boundary=x' }),
  () => ({ text: 'garbage', type: 'multipart/form-data' }),
];

/** Path parameters that are not ids: escapes, overlong, traversal, invalid UTF-8 once decoded. */
export const HOSTILE_IDS = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF',
  '%',
  '%E2%80%AE',
  'x'.repeat(5_000),
  '..%2F..%2Fetc',
  '%20',
  "'",
  '1e309',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%F0%A0%AE%B7',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];

/** Authorization headers that must all answer 401. */
export const HOSTILE_AUTHORIZATION = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer a.b.c',
  'Bearer a.b.c.d',
  'Bearer ...',
  `Bearer ${'x'.repeat(8_000)}`,
  'Basic YWRtaW46YWRtaW4=',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
];

/** Idempotency keys a client might send (header values are Latin-1 on the wire). */
export const HOSTILE_IDEMPOTENCY_KEYS = ['', ' ', 'x'.repeat(10_000), '\u00ff\u00fe', 'a b c', 'key-1', 'key-1'];

function resolve(doc: { components: { schemas?: Record<string, Schema> } }, schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  return ref ? resolve(doc, doc.components.schemas?.[ref.replace('#/components/schemas/', '')] ?? {}) : schema;
}

/** A plausible value for a schema: its example, else one built from its type; every property filled in. */
export function exampleOf(doc: { components: { schemas?: Record<string, Schema> } }, raw: Schema, depth = 0): Json {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example as Json;
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return exampleOf(doc, options[0], depth + 1);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0] as Json;
  if (depth > 8) return null;
  switch (schema.type) {
    case 'string':
      return schema.format === 'email' ? 'fuzz@example.cn' : schema.format === 'date-time' ? '2022-05-06T17:00:00+08:00' : '模糊测试';
    case 'integer':
    case 'number':
      return (schema.minimum as number | undefined) ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleOf(doc, (schema.items as Schema) ?? {}, depth + 1)];
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(properties).length === 0) return schema.additionalProperties ? { goals: [], note: '草稿' } : {};
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([, p]) => !p.readOnly)
          .map(([k, p]) => [k, exampleOf(doc, p, depth + 1)]),
      );
    }
  }
}

/** Every place in a value a mutation can reach, down to a depth of 12 ([] is the value itself): a value nested 2,000 deep is a leaf here. */
function pathsOf(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (at.length >= 12) return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

/** The body with one thing made hostile: a value replaced (null, a hostile value, a character slipped in), a field dropped, or a key added. */
export function mutate(random: Random, body: Json): Json {
  const path = random.pick(pathsOf(body));
  if (path.length === 0) return random.chance(0.5) ? random.pick(HOSTILE_VALUES)() : body;
  // Copies only the containers along the path: the rest (perhaps a value nested 2,000 deep) is shared, never walked.
  const copy = Array.isArray(body) ? [...body] : { ...(body as Record<string, Json>) };
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) {
    const child = parent[key];
    parent = (parent[key] = Array.isArray(child) ? [...child] : { ...(child as Record<string, Json>) }) as Record<string | number, Json>;
  }
  const key = path[path.length - 1];
  const roll = random.int(10);
  const current = parent[key];
  if (roll < 3 && typeof current === 'string') {
    const at = random.int(current.length + 1);
    parent[key] = current.slice(0, at) + random.pick(HOSTILE_CHARACTERS) + current.slice(at);
  } else if (roll < 4) parent[key] = null;
  else if (roll < 6) parent[key] = random.pick(HOSTILE_VALUES)();
  else if (roll < 8 && !Array.isArray(parent)) delete parent[key];
  else {
    const target =
      current !== null && typeof current === 'object' && !Array.isArray(current) ? (parent[key] = { ...current }) : (parent as Record<string, Json>);
    // defineProperty: plain assignment of `__proto__` would set the prototype instead of adding the key JSON.stringify writes.
    Object.defineProperty(target, random.pick(HOSTILE_KEYS), { value: random.pick(HOSTILE_VALUES)(), enumerable: true, configurable: true, writable: true });
  }
  return copy;
}
