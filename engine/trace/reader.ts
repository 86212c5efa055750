// Reads and validates a trace (docs/trace-format.md). `TraceLineValidator` takes one NDJSON
// line at a time, so the CLI can check a file of any size without holding it; `readTrace`
// runs the same validator over a whole text and keeps the events.
//
// Invariants: the first bad line stops validation and is the error reported (1-based line
// number, field path when one field is to blame); the hash is computed exactly as
// RecordingSink computes it, over the header line and every event line as written (a
// trailing "\r" is not part of a line), never over the end line; events never go back in
// time; blank lines may only trail the trace.
import { assert } from '../kernel/assert.ts';
import { TraceHasher } from './hash.ts';
import type { TraceEvent } from './sink.ts';
import {
  TRACE_FORMAT, TRACE_VERSION, firstProblem, isRecord, traceEndSchema, traceHeaderSchema, traceSchema,
  type TraceEnd, type TraceHeader, type TraceSchema,
} from './schema.ts';

/** The first thing wrong with a trace. `message` has no line or field prefix; see formatTraceError. */
export interface TraceError {
  line: number;
  field?: string;
  message: string;
}

export type ReadTraceResult =
  | { ok: true; header: TraceHeader; events: TraceEvent[]; end?: TraceEnd; hash: string }
  | { ok: false; error: TraceError };

/** What a valid trace amounts to, without its events or config (for `zksim check`). */
export interface TraceSummary {
  scenario: string;
  seed: string;
  zksim: string;
  version: number;
  /** Event lines. */
  events: number;
  /** Time of the end line, else of the last event (0 if none). */
  t: number;
  hash: string;
  /** Whether the trace has an end line (which then matched). */
  complete: boolean;
}

export interface TraceValidatorOptions {
  /** Which events are known (default: kernel events only). */
  schema?: TraceSchema;
  /** Called with each valid event and its line number. */
  onEvent?: (ev: TraceEvent, line: number) => void;
}

/** `line 17: field "to": expected number, received string`. */
export function formatTraceError(err: TraceError): string {
  return `line ${err.line}: ${err.field !== undefined ? `field "${err.field}": ` : ''}${err.message}`;
}

const NOT_A_HEADER = `expected a ${TRACE_FORMAT} header`;

/** Validates a trace one line at a time; after the first error every call returns that error. */
export class TraceLineValidator {
  header: TraceHeader | undefined;
  end: TraceEnd | undefined;
  /** Valid event lines so far. */
  events = 0;
  private lineNo = 0;
  private lastT = 0;
  private blankAt = 0;
  private error: TraceError | undefined;
  private readonly hasher = new TraceHasher();
  private readonly schema: TraceSchema;

  constructor(private readonly opts: TraceValidatorOptions = {}) {
    this.schema = opts.schema ?? traceSchema();
  }

  /** The hash of the header and event lines so far (what an end line must carry). */
  get hash(): string {
    return this.hasher.digest();
  }

