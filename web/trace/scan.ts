// Indexes a trace from its NDJSON bytes, chunk by chunk as they download, without parsing
// most lines: each line's `t` and `e` are read in place (scanLine.ts); net.send and
// net.deliver give their message fields the same way; only the events the index reads as
// objects (index.ts, `wantsEvent`: elections, states, faults, connections — a small part of
// a large trace) go through JSON.parse. The rest stay bytes until a view asks
// (lazyEvents.ts). The same checks as the eager parse (parse.ts): a header first, then
// objects with a numeric `t` and a string `e`, times not going back, an optional end line
// last. On any failure `finish` gives no index and the worker's validation names the line.
import { EventStore } from './lazyEvents.ts';
import { IndexBuilder, type TraceIndex } from './index.ts';
import { LineFields, scanLine } from './scanLine.ts';
import type { TraceEvent, TraceHeader } from './types.ts';

const NL = 10;

export interface ScannedTrace {
  /** The trace as it came (for the worker's validation). */
  bytes: Uint8Array;
  ix?: TraceIndex;
  /** The end line's hash, if the trace has one. */
  endHash?: string;
}

/** Strings read from bytes, interned: the same few event names and message types recur. */
class Interner<T> {
  private readonly byHash = new Map<number, { bytes: Uint8Array; v: T }[]>();
  private readonly decoder = new TextDecoder();

  constructor(private readonly make: (s: string) => T) {}

  get(b: Uint8Array, a: number, z: number): T {
    const n = z - a;
    let h = 0x811c9dc5;
    for (let p = a; p < z; p++) h = Math.imul(h ^ b[p]!, 0x01000193);
    let list = this.byHash.get(h);
    if (list) {
      for (const e of list) {
        if (e.bytes.length !== n) continue;
        let k = 0;
        while (k < n && e.bytes[k] === b[a + k]) k++;
        if (k === n) return e.v;
      }
    } else {
      this.byHash.set(h, (list = []));
    }
    const v = this.make(this.decoder.decode(b.subarray(a, z)));
    list.push({ bytes: b.slice(a, z), v });
    return v;
  }
}

const SEND = 1, DELIVER = 2, OTHER = 0;

/** An event name as the scanner needs it: its id in the index, and whether it is a send or a delivery. */
interface Name { id: number; kind: number }

export class TraceScanner {
  private buf: Uint8Array;
  private len = 0;
  /** Where the next unread line starts. */
  private pos = 0;
  private starts = new Int32Array(1024);
  private count = 0;
  private builder: IndexBuilder | undefined;
  private readonly parsed = new Map<number, TraceEvent>();
  private readonly fields = new LineFields();
  private readonly names = new Interner<Name>((s) => ({
    id: this.builder!.idOf(s), kind: s === 'net.send' ? SEND : s === 'net.deliver' ? DELIVER : OTHER,
  }));
  private readonly types = new Interner<string>((s) => s);
  private readonly decoder = new TextDecoder();
  private ok = true;
  private prevT = 0;
  private blankSeen = false;
  private endSeen = false;
  private endHash: string | undefined;

  /** `sizeHint`: the expected byte length (Content-Length), to allocate once. */
  constructor(sizeHint = 0) {
    this.buf = new Uint8Array(Math.max(1 << 16, sizeHint));
  }

