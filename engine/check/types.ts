// Shared vocabulary of the checkers: a Violation (what went wrong, when, in a sentence a
// student can read), the Checker contract (fed one trace event at a time, asked at the end),
// and small helpers to read event fields and to print times and server sets the same way in
// every message. Checkers read trace events only; they never call the protocol's code
// (DESIGN.md principle 6). A field a checker needs that is missing or of the wrong type is
// reported as a violation of that checker ("event ignored") — never a crash, never silence.
import type { TraceEvent } from '../trace/sink.ts';

export type { TraceEvent };

/** One broken property: which checker, at which virtual time (µs), and why in words. */
export interface Violation {
  readonly checker: string;
  readonly t: number;
  readonly message: string;
}

/**
 * A checker reads events in trace order. `observe` returns the violations it found on this
 * event (possibly dated earlier, e.g. a deadline that passed before it); `finish` returns
 * the violations only visible at the end of the run. `finish` is a query: it changes no
 * state, so it may be called more than once.
 */
export interface Checker {
  readonly name: string;
  observe(ev: TraceEvent): Violation[];
  finish(endUs: number): Violation[];
}

/** 1203.4 ms */
export function fmtMs(us: number): string {
  return `${(us / 1000).toFixed(1)} ms`;
}

/** A violation as one line: "4004.1 ms Agreement: server 3's state …" (`zksim run --json`). */
export function formatViolation(v: Violation): string {
  return `${fmtMs(v.t)} ${v.checker}: ${v.message}`;
}

/** 20.0 s */
export function fmtS(us: number): string {
  return `${(us / 1_000_000).toFixed(1)} s`;
}

/** {1,2,3}, ascending. */
export function sidSet(sids: Iterable<number>): string {
  return `{${[...sids].sort((a, b) => a - b).join(',')}}`;
}

/** Events in time order; equal times keep their order (Array.prototype.sort is stable). */
export function byTime(vs: Violation[]): Violation[] {
  return vs.sort((a, b) => a.t - b.t);
}

/**
 * Reads typed fields of one event; the first missing or mistyped field is remembered so
 * the caller can report it once (`problem`).
 */
export class Fields {
  problem: string | undefined;

  constructor(readonly ev: TraceEvent) {}

  int(name: string): number {
    const v = this.ev[name];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    this.note(name, 'an integer', v);
    return 0;
  }

  str(name: string): string {
    const v = this.ev[name];
    if (typeof v === 'string') return v;
    this.note(name, 'a string', v);
    return '';
  }

  ints(name: string): number[] {
    const v = this.ev[name];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) return v as number[];
    this.note(name, 'a list of integers', v);
    return [];
  }

  /** An object field (e.g. `body` of net.send), or undefined with the problem noted. */
  obj(name: string): Record<string, unknown> | undefined {
    const v = this.ev[name];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.note(name, 'an object', v);
    return undefined;
  }

  /** An integer inside an object field, e.g. `body.zxid`. */
  intIn(o: Record<string, unknown> | undefined, name: string, path: string): number {
    const v = o?.[name];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (o) this.note(`${path}.${name}`, 'an integer', v);
    return 0;
  }

  /** The violation describing the first problem, or undefined when every field was fine. */
  violation(checker: string): Violation | undefined {
    if (this.problem === undefined) return undefined;
    return { checker, t: this.ev.t, message: `trace event ${this.ev.e} at ${fmtMs(this.ev.t)}: ${this.problem}; event ignored` };
  }

  private note(name: string, expected: string, got: unknown): void {
    if (this.problem !== undefined) return;
    const shown = got === undefined ? 'it is missing' : `got ${JSON.stringify(got)}`;
    this.problem = `field '${name}' should be ${expected}, ${shown}`;
  }
}

/** What a set of checkers found while observing, in time order (shared by the combiners). */
export class ViolationLog {
  private readonly found: Violation[] = [];

  /** Sorts `now` by time, keeps it, and returns it. */
  record(now: Violation[]): Violation[] {
    if (now.length === 0) return now;
    byTime(now);
    for (const v of now) this.found.push(v);
    return now;
  }

  /** Everything recorded plus what `checkers` see only at `endUs`, in time order. A query. */
  finish(checkers: readonly Checker[], endUs: number): Violation[] {
    const all = [...this.found];
    for (const c of checkers) for (const v of c.finish(endUs)) all.push(v);
    return byTime(all);
  }

  get violations(): readonly Violation[] {
    return this.found;
  }
}
