// Every message of the run as one row: who sent it to whom, its type, when it was sent and
// when it was delivered or dropped (or held by a cut path). Rows are in send order. A
// bucket index over time answers "which messages are in flight at t" and "which overlap
// [t0, t1]" without scanning the run: each row is filed under every time bucket its flight
// overlaps; the rare very long flights (held for seconds) go to one list checked always.
import { num, str } from './fields.ts';
import type { TraceEvent } from './types.ts';

export const Fate = { InFlight: 0, Delivered: 1, Dropped: 2 } as const;
export type Fate = (typeof Fate)[keyof typeof Fate];

const BUCKETS = 4096;
/** Message ids below this are looked up in a dense table (zksim numbers messages 1, 2, 3…). */
const MSG_ID_DENSE_MAX = 1 << 22;
const NONE: readonly number[] = [];
const LONG_SPAN = 64;

/** A growable column of numbers (typed storage, doubling). */
class Column<A extends Float64Array | Int32Array> {
  length = 0;
  constructor(public data: A, private readonly make: (n: number) => A) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}
const f64 = () => new Column(new Float64Array(1024), (n) => new Float64Array(n));
const i32 = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));

export class Messages {
  private readonly cols = { msgId: i32(), from: i32(), to: i32(), type: i32(), sendT: f64(), sendIdx: i32(), endT: f64(), endIdx: i32(), holdT: f64(), fate: i32() };
  // Views of the columns (valid after finish()).
  msgId = new Int32Array(0);
  from = new Int32Array(0);
  to = new Int32Array(0);
  /** Index into `types`. */
  typeId = new Int32Array(0);
  sendT = new Float64Array(0);
  sendIdx = new Int32Array(0);
  endT = new Float64Array(0);
  endIdx = new Int32Array(0);
  holdT = new Float64Array(0);
  fate = new Int32Array(0);
  readonly dropReason = new Map<number, string>();
  /** The row of each message id: dense for the small sequential ids zksim writes, else a Map. */
  private rowByMsg = new Int32Array(1024).fill(-1);
  private readonly rowByOtherMsg = new Map<number, number>();
  /** Distinct message types, in order of first appearance. */
  readonly types: string[] = [];
  private readonly typeIds = new Map<string, number>();
  /** Median send→delivery time (µs) of delivered messages; 0 if none. */
  medianLatencyUs = 0;
  private bucketUs = 1;
  private buckets: number[][] = [];
  private long: number[] = [];

  get count(): number {
    return this.cols.msgId.length;
  }

  /** The type name of a row. */
  type(r: number): string {
    return this.types[this.typeId[r]!]!;
  }

  add(ev: TraceEvent, i: number): void {
    switch (ev.e) {
      case 'net.send': this.send(i, ev.t, ev.msg as number, ev.from as number, ev.to as number, ev.type as string); return;
      case 'net.deliver': case 'net.drop':
        this.end(i, ev.t, num(ev, 'msg'), ev.e === 'net.deliver' ? Fate.Delivered : Fate.Dropped, ev.e === 'net.drop' ? str(ev, 'reason') : '');
        return;
      case 'net.hold': {
        const row = this.rowOf(num(ev, 'msg'));
        if (row !== undefined && this.cols.holdT.data[row] === Infinity) this.cols.holdT.data[row] = ev.t;
        return;
      }
    }
  }

  /** A net.send (event i): a new row. The scanning index (scan.ts) calls this directly. */
  send(i: number, t: number, msgId: number, from: number, to: number, type: string): void {
    const c = this.cols;
    let tid = this.typeIds.get(type);
    if (tid === undefined) { tid = this.types.length; this.types.push(type); this.typeIds.set(type, tid); }
    this.setRow(msgId, c.msgId.length);
    c.msgId.push(msgId); c.from.push(from); c.to.push(to);
    c.type.push(tid); c.sendT.push(t); c.sendIdx.push(i);
    c.endT.push(Infinity); c.endIdx.push(-1); c.holdT.push(Infinity); c.fate.push(Fate.InFlight);
  }

  /** A net.deliver or net.drop (event i) of message `msgId`; only its first end counts. */
  end(i: number, t: number, msgId: number, fate: Fate, reason: string): void {
    const c = this.cols;
    const row = this.rowOf(msgId);
    if (row === undefined || c.endIdx.data[row] !== -1) return;
    c.endT.data[row] = t; c.endIdx.data[row] = i;
    c.fate.data[row] = fate;
    if (fate === Fate.Dropped) this.dropReason.set(row, reason);
  }

  private setRow(msgId: number, row: number): void {
    if (!(Number.isInteger(msgId) && msgId >= 0 && msgId < MSG_ID_DENSE_MAX)) { this.rowByOtherMsg.set(msgId, row); return; }
    if (msgId >= this.rowByMsg.length) {
      const next = new Int32Array(Math.max(msgId + 1, this.rowByMsg.length * 2)).fill(-1);
      next.set(this.rowByMsg);
      this.rowByMsg = next;
    }
    this.rowByMsg[msgId] = row;
  }

