// The trace format as a contract: zod schemas for the header line, the end line and every
// event the kernel emits (node, timer, net, disk, fault, run), and `TraceSchema`, the
// validator a reader is handed. Protocol events (`demo.*`, `zk.*`, `fle.*`, `zab.*`,
// `client.*`) are not built in: their owners pass their schemas to `traceSchema(...)`.
// There is no global registry (engine/ keeps no module-level mutable state); whoever reads
// a trace builds the schema it needs, once, and passes it along.
//
// Invariants: kernel events and the header are strict (an unknown field is an error, so a
// typo cannot hide); an event name not known to the schema is an error; a schema, once
// built, never changes. docs/trace-format.md describes the same contract field by field.
import { z } from 'zod';
import { assert } from '../kernel/assert.ts';

export const TRACE_FORMAT = 'zksim-trace';
export const TRACE_VERSION = 1;

const id = z.int(); // node, connection and message ids
const count = z.int().nonnegative();
const micros = z.int().nonnegative();

export const traceHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal(TRACE_FORMAT),
  version: z.int().positive(),
  zksim: z.string().min(1),
  seed: z.string(),
  scenario: z.string(),
  config: z.record(z.string(), z.unknown()),
});

export const traceEndSchema = z.strictObject({
  type: z.literal('end'),
  t: micros,
  events: count,
  hash: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 lowercase hex digits'),
});

export type TraceHeader = z.infer<typeof traceHeaderSchema>;
export type TraceEnd = z.infer<typeof traceEndSchema>;

/** A header with the fields in their canonical order (the order is part of the hash). */
export function makeTraceHeader(h: Omit<TraceHeader, 'type' | 'format' | 'version'>): TraceHeader {
  return {
    type: 'header', format: TRACE_FORMAT, version: TRACE_VERSION,
    zksim: h.zksim, seed: h.seed, scenario: h.scenario, config: h.config,
  };
}

/** The end line for a trace of `events` events hashing to `hash`, ending at `t`. */
export function makeTraceEnd(t: number, events: number, hash: string): TraceEnd {
  return { type: 'end', t, events, hash };
}

/** The default check of a fault: an object with a string `kind` (engine/faults owns the rest). */
export const looseFaultSchema = z.looseObject({ kind: z.string() });

const netMsg = { conn: id, from: id, to: id, msg: id, type: z.string() };

/** Fields (everything but `t` and `e`) of each kernel event. */
export const kernelEventFields = {
  'node.start': z.strictObject({ node: id, incarnation: z.int().positive() }),
  'node.crash': z.strictObject({ node: id, incarnation: z.int().positive() }),
  'timer.fire': z.strictObject({ node: id, key: z.string() }),
  'net.connect': z.strictObject({ from: id, to: id, tag: z.string() }),
  'net.accept': z.strictObject({ conn: id, from: id, to: id, tag: z.string() }),
  'net.connected': z.strictObject({ conn: id, from: id, to: id, tag: z.string() }),
  'net.connectFail': z.strictObject({ from: id, to: id, tag: z.string(), reason: z.enum(['timeout', 'refused']) }),
  'net.send': z.strictObject({ ...netMsg, body: z.looseObject({ type: z.string() }) })
    .superRefine((f, ctx) => {
      if (f.body.type === f.type) return;
      ctx.addIssue({ code: 'custom', path: ['body', 'type'], message: `"${f.body.type}" differs from the event's type "${f.type}"` });
    }),
  'net.deliver': z.strictObject(netMsg),
  'net.hold': z.strictObject(netMsg),
  'net.drop': z.strictObject({
    ...netMsg,
    to: id.nullable(),
    reason: z.enum(['closed', 'loss', 'crash', 'reset', 'timeout']),
  }),
  'net.close': z.strictObject({ conn: id, node: id, peer: id, reason: z.enum(['local', 'eof', 'reset', 'timeout']) }),
  'disk.write': z.strictObject({
    node: id,
    op: z.enum(['append', 'write', 'truncate', 'rename', 'delete']),
    file: z.string(),
    bytes: count.optional(),
  }),
  'disk.fsync': z.strictObject({ node: id, file: z.string(), bytes: count, tag: z.string() }),
  'disk.lost': z.strictObject({ node: id, file: z.string(), lostBytes: count, tornBytes: count }),
  'fault': z.strictObject({ fault: looseFaultSchema }),
  'run.end': z.strictObject({ reason: z.string() }),
} as const;

type KernelFields = typeof kernelEventFields;
export type KernelEventName = keyof KernelFields;
/** A kernel event as it appears in a trace (a discriminated union on `e`). */
export type KernelEvent = {
  [K in KernelEventName]: { t: number; e: K } & z.infer<KernelFields[K]>;
}[KernelEventName];

/** Namespaces the kernel owns; extensions may not add events to them. */
export const KERNEL_NAMESPACES: readonly string[] = ['node', 'timer', 'net', 'disk', 'fault', 'run'];

/**
 * Event name → schema of its fields (everything but `t` and `e`). A key `ns.*` matches every
 * event of namespace `ns` that has no schema of its own.
 */
