// QuorumHierarchical: ZooKeeper's group/weight rule on worked examples (including the
// configurations of ZooKeeper's own HierarchicalQuorumTest and FLEZeroWeightTest), the
// constructor's refusals, and properties: any two quorums intersect, fault tolerance
// matches brute force, and degenerate shapes collapse to QuorumMaj.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  QuorumHierarchical, QuorumMaj, type HierarchicalGroup, type QuorumMember,
} from '../../../engine/zk/quorum/index.ts';
import { bruteToleratedFailures, check, intersects, subsets } from './helpers.ts';

const voters = (...sids: number[]): QuorumMember[] => sids.map((sid) => ({ sid, type: 'participant' }));
const observers = (...sids: number[]): QuorumMember[] => sids.map((sid) => ({ sid, type: 'observer' }));

/**
 * ZooKeeper's QuorumHierarchical.containsQuorum transcribed with Java semantics (long
 * division truncates toward zero) and no validation: used to show what ZooKeeper would
 * do with inputs our constructor refuses.
 */
function zkContainsQuorum(groups: HierarchicalGroup[], weight: (sid: number) => number, set: number[]): boolean {
  const groupWeight = groups.map((g) => g.members.reduce((a, s) => a + weight(s), 0));
  const numGroups = groupWeight.filter((w) => w !== 0).length;
  let maj = 0;
  groups.forEach((g, i) => {
    const share = set.filter((s) => g.members.includes(s)).reduce((a, s) => a + weight(s), 0);
    if (set.some((s) => g.members.includes(s)) && share > Math.trunc(groupWeight[i]! / 2)) maj++;
  });
  return set.length > 0 && maj > Math.trunc(numGroups / 2);
}

