// totalOrderPredicate as in ZooKeeper 3.8 (epoch, then zxid, then sid; weight 0 never wins),
// where it departs from the "zxid then myid" folklore, and the pre-ZOOKEEPER-1419 variant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalOrderPredicate, type DecidedBy } from '../../../engine/zk/election/totalOrderPredicate.ts';
import { LONG_MIN, zxid } from '../../../engine/zk/zxid.ts';

type Row = [string, [number, number, number], [number, number, number], number, boolean, DecidedBy];
// [why, new (id, zxid, epoch), current (id, zxid, epoch), weightOfNew, wins, decidedBy]
const table: Row[] = [
  ['higher epoch wins', [1, zxid(1, 5), 2], [3, zxid(1, 5), 1], 1, true, 'epoch'],
  ['folklore ≠ ZK: higher peerEpoch beats a HIGHER zxid', [1, zxid(1, 2), 2], [3, zxid(1, 9), 1], 1, true, 'epoch'],
  ['folklore ≠ ZK: higher zxid loses to a higher peerEpoch', [3, zxid(1, 9), 1], [1, zxid(1, 2), 2], 1, false, 'epoch'],
  ['folklore ≠ ZK: currentEpoch above epoch(lastZxid) wins (acked NEWLEADER, no txn yet)', [1, zxid(1, 3), 2], [2, zxid(1, 7), 1], 1, true, 'epoch'],
  ['same epoch: higher zxid wins', [1, zxid(1, 6), 1], [3, zxid(1, 5), 1], 1, true, 'zxid'],
  ['same epoch: lower zxid loses even with higher sid', [3, zxid(1, 4), 1], [1, zxid(1, 5), 1], 1, false, 'zxid'],
  ['same epoch and zxid: higher sid wins', [3, zxid(1, 5), 1], [2, zxid(1, 5), 1], 1, true, 'sid'],
  ['same epoch and zxid: lower sid loses', [2, zxid(1, 5), 1], [3, zxid(1, 5), 1], 1, false, 'sid'],
  ['identical votes: no change', [2, zxid(1, 5), 1], [2, zxid(1, 5), 1], 1, false, 'equal'],
  ['weight 0 never wins, even with a higher epoch', [3, zxid(9, 9), 9], [1, 0, 0], 0, false, 'weight'],
  ['weight 0 never wins against an observer vote', [3, 0, 0], [LONG_MIN, LONG_MIN, LONG_MIN], 0, false, 'weight'],
  ['any real vote beats the observer vote (Long.MIN_VALUE ×3)', [1, 0, 0], [LONG_MIN, LONG_MIN, LONG_MIN], 1, true, 'epoch'],
  ['fresh ensemble: all zero, sid decides', [3, 0, 0], [1, 0, 0], 1, true, 'sid'],
  ['empty server (-1 zxid) loses to zxid 0', [3, -1, 0], [1, 0, 0], 1, false, 'zxid'],
];

describe('totalOrderPredicate (ZK 3.8)', () => {
  it.each(table)('%s', (_why, nw, cur, weight, wins, decidedBy) => {
    expect(totalOrderPredicate(nw[0], nw[1], nw[2], cur[0], cur[1], cur[2], weight)).toEqual({ wins, decidedBy });
  });

  const voteArb = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
  const beats = (a: number[], b: number[]) => totalOrderPredicate(a[0]!, a[1]!, a[2]!, b[0]!, b[1]!, b[2]!, 1).wins;

  it('is a strict total order on (epoch, zxid, sid): exactly one of two distinct votes beats the other', () => {
    fc.assert(fc.property(voteArb, voteArb, (a, b) => {
      const same = a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
      expect(Number(beats(a, b)) + Number(beats(b, a))).toBe(same ? 0 : 1);
    }));
  });

  it('is transitive', () => {
    fc.assert(fc.property(voteArb, voteArb, voteArb, (a, b, c) => {
      if (beats(a, b) && beats(b, c)) expect(beats(a, c)).toBe(true);
    }));
  });

  it('agrees with lexicographic comparison of (peerEpoch, zxid, sid)', () => {
    fc.assert(fc.property(voteArb, voteArb, (a, b) => {
      const lex = a[2] !== b[2] ? a[2] > b[2] : a[1] !== b[1] ? a[1] > b[1] : a[0] > b[0];
      expect(beats(a, b)).toBe(lex);
    }));
  });
});

describe('totalOrderPredicate with bug ZOOKEEPER-1419', () => {
  const buggy = (a: number[], b: number[]) => totalOrderPredicate(a[0]!, a[1]!, a[2]!, b[0]!, b[1]!, b[2]!, 1, true);

  it('equal zxids, different epochs: (lower epoch, higher sid) and (higher epoch) beat each other', () => {
    const lowEpochHighSid = [5, zxid(1, 3), 1];
    const highEpoch = [2, zxid(1, 3), 2];
    expect(buggy(lowEpochHighSid, highEpoch)).toEqual({ wins: true, decidedBy: 'sid' });
    expect(buggy(highEpoch, lowEpochHighSid)).toEqual({ wins: true, decidedBy: 'epoch' });
    // The fixed predicate is consistent.
    expect(totalOrderPredicate(5, zxid(1, 3), 1, 2, zxid(1, 3), 2, 1).wins).toBe(false);
  });

  it('still refuses weight 0 and agrees with the fix when epochs are equal', () => {
    expect(totalOrderPredicate(5, 0, 0, 1, 0, 0, 0, true)).toEqual({ wins: false, decidedBy: 'weight' });
    fc.assert(fc.property(
      fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 })),
      fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 })),
      fc.integer({ min: 0, max: 3 }),
      (a, b, e) => {
        expect(buggy([a[0], a[1], e], [b[0], b[1], e])).toEqual(totalOrderPredicate(a[0], a[1], e, b[0], b[1], e, 1));
      },
    ));
  });
});