export type TraceEventSchemas = Readonly<Record<string, z.ZodType>>;

export interface TraceSchemaOptions {
  /** Validates the `fault` field of `fault` events (default: an object with a string `kind`). */
  fault?: z.ZodType;
}

/** What is wrong with one JSON value: the field path (if any) and a sentence. */
export interface FieldProblem {
  field?: string;
  message: string;
}

/** Registers namespace `ns` as open: its events may carry any fields. */
export function openNamespace(ns: string): TraceEventSchemas {
  return { [`${ns}.*`]: z.looseObject({}) };
}

/** Builds the validator for traces holding kernel events plus the given protocol events. */
export function traceSchema(extensions: readonly TraceEventSchemas[] = [], opts: TraceSchemaOptions = {}): TraceSchema {
  return new TraceSchema(extensions, opts);
}

export class TraceSchema {
  private readonly exact = new Map<string, z.ZodType>();
  private readonly open = new Map<string, z.ZodType>();

  constructor(extensions: readonly TraceEventSchemas[] = [], opts: TraceSchemaOptions = {}) {
    for (const [name, s] of Object.entries(kernelEventFields)) this.exact.set(name, s);
    if (opts.fault) this.exact.set('fault', z.strictObject({ fault: opts.fault }));
    for (const ext of extensions) {
      for (const [key, s] of Object.entries(ext)) this.add(key, s);
    }
  }

  private add(key: string, s: z.ZodType): void {
    const dot = key.indexOf('.');
    assert(dot > 0 && dot < key.length - 1, `trace event name '${key}' needs a namespace ('ns.name')`);
    const ns = key.slice(0, dot);
    assert(!KERNEL_NAMESPACES.includes(ns), `trace namespace '${ns}' belongs to the kernel`);
    if (key.slice(dot) === '.*') {
      assert(!this.open.has(ns), `trace namespace '${ns}.*' registered twice`);
      this.open.set(ns, s);
    } else {
      assert(!this.exact.has(key), `trace event '${key}' registered twice`);
      this.exact.set(key, s);
    }
  }

  /** Every event name this schema accepts: exact names, then `ns.*` for open namespaces. */
  eventNames(): string[] {
    return [...this.exact.keys(), ...[...this.open.keys()].map((ns) => `${ns}.*`)];
  }

  /** The schema of an event name's fields, or undefined if this schema does not know it. */
  fieldsOf(name: string): z.ZodType | undefined {
    const s = this.exact.get(name);
    if (s) return s;
    const dot = name.indexOf('.');
    return dot > 0 ? this.open.get(name.slice(0, dot)) : undefined;
  }

  /** Checks one parsed event line (not its time order); undefined if it is valid. */
  check(ev: unknown): FieldProblem | undefined {
    if (!isRecord(ev)) return { message: `expected an event object, received ${describe(ev)}` };
    const { t, e, ...fields } = ev;
    if (!Number.isSafeInteger(t) || (t as number) < 0) {
      return { field: 't', message: expectation('a non-negative integer (µs)', t) };
    }
    if (typeof e !== 'string') return { field: 'e', message: expectation('string', e) };
    const s = this.fieldsOf(e);
    if (!s) return { field: 'e', message: `unknown event type '${e}'` };
    return firstProblem(s, fields, `'${e}'`);
  }
}

/** Parses `value` with `schema`; the first issue as a field path and a sentence. */
export function firstProblem(schema: z.ZodType, value: unknown, what: string): FieldProblem | undefined {
  const r = schema.safeParse(value);
  if (r.success) return undefined;
  const issue = r.error.issues[0]!;
  return describeIssue(issue, value, what);
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, what: string): FieldProblem {
  const path = issue.path;
  const at = (p: readonly PropertyKey[]) => (p.length > 0 ? { field: fieldPath(p) } : {});
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      return { ...at(path), message: expectation(expected, valueAt(root, path)) };
    }
    case 'unrecognized_keys':
      return { ...at([...path, issue.keys[0]!]), message: `not a field of ${what}` };
    case 'invalid_value':
      return {
        ...at(path),
        message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, received ${literal(valueAt(root, path))}`,
      };
    case 'too_small':
    case 'too_big': {
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const size = issue.origin === 'number' || issue.origin === 'int' ? '' : ' in length';
      return { ...at(path), message: `expected ${op} ${String(bound)}${size}, received ${literal(valueAt(root, path))}` };
    }
    default:
      return { ...at(path), message: issue.message };
  }
}

function expectation(expected: string, received: unknown): string {
  if (received === undefined) return `missing (expected ${expected})`;
  // "expected integer, received 1.5" says more than "received number".
  const shown = typeof received === 'number' && expected.includes('integer') ? String(received) : describe(received);
  return `expected ${expected}, received ${shown}`;
}

/** `body.type`, `fault.nodes[2]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += (out === '' ? '' : '.') + String(p);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The JSON type of a value, as error messages name it. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A received value shown literally where that helps (numbers, short strings). */
function literal(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && v.length <= 40) return JSON.stringify(v);
  return describe(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
