// The event queue: a binary min-heap ordered by (time, insertion sequence), so ties never
// depend on object identity. Keys live in typed arrays at heap positions (the hot loop
// compares numbers, not objects); each entry also knows its slot so that a timer can be
// cancelled in O(log n) by removing it from the heap at once — cancelled events never
// linger, never fire, and never grow the heap.
//
// An EventId packs (slot, generation): a stale id (slot reused) cancels nothing.
import { assert } from './assert.ts';

export type EventId = number;
export type Handler = (arg: unknown) => void;

/**
 * "No event". Deliberately not an integer: ids soon exceed the small-integer range, and a
 * field that starts as a small integer makes V8 migrate every object's shape when the first
 * large id is stored (a 5x slowdown measured on the network path). A fractional sentinel
 * keeps EventId fields stored as doubles from the start. It never equals a real id.
 */
export const NO_EVENT: EventId = -0.5;

const SLOT_BITS = 2 ** 26;
const NONE = -1;

export class EventQueue {
  // Heap, by position.
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private size = 0;
  // Slots, by slot index.
  private pos: Int32Array; // heap position, NONE when free
  private gen: Int32Array;
  private fns: (Handler | undefined)[] = [];
  private args: unknown[] = [];
  private free: Int32Array;
  private freeTop = 0;
  private slotsUsed = 0;
  private seq = 0;

  constructor(capacity = 1024) {
    this.hTime = new Float64Array(capacity);
    this.hSeq = new Float64Array(capacity);
    this.hSlot = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(NONE);
    this.gen = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.hTime[0]! : Infinity;
  }

  push(time: number, fn: Handler, arg: unknown): EventId {
    if (this.size === this.hTime.length) this.grow();
    const slot = this.freeTop > 0 ? this.free[--this.freeTop]! : this.slotsUsed++;
    this.fns[slot] = fn;
    this.args[slot] = arg;
    this.siftUp(this.size++, time, this.seq++, slot);
    return this.gen[slot]! * SLOT_BITS + slot;
  }

  /** Removes a pending event; returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    if (slot >= this.slotsUsed || this.gen[slot] !== (id - slot) / SLOT_BITS) return false;
    const p = this.pos[slot]!;
    if (p === NONE) return false;
    this.release(slot);
    const last = --this.size;
    if (p !== last) {
      const t = this.hTime[last]!, q = this.hSeq[last]!, sl = this.hSlot[last]!;
      if (p > 0 && this.less(t, q, p - 1 >> 1)) this.siftUp(p, t, q, sl);
      else this.siftDown(p, t, q, sl);
    }
    return true;
  }

  /**
   * Pops the earliest event and runs its handler. Returns false when empty.
   * `onTime` is called with the event's time before the handler runs.
   */
  popInto(clock: { now: number }): boolean {
    if (this.size === 0) return false;
    const slot = this.hSlot[0]!;
    clock.now = this.hTime[0]!;
    const fn = this.fns[slot]!;
    const arg = this.args[slot];
    this.release(slot);
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.hTime[last]!, this.hSeq[last]!, this.hSlot[last]!);
    fn(arg);
    return true;
  }

  private release(slot: number): void {
    this.pos[slot] = NONE;
    this.gen[slot] = (this.gen[slot]! + 1) % SLOT_BITS;
    this.fns[slot] = undefined;
    this.args[slot] = undefined;
    this.free[this.freeTop++] = slot;
  }

  private less(t: number, q: number, i: number): boolean {
    const ti = this.hTime[i]!;
    return t < ti || (t === ti && q < this.hSeq[i]!);
  }

  private place(i: number, t: number, q: number, slot: number): void {
    this.hTime[i] = t;
    this.hSeq[i] = q;
    this.hSlot[i] = slot;
    this.pos[slot] = i;
  }

  private siftUp(i: number, t: number, q: number, slot: number): void {
    const hTime = this.hTime, hSeq = this.hSeq, hSlot = this.hSlot, pos = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = hTime[p]!;
      if (t > tp || (t === tp && q > hSeq[p]!)) break;
      hTime[i] = tp;
      hSeq[i] = hSeq[p]!;
      const sp = hSlot[p]!;
      hSlot[i] = sp;
      pos[sp] = i;
      i = p;
    }
    this.place(i, t, q, slot);
  }

  private siftDown(i: number, t: number, q: number, slot: number): void {
    const hTime = this.hTime, hSeq = this.hSeq, hSlot = this.hSlot, pos = this.pos;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = hTime[c]!, qc = hSeq[c]!;
      const r = c + 1;
      if (r < n) {
        const tr = hTime[r]!;
        if (tr < tc || (tr === tc && hSeq[r]! < qc)) { c = r; tc = tr; qc = hSeq[r]!; }
      }
      if (t < tc || (t === tc && q < qc)) break;
      hTime[i] = tc;
      hSeq[i] = qc;
      const sc = hSlot[c]!;
      hSlot[i] = sc;
      pos[sc] = i;
      i = c;
    }
    this.place(i, t, q, slot);
  }

  private grow(): void {
    const cap = this.hTime.length * 2;
    assert(cap <= SLOT_BITS, 'EventQueue: too many pending events');
    const g = <T extends Float64Array | Int32Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.hTime = g(this.hTime);
    this.hSeq = g(this.hSeq);
    this.hSlot = g(this.hSlot);
    this.pos = g(this.pos, NONE);
    this.gen = g(this.gen);
    this.free = g(this.free);
  }
}
