// Seeded randomness. A run has one seed; every consumer draws from a named stream whose
// state is derived from (seed, label) alone, so extra draws from one stream never shift
// another (e.g. more workload never changes the network's latencies). The API is
// integer-only so that Node and every browser make the same decisions.
import seedrandom from 'seedrandom';
import { assert, fail } from './assert.ts';

const TWO_32 = 0x1_0000_0000;

export class Random {
  private readonly next32: () => number;

  constructor(readonly label: string, seed: string) {
    // "seed/label" is unambiguous only while labels have no "/": seed "a/x" with label "b"
    // must not share a stream with seed "a" and label "x/b".
    if (label.includes('/')) fail(`Random: stream label "${label}" must not contain "/"`);
    const prng = seedrandom.alea(`${seed}/${label}`);
    this.next32 = () => prng.int32() >>> 0;
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return this.next32();
  }

  /** Uniform integer in [0, n), unbiased, for 1 <= n <= 2^53. */
  int(n: number): number {
    if (!(Number.isSafeInteger(n) && n >= 1)) fail(`Random.int: bad bound ${n}`);
    if (n <= TWO_32) {
      // Rejection sampling keeps the result unbiased for any n.
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = this.next32();
        if (x < limit) return x % n;
      }
    }
    for (;;) {
      const hi = this.next32() & 0x1f_ffff; // 21 bits
      const x = hi * TWO_32 + this.next32(); // 53 bits
      const limit = 2 ** 53 - (2 ** 53 % n);
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [lo, hi], inclusive. */
  between(lo: number, hi: number): number {
    if (!(hi >= lo)) fail(`Random.between: ${lo} > ${hi}`);
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability num/den. */
  chance(num: number, den: number): boolean {
    if (!(Number.isSafeInteger(num) && Number.isSafeInteger(den) && den > 0 && num >= 0)) fail(`Random.chance: bad ${num}/${den} (integers, den > 0)`);
    if (num <= 0) return false;
    if (num >= den) return true;
    return this.int(den) < num;
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'Random.pick: empty list');
    return items[this.int(items.length)]!;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}

/** The named streams of one run. `stream(label)` always returns the same object per label. */
export class RandomStreams {
  private readonly streams = new Map<string, Random>();

  constructor(readonly seed: string) {}

  stream(label: string): Random {
    let r = this.streams.get(label);
    if (!r) {
      r = new Random(label, this.seed);
      this.streams.set(label, r);
    }
    return r;
  }

  get net(): Random { return this.stream('net'); }
  get disk(): Random { return this.stream('disk'); }
  get faults(): Random { return this.stream('faults'); }
  get workload(): Random { return this.stream('workload'); }
  node(id: number): Random { return this.stream(`node:${id}`); }
}
