import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Bad inputs generated from a zod schema and one valid example of it: the example with one to three
 * fields dropped, set to values of the wrong kind or shape, or joined by unknown keys — or replaced
 * whole by something that is not an object. Only what the schema itself refuses is generated, so a
 * service that answers one of these with anything but a refusal has a hole in its validation.
 */
export function invalidInputs(schema: z.ZodType, valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      { arbitrary: mutatedOf(valid, fieldNames(schema, valid), 0), weight: 8 },
      { arbitrary: notAnObject, weight: 1 },
    )
    .filter((input) => !schema.safeParse(input).success);
}

/**
 * The example with one to three mutations; a field holding an object (or a list of them) may be
 * mutated inside, so nested fields (a balance's `free`, a signal's `price`) are reached too.
 */
function mutatedOf(
  valid: Record<string, unknown>,
  keys: readonly string[],
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const ops: fc.Arbitrary<Mutation>[] = [
    fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value: junk }),
    fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ op: fc.constant('add' as const), key: unknownKey, value: junk }),
  ];
  const nested = Object.entries(valid).filter(([, v]) => isRecord(v) || (Array.isArray(v) && isRecord(v[0])));
  if (depth < 2 && nested.length > 0) {
    ops.push(
      fc.constantFrom(...nested).chain(([key, v]) => {
        const inner = (Array.isArray(v) ? v[0] : v) as Record<string, unknown>;
        return mutatedOf(inner, Object.keys(inner).length > 0 ? Object.keys(inner) : ['field'], depth + 1).map(
          (m): Mutation => ({ op: 'set', key, value: Array.isArray(v) ? [m, ...v.slice(1)] : m }),
        );
      }),
    );
  }
  return fc.array(fc.oneof(...ops), { minLength: 1, maxLength: 3 }).map((ms) => applied(valid, ms));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Bad query strings from a query schema and one valid query: values are strings (or repeated,
 * `?a=1&a=2`, which Express reads as an array), so the junk is textual.
 */
export function invalidQueries(
  schema: z.ZodType,
  valid: Record<string, string>,
): fc.Arbitrary<Record<string, string | string[]>> {
  const keys = fieldNames(schema, valid);
  const value = fc.oneof(junkText, fc.array(junkText, { minLength: 2, maxLength: 2 }));
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value }),
    fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ op: fc.constant('add' as const), key: unknownKey, value }),
  );
  return fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((ms) => applied(valid, ms) as Record<string, string | string[]>)
    .filter((query) => !schema.safeParse(query).success);
}

/** `?a=1&b=x&b=y` for a query from `invalidQueries`. */
export function queryString(query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) params.append(k, one);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

type Mutation = { op: 'set' | 'add'; key: string; value: unknown } | { op: 'drop'; key: string };

/** Text a careless or hostile client sends where a number, a decimal, a date or a name belongs. */
const junkText = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '-0',
    '1e400',
    '1e-400',
    'NaN',
    'Infinity',
    '0x1F',
    '1,5',
    '١٢٣',
    '9'.repeat(60),
    '0.' + '1'.repeat(40),
    'null',
    'true',
    '[]',
    '{}',
    '2024-13-45',
    "'; drop table orders; --",
    '<script>alert(1)</script>',
    '\u0000',
    '../../etc/passwd',
    'x'.repeat(5_000),
  ),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  junkText,
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e300, -1e-300, Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  junkText,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
);

const unknownKey = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor'));

function applied(valid: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...valid };
  for (const m of mutations) {
    if (m.op === 'drop') delete out[m.key];
    // defineProperty: `__proto__` becomes a key of the body, as a client's JSON would carry it.
    else Object.defineProperty(out, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The schema's own field names (through defaults, optionals and pipes) and the example's. */
function fieldNames(schema: z.ZodType, valid: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(objectShape(schema) ?? {}), ...Object.keys(valid)]);
  if (names.size === 0) names.add('field');
  return [...names];
}

interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  in?: { _zod?: { def: SchemaDef } };
  innerType?: { _zod?: { def: SchemaDef } };
}

function objectShape(schema: z.ZodType): Record<string, unknown> | null {
  let def = (schema as unknown as { _zod?: { def: SchemaDef } })._zod?.def;
  for (let depth = 0; def && depth < 8; depth++) {
    if (def.type === 'object') return def.shape ?? null;
    def = (def.type === 'pipe' ? def.in : def.innerType)?._zod?.def;
  }
  return null;
}

/**
 * A refusal as every service gives one: a 4xx (exactly `status` when given) whose JSON body's
 * `error` says what was wrong. A 2xx or a 5xx throws, naming the input that got it.
 */
export async function expectRefusal(res: Response, input: string, status?: number): Promise<void> {
  const text = await res.text();
  const refused = status === undefined ? res.status >= 400 && res.status < 500 : res.status === status;
  if (!refused) throw new Error(`${input}: answered ${res.status} ${text.slice(0, 300)}`);
  let body: { error?: unknown } = {};
  try {
    body = JSON.parse(text) as { error?: unknown };
  } catch {
    throw new Error(`${input}: answered ${res.status} without a JSON error: ${text.slice(0, 300)}`);
  }
  if (typeof body.error !== 'string' || body.error === '') {
    throw new Error(`${input}: answered ${res.status} without an error message: ${text.slice(0, 300)}`);
  }
}
