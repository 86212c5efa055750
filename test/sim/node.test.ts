// NodeHost: named timers in the node's (drifting) time, crash and restart, incarnations.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AssertionError } from '../../engine/kernel/assert.ts';
import { Lab, check, msg, runs } from './harness.ts';

describe('NodeHost timers', () => {
  it('timers fire at the right virtual time', () => {
    const lab = new Lab({ seed: 1 }, [1]);
    lab.hooks.set(1, {
      start: (ctx) => {
        ctx.setTimer('tick', 2_000_000);
        ctx.setTimer('zero', 0);
        ctx.setTimer('frac', 10.4); // rounded to whole µs
      },
    });
    lab.sim.restart(1); // no-op while up
    lab.crash(1);
    lab.sim.restart(1);
    lab.sim.kernel.runUntilTime(10_000_000);
    const fired = lab.of('timer').map((e) => [e.key, e.t]);
    expect(fired).toEqual([['zero', 0], ['frac', 10], ['tick', 2_000_000]]);
  });

  it('timers keyed the same in a random schedule: re-arming replaces, cancelled never fire (property)', () => {
    type Op = { dt: number; key: number; kind: 'set' | 'cancel'; delay: number };
    const opArb: fc.Arbitrary<Op> = fc.record({
      dt: fc.nat({ max: 1_000 }),
      key: fc.nat({ max: 3 }),
      kind: fc.constantFrom('set' as const, 'set' as const, 'cancel' as const),
      delay: fc.nat({ max: 3_000 }),
    });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60, size: 'large' }), (ops) => {
        const lab = new Lab({ seed: 1 }, [1]);
        const ctx = lab.ctx(1);
        // Reference: the one pending deadline per key.
        const deadline = new Map<string, number>();
        const expected: [string, number][] = [];
        let t = 0;
        for (const op of ops) {
          t += op.dt;
          const key = `k${op.key}`;
          // Let everything due strictly before t fire first (ties: set before fire is fine either way).
          lab.sim.kernel.runUntilTime(t);
          for (const [k, d] of [...deadline]) if (d <= t) { expected.push([k, d]); deadline.delete(k); }
          if (op.kind === 'set') {
            ctx.setTimer(key, op.delay);
            deadline.set(key, t + op.delay);
          } else {
            ctx.cancelTimer(key);
            deadline.delete(key);
          }
          check(ctx.hasTimer(key) === deadline.has(key), `hasTimer(${key})`);
          if (op.delay === 0 && op.kind === 'set') {
            // A zero-delay timer is due now; run it so the reference and the host agree.
            lab.sim.kernel.runUntilTime(t);
            expected.push([key, t]);
            deadline.delete(key);
          }
        }
        lab.sim.kernel.runUntilTime(t + 10_000);
        for (const [k, d] of [...deadline].sort((a, b) => a[1] - b[1])) expected.push([k, d]);
        const got = lab.of('timer').map((e): [string, number] => [e.key, e.t]);
        const order = (xs: [string, number][]) => xs.slice().sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
        expect(order(got)).toEqual(order(expected));
        expect(lab.sim.node(1).hasTimer('k0') || lab.sim.node(1).hasTimer('k1')).toBe(false);
      }),
      { numRuns: runs(150) },
    );
  });

  it('re-arming a key replaces it; cancelled timers never fire', () => {
    const lab = new Lab({ seed: 1 }, [1]);
    const ctx = lab.ctx(1);
    ctx.setTimer('a', 1_000);
    ctx.setTimer('a', 5_000); // replaces
    ctx.setTimer('b', 2_000);
    ctx.cancelTimer('b');
    ctx.cancelTimer('never-set'); // harmless
    expect(ctx.hasTimer('a')).toBe(true);
    expect(ctx.hasTimer('b')).toBe(false);
    lab.sim.kernel.runUntilTime(4_999);
    expect(lab.of('timer')).toEqual([]);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('timer').map((e) => [e.key, e.t])).toEqual([['a', 5_000]]);
    expect(ctx.hasTimer('a')).toBe(false);
  });

  it('a timer re-armed from its own handler fires again', () => {
    const lab = new Lab({ seed: 1 }, [1]);
    let n = 0;
    lab.hooks.set(1, { onTimer: (ctx, key) => { if (++n < 3) ctx.setTimer(key, 100); } });
    lab.ctx(1).setTimer('tick', 100);
    lab.sim.kernel.runUntilTime(10_000);
    expect(lab.of('timer').map((e) => e.t)).toEqual([100, 200, 300]);
  });

  it('a bad delay asserts', () => {
    const lab = new Lab({ seed: 1 }, [1]);
    expect(() => lab.ctx(1).setTimer('x', -1)).toThrow(AssertionError);
    expect(() => lab.ctx(1).setTimer('x', Number.NaN)).toThrow(AssertionError);
    expect(() => lab.ctx(1).setTimer('x', Infinity)).toThrow(AssertionError);
  });
});

