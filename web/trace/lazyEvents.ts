// A trace's events, kept as the NDJSON bytes they came in and parsed only when a view asks
// for one: a 100k-event trace is on screen before most of its events exist as objects (the
// index is built by scanning the bytes, scan.ts). `events` is a read-only array over the
// store that any code can index, iterate or map as before; an access parses its line, or,
// for a reader walking the run, the block of lines around it with one JSON.parse (so a full
// walk costs about what an eager parse does), and keeps the objects: an event is parsed
// once and keeps its identity. A line JSON.parse rejects becomes a stub event
// (`unreadable: true`); the worker's validation then names the line and the field, and the
// run is withdrawn.
import type { TraceEvent } from './types.ts';

const BLOCK = 256;
/** Consecutive accesses after which a reader counts as walking the run. */
const SEQUENTIAL_MIN = 8;

export class EventStore {
  private readonly cache: (TraceEvent | undefined)[];
  private readonly decoder = new TextDecoder();
  /** Read-only array view of the events (a Proxy over the store). */
  readonly events: readonly TraceEvent[];

  /**
   * `starts[i]` is where event i's line begins in `bytes`; `starts[count]` is one past the
   * last line's newline (or the end of the bytes). `stub(i)` describes an unreadable line.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Int32Array,
    readonly count: number,
    private readonly stub: (i: number) => TraceEvent,
  ) {
    this.cache = new Array<TraceEvent | undefined>(count);
    this.events = lazyArray(this);
  }

  /** Hands over an event already parsed (the ones the index read while scanning). */
  prime(i: number, ev: TraceEvent): void {
    this.cache[i] = ev;
  }

  /** Event i, parsed alone if it is not parsed yet. */
  event(i: number): TraceEvent {
    return this.cache[i] ?? (this.cache[i] = this.parseLine(i));
  }

  private last = -2;
  private run = 0;

  /**
   * Event i for the array view: a reader that walks the run event after event (iteration,
   * map, findIndex) gets whole blocks parsed at once; one that picks events here and there
   * (a view, or a model reading only its own events) gets single lines.
   */
  at(i: number): TraceEvent {
    this.run = i === this.last + 1 ? this.run + 1 : 0;
    this.last = i;
    const hit = this.cache[i];
    if (hit) return hit;
    if (this.run < SEQUENTIAL_MIN) return this.event(i);
    this.parseBlock(i - (i % BLOCK), Math.min(this.count, i - (i % BLOCK) + BLOCK));
    return this.cache[i]!;
  }

  // The text of the block of lines last read: decoded once, its lines sliced out of it
  // (for pure ASCII, byte offsets are string offsets), so readers picking events one by one
  // do not pay a decode per line.
  private blockNo = -1;
  private blockText = '';
  private blockFrom = 0;
  private blockAscii = false;

  /** The text of line i, without its line break. */
  line(i: number): string {
    const a = this.starts[i]!;
    let z = this.starts[i + 1]!;
    while (z > a && (this.bytes[z - 1] === 10 || this.bytes[z - 1] === 13)) z--;
    this.loadBlock(Math.floor(i / BLOCK));
    return this.blockAscii ? this.blockText.slice(a - this.blockFrom, z - this.blockFrom) : this.decoder.decode(this.bytes.subarray(a, z));
  }

  private loadBlock(b: number): void {
    if (b === this.blockNo) return;
    this.blockNo = b;
    this.blockFrom = this.starts[b * BLOCK]!;
    const to = this.starts[Math.min(this.count, (b + 1) * BLOCK)]!;
    this.blockText = this.decoder.decode(this.bytes.subarray(this.blockFrom, to));
    this.blockAscii = this.blockText.length === to - this.blockFrom;
  }

  private parseLine(i: number): TraceEvent {
    try {
      const ev = JSON.parse(this.line(i)) as TraceEvent;
      return ev !== null && typeof ev === 'object' ? ev : this.stub(i);
    } catch {
      return this.stub(i);
    }
  }

  /** Parses lines [a, b) of one block (a is the block's first line) with one JSON.parse. */
  private parseBlock(a: number, b: number): void {
    let end = this.starts[b]!;
    while (end > this.starts[a]! && (this.bytes[end - 1] === 10 || this.bytes[end - 1] === 13)) end--;
    this.loadBlock(Math.floor(a / BLOCK));
    const text = this.blockAscii ? this.blockText.slice(0, end - this.blockFrom) : this.decoder.decode(this.bytes.subarray(this.starts[a]!, end));
    let arr: unknown[] | undefined;
    try {
      arr = JSON.parse(`[${text.replaceAll('\n', ',')}]`) as unknown[];
    } catch {
      arr = undefined;
    }
    for (let i = a; i < b; i++) {
      if (this.cache[i]) continue;
      const ev = arr?.length === b - a ? arr[i - a] as TraceEvent : undefined;
      this.cache[i] = ev !== null && typeof ev === 'object' ? ev : this.parseLine(i);
    }
  }
}

const index = (key: string | symbol, n: number): number => {
  if (typeof key !== 'string' || key === '' || key.length > 10) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && key.length > 1)) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < n ? i : -1;
};

/**
 * An array-like Proxy whose elements come from the store: indexing, length, iteration and
 * every Array.prototype method work; writes are refused.
 */
function lazyArray(store: EventStore): readonly TraceEvent[] {
  const n = store.count;
  const target: TraceEvent[] = [];
  target.length = n;
  return new Proxy(target, {
    get(t, key, receiver) {
      const i = index(key, n);
      return i >= 0 ? store.at(i) : Reflect.get(t, key, receiver) as unknown;
    },
    has(t, key) {
      return index(key, n) >= 0 || Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      const i = index(key, n);
      return i >= 0 ? { value: store.at(i), writable: false, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < n; i++) keys.push(String(i));
      return keys.concat(Reflect.ownKeys(t));
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
