// Seeded random streams: independence, determinism, and the integer API's ranges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random, RandomStreams } from '../../engine/kernel/random.ts';
import { AssertionError } from '../../engine/kernel/assert.ts';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.uint32());

describe('RandomStreams', () => {
  it('seed and label cannot be confused: a label with "/" is refused, so "a/x"+"b" and "a"+"x/b" never share a stream', () => {
    expect(() => new RandomStreams('a').stream('x/b')).toThrow(/must not contain "\/"/);
    expect(draws(new RandomStreams('a/x').stream('b'), 4)).not.toEqual(draws(new RandomStreams('a').stream('x|b'), 4));
  });

  it('chance takes integers only', () => {
    const r = new RandomStreams('1').stream('t');
    for (const [n, d] of [[0.5, 1], [1, 2.5], [1, 0], [-1, 3], [Number.NaN, 2]]) expect(() => r.chance(n!, d!)).toThrow(AssertionError);
  });

  it('draws from one stream never shift another (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }).map((l) => l.replaceAll('/', '|')),
        fc.string({ maxLength: 12 }).map((l) => l.replaceAll('/', '|')),
        fc.string({ maxLength: 8 }),
        fc.array(fc.nat({ max: 50 }), { maxLength: 6 }),
        fc.nat({ max: 30 }),
        (labelA, labelB, seed, bursts, nB) => {
          fc.pre(labelA !== labelB);
          // B alone.
          const alone = draws(new RandomStreams(seed).stream(labelB), nB * (bursts.length + 1));
          // B interleaved with bursts of A, and A created first.
          const rs = new RandomStreams(seed);
          const a = rs.stream(labelA);
          const b = rs.stream(labelB);
          const mixed: number[] = [];
          for (const burst of bursts) {
            draws(a, burst);
            a.int(1 + burst * 1_000_003); // also the other draw paths
            a.shuffle([1, 2, 3]);
            mixed.push(...draws(b, nB));
          }
          mixed.push(...draws(b, nB));
          expect(mixed).toEqual(alone);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stream(label) returns the same object; named getters are streams', () => {
    const rs = new RandomStreams('s');
    expect(rs.stream('net')).toBe(rs.net);
    expect(rs.stream('disk')).toBe(rs.disk);
    expect(rs.stream('faults')).toBe(rs.faults);
    expect(rs.stream('workload')).toBe(rs.workload);
    expect(rs.stream('node:3')).toBe(rs.node(3));
    expect(rs.node(3).label).toBe('node:3');
  });

  it('same seed and label give the same sequence', () => {
    const x = draws(new RandomStreams('seed-1').stream('net'), 100);
    const y = draws(new RandomStreams('seed-1').stream('net'), 100);
    expect(x).toEqual(y);
    expect(draws(new Random('net', '42'), 10)).toEqual(draws(new RandomStreams('42').stream('net'), 10));
  });

  it('different labels or seeds give different sequences', () => {
    const rs = new RandomStreams('seed-1');
    const seqs = ['net', 'disk', 'faults', 'workload', 'node:1', 'node:2', 'node:10'].map((l) => draws(rs.stream(l), 8).join(','));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(draws(new RandomStreams('seed-2').net, 8)).not.toEqual(draws(new RandomStreams('seed-1').net, 8));
  });
});

describe('Random', () => {
  it('uint32 is an unsigned 32-bit integer', () => {
    const r = new Random('t', 's');
    for (let i = 0; i < 2_000; i++) {
      const x = r.uint32();
      if (!(Number.isInteger(x) && x >= 0 && x < 2 ** 32)) expect.fail(`bad uint32 ${x}`);
    }
  });

  it('int(n) stays in [0, n), also for n above 2^32 (property)', () => {
    const bound = fc.oneof(
      fc.integer({ min: 1, max: 1_000 }),
      fc.integer({ min: 1, max: 2 ** 32 }),
      fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 3, 2 ** 53 - 1, 3 * 2 ** 50),
      fc.maxSafeNat().filter((n) => n >= 1),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), bound, (seed, n) => {
        const r = new Random('int', seed);
        for (let i = 0; i < 50; i++) {
          const x = r.int(n);
          if (!(Number.isSafeInteger(x) && x >= 0 && x < n)) throw new Error(`int(${n}) gave ${x}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('int(n) above 2^32 reaches values above 2^32 (uses the high bits)', () => {
    const r = new Random('big', 's');
    const n = 2 ** 40;
    const xs = Array.from({ length: 200 }, () => r.int(n));
    expect(xs.some((x) => x >= 2 ** 32)).toBe(true);
    expect(xs.some((x) => x >= n / 2)).toBe(true);
    expect(xs.some((x) => x < n / 2)).toBe(true);
  });

  it('int(1) is 0; small bounds cover every value', () => {
    const r = new Random('small', 's');
    for (let i = 0; i < 20; i++) expect(r.int(1)).toBe(0);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('int rejects bad bounds', () => {
    const r = new Random('bad', 's');
    for (const n of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53 + 2]) expect(() => r.int(n)).toThrow(AssertionError);
  });

  it('between(lo, hi) is inclusive', () => {
    const r = new Random('between', 's');
    const seen = new Set(Array.from({ length: 400 }, () => r.between(-2, 2)));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    expect(r.between(5, 5)).toBe(5);
    expect(() => r.between(3, 2)).toThrow(AssertionError);
  });

  it('chance(0, d) never, chance(d, d) always, and draws nothing in those cases (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), fc.integer({ min: 1, max: 2 ** 40 }), (seed, d) => {
        const r = new Random('chance', seed);
        const ref = new Random('chance', seed);
        for (let i = 0; i < 20; i++) {
          if (r.chance(0, d)) throw new Error(`chance(0, ${d}) was true`);
          if (!r.chance(d, d)) throw new Error(`chance(${d}, ${d}) was false`);
        }
        expect(r.uint32()).toBe(ref.uint32());
      }),
      { numRuns: 200 },
    );
    expect(() => new Random('c', 's').chance(1, 0)).toThrow(AssertionError);
    expect(() => new Random('c', 's').chance(-1, 2)).toThrow(AssertionError);
  });

  it('chance(1, 2) is roughly fair', () => {
    const r = new Random('fair', 's');
    let yes = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(1, 2)) yes++;
    expect(yes).toBeGreaterThan(4_700);
    expect(yes).toBeLessThan(5_300);
  });

  it('shuffle is a permutation, in place (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), fc.array(fc.integer(), { maxLength: 60 }), (seed, xs) => {
        const r = new Random('shuffle', seed);
        const copy = xs.slice();
        const out = r.shuffle(copy);
        expect(out).toBe(copy);
        expect(out.slice().sort((a, b) => a - b)).toEqual(xs.slice().sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('shuffle reaches every permutation of 3 items', () => {
    const r = new Random('perm', 's');
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(r.shuffle(['a', 'b', 'c']).join(''));
    expect(seen.size).toBe(6);
  });

  it('pick returns an element and rejects an empty list', () => {
    const r = new Random('pick', 's');
    for (let i = 0; i < 50; i++) expect(['x', 'y', 'z']).toContain(r.pick(['x', 'y', 'z']));
    expect(() => r.pick([])).toThrow(AssertionError);
  });
});