describe('QuorumHierarchical', () => {
  const nine = new QuorumHierarchical({
    members: voters(1, 2, 3, 4, 5, 6, 7, 8, 9),
    groups: [{ gid: 1, members: [1, 2, 3] }, { gid: 2, members: [4, 5, 6] }, { gid: 3, members: [7, 8, 9] }],
  });

  it.each([
    [[1, 2, 4, 5], true, 'two groups agree'],
    [[1, 2, 3, 4, 7], false, 'one group agrees, two have a minority'],
    [[1, 2, 3, 4, 5, 6], true, 'two whole groups'],
    [[1, 4, 7, 2, 5], true, 'groups 1 and 2 by 2 of 3'],
    [[1, 4, 7], false, 'one member per group'],
    [[], false, 'empty set'],
  ])('three groups of three: %j → %s (%s)', (set, expected) => {
    expect(nine.containsQuorum(set)).toBe(expected);
  });

  it('three groups of three: 4 servers can be a quorum and 3 failures are tolerated', () => {
    expect(nine.describe()).toMatchObject({ kind: 'hierarchical', groupsNeeded: 2, toleratedFailures: 3 });
    expect(bruteToleratedFailures(nine)).toBe(3);
  });

  it('one group weighted 2,1,1,1 turns a 2–2 split into "the heavy side wins"', () => {
    // Total weight 5, floor(5/2) = 2: a side needs weight ≥ 3.
    const qv = new QuorumHierarchical({
      members: voters(1, 2, 3, 4),
      groups: [{ gid: 1, members: [1, 2, 3, 4] }],
      weights: { 1: 2 },
    });
    expect(qv.containsQuorum([1, 2])).toBe(true); // 2+1 = 3 > 2
    expect(qv.containsQuorum([3, 4])).toBe(false); // 1+1 = 2, not > 2
    expect(qv.containsQuorum([1])).toBe(false); // 2, not > 2
    expect(qv.containsQuorum([2, 3, 4])).toBe(true); // 3 > 2
    expect(qv.weight(1)).toBe(2);
    expect(qv.weight(2)).toBe(1);
    expect(qv.describe()).toEqual({
      kind: 'hierarchical', voters: [1, 2, 3, 4], observers: [],
      groups: [{ gid: 1, members: [1, 2, 3, 4], weight: 5, quorumWeight: 3, counted: true }],
      weights: { 1: 2, 2: 1, 3: 1, 4: 1 }, groupsNeeded: 1, toleratedFailures: 1,
    });
    expect(bruteToleratedFailures(qv)).toBe(1);
  });

  it('weight-0 groups are not counted (ZooKeeper HierarchicalQuorumTest config)', () => {
    // group.1=1:2:3 group.2=4:5 weight.4=0 weight.5=0: only group 1 counts.
    const qv = new QuorumHierarchical({
      members: voters(1, 2, 3, 4, 5),
      groups: [{ gid: 1, members: [1, 2, 3] }, { gid: 2, members: [4, 5] }],
      weights: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 0 },
    });
    expect(qv.numGroups).toBe(1);
    expect(qv.containsQuorum([1, 2])).toBe(true);
    expect(qv.containsQuorum([1, 4, 5])).toBe(false);
    expect(qv.containsQuorum([3, 4, 5])).toBe(false);
    expect(qv.weight(4)).toBe(0);
    expect(qv.isVoter(4)).toBe(true);
    expect(qv.describe().groups[1]).toEqual({ gid: 2, members: [4, 5], weight: 0, quorumWeight: 0, counted: false });
    expect(qv.describe().toleratedFailures).toBe(1);
  });

  it('FLEZeroWeightTest config (sids 0..8, two weight-0 groups): only group 1 decides', () => {
    const qv = new QuorumHierarchical({
      members: voters(0, 1, 2, 3, 4, 5, 6, 7, 8),
      groups: [{ gid: 1, members: [0, 1, 2] }, { gid: 2, members: [3, 4, 5] }, { gid: 3, members: [6, 7, 8] }],
      weights: { 0: 1, 1: 1, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0 },
    });
    expect(qv.containsQuorum([0, 1])).toBe(true);
    expect(qv.containsQuorum([2, 3, 4, 5, 6, 7, 8])).toBe(false);
  });

  it('a weight-0 voter never helps its group', () => {
    const qv = new QuorumHierarchical({ members: voters(1, 2, 3), groups: [{ gid: 1, members: [1, 2, 3] }], weights: { 1: 0 } });
    expect(qv.containsQuorum([2, 3])).toBe(true);
    expect(qv.containsQuorum([1, 2])).toBe(false); // weight 1 of 2, not > 1
  });

  it('all weights 0: no quorum can ever form', () => {
    const qv = new QuorumHierarchical({ members: voters(1, 2), groups: [{ gid: 1, members: [1, 2] }], weights: { 1: 0, 2: 0 } });
    expect(qv.containsQuorum([1, 2])).toBe(false);
    expect(qv.describe()).toMatchObject({ groupsNeeded: 1, toleratedFailures: -1 });
  });

  it('observers and strangers are ignored', () => {
    const qv = new QuorumHierarchical({ members: [...voters(1, 2, 3), ...observers(4)], groups: [{ gid: 1, members: [1, 2, 3] }] });
    expect(qv.observers()).toEqual([4]);
    expect(qv.votingMembers()).toEqual([1, 2, 3]);
    expect(qv.containsQuorum([1, 4, 99])).toBe(false);
    expect(qv.containsQuorum(new Set([1, 3]))).toBe(true);
    expect(qv.weight(4)).toBe(0);
    expect(qv.isVoter(4)).toBe(false);
  });

  it.each([
    ['an observer in a group', { members: [...voters(1, 2), ...observers(3)], groups: [{ gid: 1, members: [1, 2, 3] }] }, /non-voter 3/],
    ['an unknown sid in a group', { members: voters(1, 2), groups: [{ gid: 1, members: [1, 2, 7] }] }, /non-voter 7/],
    ['a voter in no group', { members: voters(1, 2, 3), groups: [{ gid: 1, members: [1, 2] }] }, /3 is not in a group/],
    ['a voter in two groups', { members: voters(1, 2), groups: [{ gid: 1, members: [1, 2] }, { gid: 2, members: [2] }] }, /multiple groups/],
    ['a negative weight', { members: voters(1, 2), groups: [{ gid: 1, members: [1, 2] }], weights: { 2: -1 } }, /non-negative/],
    ['a weight for an observer', { members: [...voters(1), ...observers(2)], groups: [{ gid: 1, members: [1] }], weights: { 2: 1 } }, /non-voter 2/],
    ['an empty group', { members: voters(1), groups: [{ gid: 1, members: [1] }, { gid: 2, members: [] }] }, /empty/],
  ])('refuses %s', (_what, spec, message) => {
    expect(() => new QuorumHierarchical(spec)).toThrow(message);
  });

  it('why negative weights are refused: under ZooKeeper\'s rule they allow disjoint quorums', () => {
    const groups = [{ gid: 1, members: [1, 2, 3] }];
    const w: Record<number, number> = { 1: 3, 2: 3, 3: -5 }; // total 1, half 0
    const weight = (s: number) => w[s]!;
    expect(zkContainsQuorum(groups, weight, [1])).toBe(true);
    expect(zkContainsQuorum(groups, weight, [2])).toBe(true);
  });

  // Random hierarchical ensembles: up to 8 voters split into up to 4 groups, weights 0..3,
  // plus up to 2 observers.
  const config = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 }))
    .chain(([n, o]) => fc.record({
      n: fc.constant(n),
      o: fc.constant(o),
      groupOf: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
      weights: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    }))
    .map(({ n, o, groupOf, weights }) => {
      const sids = Array.from({ length: n }, (_, i) => i + 1);
      const byGroup = new Map<number, number[]>();
      sids.forEach((sid, i) => byGroup.set(groupOf[i]!, [...(byGroup.get(groupOf[i]!) ?? []), sid]));
      const groups = [...byGroup].map(([gid, members]) => ({ gid: gid + 10, members }));
      const w: Record<number, number> = {};
      sids.forEach((sid, i) => { w[sid] = weights[i]!; });
      const obs = Array.from({ length: o }, (_, i) => n + 1 + i);
      return { sids, obs, groups, weights: w };
    });
  const build = (c: { sids: number[]; obs: number[]; groups: HierarchicalGroup[]; weights: Record<number, number> }) =>
    new QuorumHierarchical({ members: [...voters(...c.sids), ...observers(...c.obs)], groups: c.groups, weights: c.weights });

  it('any two quorums intersect in a voter of positive weight (property, exhaustive per config)', () => {
    fc.assert(
      fc.property(config, (c) => {
        const qv = build(c);
        const quorums = subsets(c.sids).filter((s) => qv.containsQuorum(s));
        for (const a of quorums) {
          for (const b of quorums) {
            const common = a.filter((s) => b.includes(s) && qv.weight(s) > 0);
            check(common.length > 0, `quorums ${a} and ${b} share no weighted voter`);
          }
        }
        check(qv.containsQuorum(c.sids) === (qv.numGroups > 0), 'all voters form a quorum iff some group has weight');
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with ZooKeeper\'s rule, is monotone, and toleratedFailures matches brute force (property)', () => {
    fc.assert(
      fc.property(config, fc.array(fc.integer({ min: 0, max: 11 })), (c, set) => {
        const qv = build(c);
        const weight = (s: number) => c.weights[s] ?? 0;
        check(qv.containsQuorum(set) === zkContainsQuorum(c.groups, weight, [...new Set(set)]), `differs from ZK on ${set}`);
        if (qv.containsQuorum(set)) check(qv.containsQuorum([...set, ...c.sids.slice(0, 2)]), 'not monotone');
        check(qv.describe().toleratedFailures === bruteToleratedFailures(qv), 'toleratedFailures');
      }),
      { numRuns: 300 },
    );
  });

  it('one group of weight-1 voters, or one voter per group, is exactly QuorumMaj (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 9 })), (n, set) => {
        const sids = Array.from({ length: n }, (_, i) => i + 1);
        const maj = new QuorumMaj(voters(...sids));
        const oneGroup = new QuorumHierarchical({ members: voters(...sids), groups: [{ gid: 1, members: sids }] });
        const singletons = new QuorumHierarchical({ members: voters(...sids), groups: sids.map((s) => ({ gid: s, members: [s] })) });
        check(oneGroup.containsQuorum(set) === maj.containsQuorum(set), 'one group');
        check(singletons.containsQuorum(set) === maj.containsQuorum(set), 'singletons');
        check(oneGroup.describe().toleratedFailures === maj.toleratedFailures, 'tolerance');
      }),
      { numRuns: 200 },
    );
  });

  it('intersection holds for a random pair of sets on larger configs (property)', () => {
    fc.assert(
      fc.property(config, fc.array(fc.integer({ min: 1, max: 8 })), fc.array(fc.integer({ min: 1, max: 8 })), (c, a, b) => {
        const qv = build(c);
        if (qv.containsQuorum(a) && qv.containsQuorum(b)) check(intersects(a, b), `disjoint quorums ${a} / ${b}`);
      }),
      { numRuns: 500 },
    );
  });
});
