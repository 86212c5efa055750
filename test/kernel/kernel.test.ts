// Kernel: the clock moves only when events run; step / runUntilTime / runUntil semantics.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel } from '../../engine/kernel/kernel.ts';
import { AssertionError } from '../../engine/kernel/assert.ts';

describe('Kernel', () => {
  it('step runs one event at a time and moves the clock to its time', () => {
    const k = new Kernel({ seed: 1 });
    const seen: [number, string][] = [];
    k.at(10, (a) => seen.push([k.now, a as string]), 'x');
    k.after(5, (a) => seen.push([k.now, a as string]), 'y');
    expect(k.now).toBe(0);
    expect(k.step()).toBe(true);
    expect(seen).toEqual([[5, 'y']]);
    expect(k.now).toBe(5);
    expect(k.step()).toBe(true);
    expect(seen).toEqual([[5, 'y'], [10, 'x']]);
    expect(k.now).toBe(10);
    expect(k.steps).toBe(2);
    expect(k.step()).toBe(false);
    expect(k.now).toBe(10);
    expect(k.steps).toBe(2);
  });

  it('after() is relative to the current event time', () => {
    const k = new Kernel({ seed: 1 });
    const seen: number[] = [];
    k.at(100, () => k.after(50, () => seen.push(k.now)));
    k.runUntilTime(1_000);
    expect(seen).toEqual([150]);
  });

  it('runUntilTime runs events up to and including the limit, then sets the clock to it', () => {
    const k = new Kernel({ seed: 1 });
    const seen: number[] = [];
    for (const t of [0, 10, 20, 20, 21]) k.at(t, () => seen.push(t));
    k.runUntilTime(20);
    expect(seen).toEqual([0, 10, 20, 20]);
    expect(k.now).toBe(20);
    expect(k.queue.length).toBe(1);
    k.runUntilTime(30);
    expect(seen).toEqual([0, 10, 20, 20, 21]);
    expect(k.now).toBe(30);
    // An empty queue still moves the clock; an earlier limit never moves it back.
    k.runUntilTime(40);
    expect(k.now).toBe(40);
    k.runUntilTime(35);
    expect(k.now).toBe(40);
  });

  it('runUntilTime runs events scheduled at the limit by events at the limit', () => {
    const k = new Kernel({ seed: 1 });
    const seen: string[] = [];
    k.at(10, () => { seen.push('a'); k.after(0, () => seen.push('b')); k.after(1, () => seen.push('c')); });
    k.runUntilTime(10);
    expect(seen).toEqual(['a', 'b']);
    expect(k.now).toBe(10);
  });

  it('runUntil stops as soon as the predicate holds (checked before each event)', () => {
    const k = new Kernel({ seed: 1 });
    let n = 0;
    for (let t = 1; t <= 10; t++) k.at(t * 10, () => n++);
    expect(k.runUntil(() => n === 3, 1_000)).toBe(true);
    expect(n).toBe(3);
    expect(k.now).toBe(30); // the clock stays at the event that made it hold
    expect(k.runUntil(() => n === 3, 1_000)).toBe(true); // already holds: runs nothing
    expect(n).toBe(3);
  });

  it('runUntil ends at the limit when the predicate never holds, and runs events exactly at the limit', () => {
    const k = new Kernel({ seed: 1 });
    const seen: number[] = [];
    for (const t of [5, 50, 100, 101]) k.at(t, () => seen.push(t));
    expect(k.runUntil(() => false, 100)).toBe(false);
    expect(seen).toEqual([5, 50, 100]);
    expect(k.now).toBe(100);
    expect(k.queue.length).toBe(1);
    // Empty queue: the clock still ends at the limit.
    const k2 = new Kernel({ seed: 1 });
    expect(k2.runUntil(() => false, 12_345)).toBe(false);
    expect(k2.now).toBe(12_345);
  });

  it('runUntil reports a predicate that the last event at the limit made true', () => {
    const k = new Kernel({ seed: 1 });
    let done = false;
    k.at(100, () => { done = true; });
    expect(k.runUntil(() => done, 100)).toBe(true);
    expect(k.now).toBe(100);
  });

  it('scheduling in the past or with a negative delay asserts', () => {
    const k = new Kernel({ seed: 1 });
    k.runUntilTime(100);
    expect(() => k.at(99, () => {})).toThrow(AssertionError);
    expect(() => k.after(-1, () => {})).toThrow(AssertionError);
    expect(() => k.at(Number.NaN, () => {})).toThrow(AssertionError);
    expect(() => k.after(Number.NaN, () => {})).toThrow(AssertionError);
    // The clock is integer microseconds: fractions and infinities are refused.
    for (const bad of [100.5, Number.POSITIVE_INFINITY]) expect(() => k.at(bad, () => {})).toThrow(AssertionError);
    for (const bad of [0.25, Number.POSITIVE_INFINITY]) expect(() => k.after(bad, () => {})).toThrow(AssertionError);
    expect(() => k.at(100, () => {})).not.toThrow(); // now itself is fine
  });

  it('cancel through the kernel: the event never runs', () => {
    const k = new Kernel({ seed: 1 });
    let ran = false;
    const id = k.after(10, () => { ran = true; });
    expect(k.cancel(id)).toBe(true);
    expect(k.cancel(id)).toBe(false);
    k.runUntilTime(100);
    expect(ran).toBe(false);
    expect(k.steps).toBe(0);
  });

  it('runUntilTime in random slices gives the same run as one call (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 10 }),
        (times, slices) => {
          const run = (limits: number[]) => {
            const k = new Kernel({ seed: 'x' });
            const seen: [number, number][] = [];
            // Every event re-schedules a child at a derived delay, so runs are not trivial.
            times.forEach((t, i) => k.at(t, () => {
              seen.push([k.now, i]);
              if (i % 3 === 0) k.after((t * 7) % 50, () => seen.push([k.now, -i - 1]));
            }));
            for (const l of limits) k.runUntilTime(l);
            return { seen, now: k.now, steps: k.steps };
          };
          const limits: number[] = [];
          let acc = 0;
          for (const s of slices) limits.push((acc += s));
          const total = limits[limits.length - 1]!;
          expect(run(limits)).toEqual(run([total]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