  /** Lines pushed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** One line, without its "\n". Returns the trace's first error, if there is one yet. */
  push(raw: string): TraceError | undefined {
    if (this.error) return this.error;
    const n = ++this.lineNo;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      if (this.blankAt === 0) this.blankAt = n;
      return undefined;
    }
    if (this.blankAt !== 0) {
      return this.fail(this.blankAt, undefined, this.header ? 'blank line inside the trace' : NOT_A_HEADER);
    }
    if (this.end) return this.fail(n, undefined, 'nothing may follow the end line');
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      return this.fail(n, undefined, `not valid JSON: ${(err as Error).message}`);
    }
    if (!this.header) return this.readHeader(obj, line);
    if (isRecord(obj) && !('e' in obj) && obj.type === 'end') return this.readEnd(obj);
    if (isRecord(obj) && !('e' in obj) && obj.type === 'header') {
      return this.fail(n, undefined, 'a second header (the header is line 1 only)');
    }
    const problem = this.schema.check(obj);
    if (problem) return this.fail(n, problem.field, problem.message);
    const ev = obj as TraceEvent;
    if (ev.t < this.lastT) return this.fail(n, 't', `time goes backwards (${ev.t} < ${this.lastT})`);
    this.lastT = ev.t;
    this.hasher.update(line);
    this.events++;
    this.opts.onEvent?.(ev, n);
    return undefined;
  }

  /** Call after the last line: reports an empty trace (or the error already found). */
  finish(): TraceError | undefined {
    if (this.error) return this.error;
    if (!this.header) return this.fail(1, undefined, `${NOT_A_HEADER} (the trace is empty)`);
    return undefined;
  }

  /** The summary of a trace that `finish()` accepted. */
  result(): TraceSummary {
    assert(!this.error && this.header, 'TraceLineValidator.result: the trace is not (yet) valid');
    const h = this.header;
    return {
      scenario: h.scenario, seed: h.seed, zksim: h.zksim, version: h.version,
      events: this.events, t: this.end?.t ?? this.lastT, hash: this.hash, complete: this.end !== undefined,
    };
  }

  private readHeader(obj: unknown, line: string): TraceError | undefined {
    if (!isRecord(obj) || obj.type !== 'header' || obj.format !== TRACE_FORMAT) {
      return this.fail(1, undefined, NOT_A_HEADER);
    }
    const v = obj.version;
    if (typeof v === 'number' && Number.isInteger(v) && v > TRACE_VERSION) {
      return this.fail(1, 'version', `trace format version ${v} is newer than this zksim reads (${TRACE_VERSION})`);
    }
    const problem = firstProblem(traceHeaderSchema, obj, 'the header');
    if (problem) return this.fail(1, problem.field, problem.message);
    this.header = obj as TraceHeader;
    this.hasher.update(line);
    return undefined;
  }

  private readEnd(obj: Record<string, unknown>): TraceError | undefined {
    const n = this.lineNo;
    const problem = firstProblem(traceEndSchema, obj, 'the end line');
    if (problem) return this.fail(n, problem.field, problem.message);
    const end = obj as TraceEnd;
    if (end.t < this.lastT) return this.fail(n, 't', `time goes backwards (${end.t} < ${this.lastT})`);
    if (end.events !== this.events) {
      return this.fail(n, 'events', `the end line counts ${end.events} events, the trace has ${this.events}`);
    }
    const hash = this.hash;
    if (end.hash !== hash) return this.fail(n, 'hash', `the end line says ${end.hash}, the trace hashes to ${hash}`);
    this.end = end;
    return undefined;
  }

  private fail(line: number, field: string | undefined, message: string): TraceError {
    this.error = field === undefined ? { line, message } : { line, field, message };
    return this.error;
  }
}

/** Validates a whole trace text and returns its header, events, end line and hash. */
export function readTrace(text: string, schema?: TraceSchema): ReadTraceResult {
  const events: TraceEvent[] = [];
  const v = new TraceLineValidator({ ...(schema ? { schema } : {}), onEvent: (ev) => events.push(ev) });
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const stop = nl < 0 ? text.length : nl;
    const err = v.push(text.slice(start, stop));
    if (err) return { ok: false, error: err };
    start = stop + 1;
  }
  const err = v.finish();
  if (err) return { ok: false, error: err };
  const header = v.header!;
  return v.end ? { ok: true, header, events, end: v.end, hash: v.hash } : { ok: true, header, events, hash: v.hash };
}

export type CheckTraceResult =
  | { ok: true; header: TraceHeader; events: number; end?: TraceEnd; hash: string }
  | { ok: false; error: TraceError };

/**
 * Validates a stream of lines (e.g. Node's readline interface over a file) without keeping
 * the events; `onEvent` sees each one as it passes.
 */
export async function checkTraceLines(
  lines: AsyncIterable<string> | Iterable<string>,
  opts: TraceValidatorOptions = {},
): Promise<CheckTraceResult> {
  const v = new TraceLineValidator(opts);
  for await (const line of lines) {
    const err = v.push(line);
    if (err) return { ok: false, error: err };
  }
  const err = v.finish();
  if (err) return { ok: false, error: err };
  const base = { ok: true as const, header: v.header!, events: v.events, hash: v.hash };
  return v.end ? { ...base, end: v.end } : base;
}