describe('NodeHost crash and restart', () => {
  it('a crash cancels all timers and no event reaches the old incarnation', () => {
    const lab = new Lab({ seed: 2, net: { latency: { kind: 'uniform', minUs: 100, maxUs: 900 } }, fsyncLatency: { kind: 'fixed', us: 1_000 } }, [1, 2]);
    const conn = lab.connect(1, 2);
    const ctx1 = lab.ctx(1);
    ctx1.setTimer('election', 500);
    ctx1.setTimer('ping', 5_000);
    ctx1.disk.append('log', msgBytes('x'));
    ctx1.disk.fsync('log', 'sync');
    ctx1.connect(2, 'second', 10_000);
    lab.ctx(2).send(conn, msg('to-old'));
    const logAtCrash = lab.log.length;
    lab.crash(1);
    expect(ctx1.hasTimer('election')).toBe(false);
    expect(ctx1.hasTimer('ping')).toBe(false);
    lab.sim.kernel.runUntilTime(lab.sim.now + 500); // the connect attempt is still under way
    lab.sim.restart(1);
    lab.sim.kernel.runUntilTime(lab.sim.now + 100_000);
    expect(lab.stale).toEqual([]);
    // Nothing reached node 1 after the crash, in either incarnation, except the new start:
    // no timer, no fsync completion, no message, no answer to the old connect.
    expect(lab.log.slice(logAtCrash).filter((e) => e.node === 1).map((e) => [e.kind, e.inc])).toEqual([['start', 2]]);
    expect(lab.of('close', 2).map((e) => e.reason)).toEqual(['eof']);
  });

  it('restart calls start() on a fresh Process object, with a fresh timer set', () => {
    const lab = new Lab({ seed: 3 }, [1]);
    const first = lab.current(1)!;
    lab.ctx(1).setTimer('t', 1_000);
    lab.crash(1);
    expect(lab.sim.node(1).process).toBeUndefined();
    expect(lab.sim.isUp(1)).toBe(false);
    lab.sim.restart(1);
    const second = lab.current(1)!;
    expect(second).not.toBe(first);
    expect(lab.sim.node(1).process).toBe(second);
    expect(second.inc).toBe(2);
    expect(lab.sim.node(1).incarnation).toBe(2);
    expect(lab.of('start', 1).map((e) => e.inc)).toEqual([1, 2]);
    expect(lab.ctx(1).hasTimer('t')).toBe(false);
    lab.sim.kernel.runUntilTime(10_000);
    expect(lab.of('timer')).toEqual([]);
    // A crash of a node that is down is a no-op; a start of a node that is up too.
    lab.crash(1);
    lab.crash(1);
    lab.sim.start(1);
    lab.sim.start(1);
    expect(lab.of('start', 1).map((e) => e.inc)).toEqual([1, 2, 3]);
    expect(() => lab.sim.node(1).start()).toThrow(AssertionError);
  });
});

