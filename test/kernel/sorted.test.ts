// Sorted zxid lists: bisection agrees with a linear scan, insert/remove keep order and no duplicates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countUpTo, hasSorted, insertSorted, removeSorted } from '../../engine/kernel/sorted.ts';

describe('sorted lists', () => {
  it('insert and remove in any order match a sorted set; searches match a scan', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }))), fc.integer({ min: -1, max: 41 }), (ops, probe) => {
      const xs: number[] = [];
      const set = new Set<number>();
      for (const [add, x] of ops) {
        if (add) { insertSorted(xs, x); set.add(x); } else { removeSorted(xs, x); set.delete(x); }
      }
      expect(xs).toEqual([...set].sort((a, b) => a - b));
      expect(countUpTo(xs, probe)).toBe(xs.filter((x) => x <= probe).length);
      expect(hasSorted(xs, probe)).toBe(set.has(probe));
    }));
  });
});