  /** Takes the next chunk of bytes and indexes every line it completes. */
  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.lines(false);
  }

  /** Indexes the complete lines from `pos` on (at the end, the last one even without a newline). */
  private lines(last: boolean): void {
    const b = this.buf, len = this.len, f = this.fields;
    let p = this.pos;
    while (p < len && this.ok) {
      const z = this.builder ? scanLine(b, p, len, f) : -1;
      if (z >= 0 && f.eFrom >= 0 && (z < len || last)) {
        this.fastLine(p, z);
        p = z + 1;
        continue;
      }
      let nl = p;
      while (nl < len && b[nl] !== NL) nl++;
      if (nl === len && !last) break;
      this.line(p, nl);
      p = nl + 1;
    }
    this.pos = Math.min(p, len);
  }

  /** Indexes the last line (if it has no newline) and returns the index, if the trace read well. */
  finish(): ScannedTrace {
    this.lines(true);
    const bytes = this.buf.subarray(0, this.len);
    const builder = this.builder;
    if (!this.ok || !builder) return { bytes };
    this.startAt(this.count, this.endSeen ? this.starts[this.count]! : this.len);
    const out: ScannedTrace = { bytes };
    const store = new EventStore(bytes, this.starts, this.count, (i) => ({
      t: out.ix?.times[i] ?? NaN, e: out.ix ? out.ix.eventNames[out.ix.nameIds[i]!]! : '', unreadable: true,
    }));
    for (const [i, ev] of this.parsed) store.prime(i, ev);
    out.ix = builder.finish(store.events);
    if (this.endHash !== undefined) out.endHash = this.endHash;
    return out;
  }

  private startAt(i: number, p: number): void {
    if (i >= this.starts.length) {
      const next = new Int32Array(this.starts.length * 2);
      next.set(this.starts);
      this.starts = next;
    }
    this.starts[i] = p;
  }

  private fail(): void {
    this.ok = false;
  }

  /** A line the scanner did not read: blank, the header, or one for JSON.parse. */
  private line(a: number, z: number): void {
    const b = this.buf;
    let p = a;
    while (p < z && (b[p] === 32 || b[p] === 9 || b[p] === 13)) p++;
    if (p === z) { this.blankSeen = true; return; }
    if (this.blankSeen || this.endSeen) return this.fail();
    if (!this.builder) return this.header(a, z);
    this.slowLine(a, z);
  }

  /** A line scanLine read, [a, z) without its newline: its fields are in `this.fields`. */
  private fastLine(a: number, z: number): void {
    if (this.blankSeen || this.endSeen) return this.fail();
    const b = this.buf, f = this.fields, builder = this.builder!;
    const t = f.t;
    if (Number.isNaN(t) || t < this.prevT) return this.fail();
    this.prevT = t;
    const i = this.count++;
    if (i >= this.starts.length) this.startAt(i, a);
    else this.starts[i] = a;
    const { id, kind } = this.names.get(b, f.eFrom, f.eTo);
    if (kind === SEND && f.typeFrom >= 0 && !Number.isNaN(f.msg) && !Number.isNaN(f.from) && !Number.isNaN(f.to)) {
      builder.send(i, t, f.msg, f.from, f.to, this.types.get(b, f.typeFrom, f.typeTo), id);
      return;
    }
    if (kind === DELIVER) {
      builder.deliver(i, t, f.msg, id);
      return;
    }
    if (!builder.wants(id)) { builder.note(i, t, id); return; }
    const ev = this.parse(a, z);
    if (!ev || ev.t !== t || typeof ev.e !== 'string') return this.fail();
    this.parsed.set(i, ev);
    builder.add(ev, i, id);
  }

  /** A line the scanner could not read (or without `e`: the end line): JSON.parse decides. */
  private slowLine(a: number, z: number): void {
    const rec = this.parse(a, z) as Record<string, unknown> | undefined;
    if (!rec) return this.fail();
    if (rec.type === 'end' && !('e' in rec)) {
      this.endSeen = true;
      this.startAt(this.count, a);
      if (typeof rec.hash === 'string') this.endHash = rec.hash;
      return;
    }
    const ev = rec as TraceEvent;
    if (typeof ev.t !== 'number' || typeof ev.e !== 'string' || ev.t < this.prevT) return this.fail();
    this.prevT = ev.t;
    const i = this.count++;
    this.startAt(i, a);
    this.parsed.set(i, ev);
    this.builder!.add(ev, i);
  }

  private header(a: number, z: number): void {
    const rec = this.parse(a, z) as Record<string, unknown> | undefined;
    if (rec?.type !== 'header' || typeof rec.config !== 'object' || rec.config === null) return this.fail();
    this.builder = new IndexBuilder(rec as unknown as TraceHeader);
  }

  private parse(a: number, z: number): TraceEvent | undefined {
    try {
      const v = JSON.parse(this.decoder.decode(this.buf.subarray(a, z))) as unknown;
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as TraceEvent : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Indexes trace text at once (a file, a live run). */
export function scanTraceText(text: string): ScannedTrace {
  const s = new TraceScanner();
  s.push(new TextEncoder().encode(text));
  return s.finish();
}

/** Reads and indexes a trace while it downloads. */
export async function scanTraceStream(body: ReadableStream<Uint8Array>, sizeHint = 0): Promise<ScannedTrace> {
  const s = new TraceScanner(sizeHint);
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    s.push(value);
  }
  return s.finish();
}