describe('NodeHost clock drift', () => {
  it('with +100000 ppm (10% fast) a 1 s local timer fires after ~909091 µs and now() runs 10% faster', () => {
    const lab = new Lab({ seed: 4 }, [1]);
    const host = lab.sim.node(1);
    lab.sim.kernel.runUntilTime(1_000_000);
    host.setDrift(100_000);
    const local0 = host.now();
    expect(local0).toBe(1_000_000); // setting the drift does not jump the clock
    host.setTimer('t', 1_000_000);
    lab.sim.kernel.runUntilTime(3_000_000);
    const [fired] = lab.of('timer');
    expect(fired!.t - 1_000_000).toBe(909_091);
    expect(fired!.local - local0).toBeGreaterThanOrEqual(1_000_000);
    expect(fired!.local - local0).toBeLessThanOrEqual(1_000_001);
    // now() advances 10% faster than virtual time.
    expect(host.now() - local0).toBe(2_200_000);
  });

  it('with -100000 ppm (10% slow) a 1 s local timer fires after ~1111112 µs', () => {
    const lab = new Lab({ seed: 5 }, [1]);
    const host = lab.sim.node(1);
    host.setDrift(-100_000);
    host.setTimer('t', 1_000_000);
    lab.sim.kernel.runUntilTime(3_000_000);
    const [fired] = lab.of('timer');
    expect(fired!.t).toBe(1_111_112);
    expect(fired!.local).toBe(1_000_000);
  });

  it('a drifting local clock is monotonic and fires timers at their local deadline, also when the drift changes while they wait (property)', () => {
    const ppmArb = fc.integer({ min: -900_000, max: 999_999 }); // down to 10x slow, so the run below covers every deadline
    fc.assert(
      fc.property(
        ppmArb,
        fc.array(fc.record({ dt: fc.nat({ max: 3_000_000 }), delay: fc.nat({ max: 5_000_000 }), drift: fc.option(ppmArb) }), { minLength: 1, maxLength: 20 }),
        (ppm, steps) => {
          const lab = new Lab({ seed: 6 }, [1]);
          const host = lab.sim.node(1);
          host.setDrift(ppm);
          let fastest = ppm;
          const deadlines: { key: string; local: number }[] = [];
          let t = 0;
          let lastLocal = host.now();
          steps.forEach((s, i) => {
            t += s.dt;
            lab.sim.kernel.runUntilTime(t);
            const local = host.now();
            check(local >= lastLocal, `local clock went back: ${lastLocal} -> ${local}`);
            lastLocal = local;
            if (s.drift !== null) {
              host.setDrift(s.drift);
              fastest = Math.max(fastest, s.drift);
              check(host.now() === local, 'setting the drift moved the clock');
            }
            host.setTimer(`k${i}`, s.delay);
            deadlines.push({ key: `k${i}`, local: local + s.delay });
          });
          lab.sim.kernel.runUntilTime(t + 60_000_000);
          // Fires at its local deadline, give or take the rounding of one virtual µs.
          const slack = Math.ceil((1_000_000 + fastest) / 1_000_000) + 1;
          for (const e of lab.of('timer')) {
            const d = deadlines.find((x) => x.key === e.key)!;
            check(e.local >= d.local && e.local <= d.local + slack, `${e.key}: local deadline ${d.local}, fired at local ${e.local}`);
          }
          expect(lab.of('timer').length).toBe(steps.length);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('a timer armed before the drift changes fires at its local deadline under the new rate', () => {
    const lab = new Lab({ seed: 8 }, [1]);
    const host = lab.sim.node(1);
    host.setTimer('t', 1_000_000);
    lab.sim.kernel.runUntilTime(500_000);
    host.setDrift(100_000); // the remaining 500 ms of local time pass in 454,546 µs
    lab.sim.kernel.runUntilTime(3_000_000);
    const [fired] = lab.of('timer');
    expect(fired!.t).toBe(954_546);
    expect(fired!.local).toBe(1_000_000);
  });

  it('setDrift rejects out-of-range values', () => {
    const lab = new Lab({ seed: 7 }, [1]);
    for (const bad of [1_000_000, -1_000_000, 0.5, Number.NaN]) expect(() => lab.sim.node(1).setDrift(bad)).toThrow(AssertionError);
  });
});

function msgBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
