// EventQueue: (time, insertion sequence) order, O(log n) cancellation, stale ids.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, type EventId } from '../../engine/kernel/queue.ts';

/** A cheap assertion for hot loops inside properties (expect() is slow per call). */
function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}

/** Pops everything; the clock must never go backwards. */
function drain(q: EventQueue): void {
  const clock = { now: 0 };
  let last = -Infinity;
  while (q.popInto(clock)) {
    check(clock.now >= last, `clock went back from ${last} to ${clock.now}`);
    last = clock.now;
  }
}

const record = (out: unknown[]) => (arg: unknown) => { out.push(arg); };

describe('EventQueue', () => {
  it('pops in (time, insertion sequence) order, many ties (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3000, size: 'large' }), fc.integer({ min: 1, max: 64 }), (times, capacity) => {
        const q = new EventQueue(capacity);
        const out: unknown[] = [];
        const fn = record(out);
        times.forEach((t, i) => q.push(t, fn, i));
        expect(q.length).toBe(times.length);
        drain(q);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((e) => e.i);
        expect(out).toEqual(expected);
        expect(q.length).toBe(0);
        expect(q.peekTime()).toBe(Infinity);
      }),
      { numRuns: 200 },
    );
  });

  it('pops in order when pushes happen from inside handlers', () => {
    const q = new EventQueue(2);
    const out: [number, string][] = [];
    const clock = { now: 0 };
    const fn = (arg: unknown) => {
      const name = arg as string;
      out.push([clock.now, name]);
      if (name === 'a') {
        q.push(clock.now, fn, 'a-same-time'); // after the other events at this time
        q.push(clock.now + 1, fn, 'a-later');
      }
    };
    q.push(5, fn, 'a');
    q.push(5, fn, 'b');
    q.push(6, fn, 'c');
    while (q.popInto(clock));
    expect(out).toEqual([[5, 'a'], [5, 'b'], [5, 'a-same-time'], [6, 'c'], [6, 'a-later']]);
  });

  type Op = { kind: 'push'; t: number } | { kind: 'cancel'; pick: number } | { kind: 'pop' };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), t: fc.integer({ min: 0, max: 20 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  );

  it('cancelled events never fire; cancel is false for fired, cancelled and stale ids (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400, size: 'large' }), fc.integer({ min: 1, max: 16 }), (ops, capacity) => {
        const q = new EventQueue(capacity);
        const fired: number[] = [];
        const fn = (arg: unknown) => { fired.push(arg as number); };
        // Reference: pending events as (time, seq), plus the status of every id ever issued.
        const ids: EventId[] = [];
        const status: ('pending' | 'fired' | 'cancelled')[] = [];
        const times: number[] = [];
        const clock = { now: 0 };
        for (const op of ops) {
          if (op.kind === 'push') {
            const t = clock.now + op.t; // never in the past, as the kernel guarantees
            ids.push(q.push(t, fn, ids.length));
            status.push('pending');
            times.push(t);
          } else if (op.kind === 'cancel') {
            if (ids.length === 0) continue;
            const i = op.pick % ids.length;
            const ok = q.cancel(ids[i]!);
            check(ok === (status[i] === 'pending'), `cancel(#${i}) returned ${ok} for a ${status[i]} event`);
            if (ok) status[i] = 'cancelled';
          } else {
            const pending = status.flatMap((s, i) => (s === 'pending' ? [i] : []));
            const before = fired.length;
            const popped = q.popInto(clock);
            check(popped === pending.length > 0, `popInto returned ${popped} with ${pending.length} pending`);
            if (!popped) continue;
            // The earliest pending event by (time, seq); seq order == index order.
            let best = pending[0]!;
            for (const i of pending) if (times[i]! < times[best]!) best = i;
            check(fired.length === before + 1 && fired[before] === best, `popped #${String(fired[before])}, expected #${best}`);
            check(clock.now === times[best], `clock ${clock.now}, expected ${times[best]}`);
            status[best] = 'fired';
          }
          check(q.length === status.filter((s) => s === 'pending').length, 'length disagrees with the reference');
        }
        // Drain: the rest fires in order, cancelled ones never.
        const rest = status.flatMap((s, i) => (s === 'pending' ? [i] : [])).sort((a, b) => times[a]! - times[b]! || a - b);
        const start = fired.length;
        while (q.popInto(clock));
        expect(fired.slice(start)).toEqual(rest);
        for (const i of rest) status[i] = 'fired';
        const firedSet = new Set(fired);
        for (let i = 0; i < ids.length; i++) {
          check(status[i] !== 'cancelled' || !firedSet.has(i), `cancelled #${i} fired`);
          check(!q.cancel(ids[i]!), `cancel(#${i}) succeeded after everything ran`);
        }
        expect(new Set(fired).size).toBe(fired.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a stale id does not cancel the event that reuses its slot', () => {
    const q = new EventQueue(4);
    const out: unknown[] = [];
    const fn = record(out);
    const a = q.push(1, fn, 'a');
    expect(q.cancel(a)).toBe(true);
    const b = q.push(1, fn, 'b'); // reuses a's slot
    expect(b).not.toBe(a);
    expect(q.cancel(a)).toBe(false);
    expect(q.length).toBe(1);
    q.popInto({ now: 0 });
    expect(out).toEqual(['b']);
    expect(q.cancel(b)).toBe(false);
    expect(q.cancel(-1)).toBe(false);
    expect(q.cancel(123_456)).toBe(false);
  });

  it('ids stay valid across heap growth', () => {
    const q = new EventQueue(1);
    const out: unknown[] = [];
    const fn = record(out);
    const ids: EventId[] = [];
    for (let i = 0; i < 5000; i++) ids.push(q.push((i * 7919) % 101, fn, i));
    // Cancel every third event after the heap has grown many times.
    for (let i = 0; i < ids.length; i += 3) expect(q.cancel(ids[i]!)).toBe(true);
    for (let i = 0; i < ids.length; i += 3) expect(q.cancel(ids[i]!)).toBe(false);
    // Grow again with the freed slots reused, then cancel a late one.
    const late = q.push(50, fn, 'late');
    for (let i = 0; i < 5000; i++) q.push(200, fn, -1);
    expect(q.cancel(late)).toBe(true);
    const clock = { now: 0 };
    while (q.popInto(clock));
    const kept = ids.map((_, i) => i).filter((i) => i % 3 !== 0).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b);
    expect(out.slice(0, kept.length)).toEqual(kept);
    expect(out.length).toBe(kept.length + 5000);
    expect(out).not.toContain('late');
  });
});
