// Where trace events go while a run executes. The engine only ever calls `emit`; a sink
// decides whether events are kept in memory (browser), streamed as NDJSON (Node, via a
// writer the CLI passes in), hashed, or dropped (benchmarks). `enabled` lets hot paths
// skip building an event object nobody will read.
import { TraceHasher } from './hash.ts';

/** One trace event: time in µs, a dotted event name, and fields. */
export interface TraceEvent {
  t: number;
  e: string;
  [field: string]: unknown;
}

export interface TraceSink {
  readonly enabled: boolean;
  emit(ev: TraceEvent): void;
}

export const nullSink: TraceSink = { enabled: false, emit() {} };

/**
 * Serialises each event once (the NDJSON line), feeds the line to the hash and to an
 * optional line writer, and optionally keeps the events.
 */
export class RecordingSink implements TraceSink {
  readonly enabled = true;
  readonly hasher = new TraceHasher();
  readonly events: TraceEvent[] | undefined;
  count = 0;

  constructor(private readonly opts: { keep?: boolean; write?: (line: string) => void } = {}) {
    this.events = opts.keep ? [] : undefined;
  }

  emit(ev: TraceEvent): void {
    const line = JSON.stringify(ev);
    this.hasher.update(line);
    this.opts.write?.(line);
    this.events?.push(ev);
    this.count++;
  }

  /** Feeds a non-event line (the header) to the hash and writer. */
  line(obj: object): void {
    const line = JSON.stringify(obj);
    this.hasher.update(line);
    this.opts.write?.(line);
  }

  get hash(): string {
    return this.hasher.digest();
  }
}

/** Buffers events until `attach` names the real sink (lets a header precede them). */
export class DeferredSink implements TraceSink {
  readonly enabled = true;
  private target: TraceSink | undefined;
  private buffer: TraceEvent[] = [];

  emit(ev: TraceEvent): void {
    if (this.target) this.target.emit(ev);
    else this.buffer.push(ev);
  }

  attach(target: TraceSink): void {
    this.target = target;
    for (const ev of this.buffer) target.emit(ev);
    this.buffer = [];
  }
}
