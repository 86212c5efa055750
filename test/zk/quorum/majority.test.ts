// QuorumMaj: quorum sizes and tolerated failures per ensemble size, observers and
// strangers never counting, and the safety property (any two quorums share a voter).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuorumMaj, type QuorumMember } from '../../../engine/zk/quorum/index.ts';
import { bruteToleratedFailures, check, intersects, subsets } from './helpers.ts';

const voters = (...sids: number[]): QuorumMember[] => sids.map((sid) => ({ sid, type: 'participant' }));
const observers = (...sids: number[]): QuorumMember[] => sids.map((sid) => ({ sid, type: 'observer' }));
const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('QuorumMaj', () => {
  it.each([
    // N, quorumSize = floor(N/2)+1, toleratedFailures = ceil(N/2)-1
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
    [6, 4, 2],
    [7, 4, 3],
  ])('%i voters: quorum size %i, tolerates %i failures', (n, quorumSize, tolerated) => {
    const qv = new QuorumMaj(voters(...range(n)));
    expect(qv.quorumSize).toBe(quorumSize);
    expect(qv.toleratedFailures).toBe(tolerated);
    expect(qv.describe()).toEqual({
      kind: 'majority', voters: range(n), observers: [], quorumSize, toleratedFailures: tolerated,
    });
    expect(qv.containsQuorum(range(quorumSize))).toBe(true);
    expect(qv.containsQuorum(range(quorumSize - 1))).toBe(false);
    expect(bruteToleratedFailures(qv)).toBe(tolerated);
  });

  it('a 2–2 split of four voters has no quorum on either side', () => {
    const qv = new QuorumMaj(voters(1, 2, 3, 4));
    expect(qv.containsQuorum(new Set([1, 2]))).toBe(false);
    expect(qv.containsQuorum(new Set([3, 4]))).toBe(false);
  });

  it('observers never count and do not change the quorum size', () => {
    const qv = new QuorumMaj([...voters(1, 2, 3), ...observers(4, 5)]);
    expect(qv.votingMembers()).toEqual([1, 2, 3]);
    expect(qv.observers()).toEqual([4, 5]);
    expect(qv.quorumSize).toBe(2);
    expect(qv.containsQuorum([1, 4, 5])).toBe(false);
    expect(qv.containsQuorum([1, 2])).toBe(true);
    expect(qv.weight(4)).toBe(0);
    expect(qv.isVoter(4)).toBe(false);
    expect(qv.describe()).toMatchObject({ voters: [1, 2, 3], observers: [4, 5], quorumSize: 2, toleratedFailures: 1 });
  });

  it('unknown sids and duplicates never count; any iterable is accepted', () => {
    const qv = new QuorumMaj(voters(1, 2, 3));
    expect(qv.containsQuorum([1, 1, 1])).toBe(false);
    expect(qv.containsQuorum([1, 9, 10, 11])).toBe(false);
    expect(qv.containsQuorum(new Set([3, 1]))).toBe(true);
    expect(qv.containsQuorum((function* () { yield 2; yield 3; })())).toBe(true);
    expect(qv.containsQuorum([])).toBe(false);
    expect(qv.weight(1)).toBe(1);
    expect(qv.weight(9)).toBe(0);
  });

  it('an empty ensemble never has a quorum', () => {
    const qv = new QuorumMaj(observers(1));
    expect(qv.containsQuorum([1])).toBe(false);
    expect(qv.describe()).toMatchObject({ quorumSize: 1, toleratedFailures: -1 });
  });

  it('rejects duplicate and malformed sids', () => {
    expect(() => new QuorumMaj(voters(1, 1))).toThrow(/duplicate sid 1/);
    expect(() => new QuorumMaj(voters(-1))).toThrow(/bad sid/);
    expect(() => new QuorumMaj(voters(1.5))).toThrow(/bad sid/);
  });

  const ensemble = fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }))
    .map(([n, o]) => ({ voters: range(n), observers: range(o, n + 1) }));

  it('any two quorums intersect in a voter; only voters matter (property, exhaustive per ensemble)', () => {
    fc.assert(
      fc.property(ensemble.filter((e) => e.voters.length <= 7), (e) => {
        const qv = new QuorumMaj([...voters(...e.voters), ...observers(...e.observers)]);
        for (const s of subsets([...e.voters, ...e.observers, 99])) {
          const voterPart = s.filter((sid) => e.voters.includes(sid));
          check(qv.containsQuorum(s) === qv.containsQuorum(voterPart), `observers/strangers changed the answer for ${s}`);
        }
        const quorums = subsets(e.voters).filter((s) => qv.containsQuorum(s));
        check(qv.containsQuorum(e.voters), 'all voters must be a quorum');
        for (const a of quorums) for (const b of quorums) check(intersects(a, b), `disjoint quorums ${a} / ${b}`);
      }),
      { numRuns: 60 },
    );
  });

  it('is monotone and matches brute-force fault tolerance (property)', () => {
    fc.assert(
      fc.property(ensemble, fc.array(fc.integer({ min: 0, max: 14 })), fc.array(fc.integer({ min: 0, max: 14 })), (e, a, b) => {
        const qv = new QuorumMaj([...voters(...e.voters), ...observers(...e.observers)]);
        if (qv.containsQuorum(a)) check(qv.containsQuorum([...a, ...b]), 'superset of a quorum must be a quorum');
        check(bruteToleratedFailures(qv) === qv.toleratedFailures, 'toleratedFailures');
      }),
      { numRuns: 200 },
    );
  });
});