  private rowOf(msgId: number): number | undefined {
    if (!(Number.isInteger(msgId) && msgId >= 0 && msgId < MSG_ID_DENSE_MAX)) return this.rowByOtherMsg.get(msgId);
    const row = msgId < this.rowByMsg.length ? this.rowByMsg[msgId]! : -1;
    return row >= 0 ? row : undefined;
  }

  /** Builds the time-bucket index once every event was added; `endOfRunT` bounds open flights. */
  finish(endOfRunT: number): void {
    const c = this.cols, n = this.count;
    this.msgId = c.msgId.data.subarray(0, n); this.from = c.from.data.subarray(0, n); this.to = c.to.data.subarray(0, n);
    this.typeId = c.type.data.subarray(0, n); this.sendT = c.sendT.data.subarray(0, n); this.sendIdx = c.sendIdx.data.subarray(0, n);
    this.endT = c.endT.data.subarray(0, n); this.endIdx = c.endIdx.data.subarray(0, n); this.holdT = c.holdT.data.subarray(0, n);
    this.fate = c.fate.data.subarray(0, n);
    const lat: number[] = [];
    for (let r = 0; r < this.count; r += Math.max(1, Math.floor(this.count / 2000))) {
      if (this.fate[r] === Fate.Delivered) lat.push(this.endT[r]! - this.sendT[r]!);
    }
    lat.sort((a, b) => a - b);
    this.medianLatencyUs = lat.length ? lat[lat.length >> 1]! : 0;
    this.bucketUs = Math.max(1, Math.ceil((endOfRunT + 1) / BUCKETS));
    this.buckets = Array.from({ length: BUCKETS + 1 }, () => []);
    for (let r = 0; r < this.count; r++) {
      const b0 = this.bucketOf(this.sendT[r]!);
      const b1 = this.bucketOf(Math.min(this.endT[r]!, endOfRunT));
      if (b1 - b0 > LONG_SPAN) this.long.push(r);
      else for (let b = b0; b <= b1; b++) this.buckets[b]!.push(r);
    }
  }

  private bucketOf(t: number): number {
    return Math.min(BUCKETS, Math.max(0, Math.floor(t / this.bucketUs)));
  }

  /**
   * Rows sent at or before t and not yet delivered or dropped after t (at most `max`), into
   * `out` if given (cleared first: a view reuses one array per frame).
   */
  inFlight(t: number, max = 500, out: number[] = []): number[] {
    out.length = 0;
    this.collectInFlight(this.buckets[this.bucketOf(t)] ?? NONE, t, max, out);
    this.collectInFlight(this.long, t, max, out);
    return out;
  }

  private collectInFlight(rows: readonly number[], t: number, max: number, out: number[]): void {
    const { sendT, endT } = this;
    for (let k = 0; k < rows.length && out.length < max; k++) {
      const r = rows[k]!;
      if (sendT[r]! <= t && endT[r]! > t) out.push(r);
    }
  }

  /** Rows whose flight overlaps [t0, t1], each once, calling `fn(row)`. */
  forEachOverlapping(t0: number, t1: number, fn: (row: number) => void): void {
    const b0 = this.bucketOf(t0), b1 = this.bucketOf(t1);
    for (let b = b0; b <= b1; b++) {
      for (const r of this.buckets[b] ?? []) {
        // A row is filed in several buckets: report it from the first one in range only.
        if (Math.max(this.bucketOf(this.sendT[r]!), b0) !== b) continue;
        if (this.sendT[r]! <= t1 && this.endT[r]! >= t0) fn(r);
      }
    }
    for (const r of this.long) if (this.sendT[r]! <= t1 && this.endT[r]! >= t0) fn(r);
  }

  /** Where a message is along its path at t, 0 (sender) .. 1 (receiver). Held messages stop halfway. */
  progress(r: number, t: number, endOfRunT: number): number {
    const s = this.sendT[r]!;
    const hold = this.holdT[r]!;
    if (hold !== Infinity) {
      if (t >= hold) return 0.5;
      return hold > s ? (0.5 * (t - s)) / (hold - s) : 0.5;
    }
    // Never delivered nor held itself: queued behind a held message on the same connection.
    if (this.endT[r] === Infinity) return this.queued(r, endOfRunT) ? 0.15 : 0.5;
    const e = this.endT[r]!;
    return e > s ? Math.min(1, Math.max(0, (t - s) / (e - s))) : 1;
  }

  /** A message that never arrived nor was held: it waits in its sender's queue. */
  queued(r: number, _endOfRunT = 0): boolean {
    return this.endT[r] === Infinity && this.holdT[r] === Infinity;
  }
}
