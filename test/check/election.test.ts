// ElectionCheckers as a whole: built from a trace header (with clear errors for a bad one),
// feeding every checker, gathering violations in time order; and FaultState's view of
// which quorums are connected.
import { describe, expect, it } from 'vitest';
import { ElectionCheckers, checkTrace, ensembleFromHeader } from '../../engine/check/election.ts';
import { FaultState } from '../../engine/check/faultState.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import { ensemble, header, ms, Script, sec } from './events.ts';

describe('ElectionCheckers.fromHeader', () => {
  it('builds the checkers and the liveness bound from the ensemble', () => {
    const c = ElectionCheckers.fromHeader(header(ensemble(3)));
    expect(c.checkers.map((x) => x.name)).toEqual(['OneLeaderPerEpoch', 'EstablishedHadQuorum', 'EpochsMonotonic', 'VotesMonotonic', 'ElectionLiveness']);
    expect(c.liveness?.boundUs).toBe(sec(133));
  });

  it('reads a header that went through JSON (weights keyed by strings)', () => {
    const h = JSON.parse(JSON.stringify(header(ensemble(6, { extra: 'group.1=1:2:3\ngroup.2=4:5:6\nweight.1=3\n' }))));
    expect(ensembleFromHeader(h).groups).toHaveLength(2);
    expect(() => ElectionCheckers.fromHeader(h)).not.toThrow();
  });

  it('names the bad field of a header it cannot use', () => {
    expect(() => ElectionCheckers.fromHeader({ config: {} })).toThrow(
      'trace header config.ensemble: missing (the election checkers need the ensemble configuration)');
    const bad = { ...ensemble(3), servers: [{ sid: 1, type: 'voter' }] };
    expect(() => ElectionCheckers.fromHeader({ config: { ensemble: bad } })).toThrow(
      'trace header config.ensemble.servers[0].type: expected "participant" | "observer", received "voter"');
    const noTick = { ...ensemble(3), tickTime: undefined };
    expect(() => ElectionCheckers.fromHeader({ config: { ensemble: noTick } })).toThrow(
      'trace header config.ensemble.tickTime: missing (expected number)');
    const observerInGroup = { ...ensemble(3, { observers: [3] }), groups: [{ gid: 1, members: [1, 2, 3] }] };
    expect(() => ElectionCheckers.fromHeader({ config: { ensemble: observerInGroup } })).toThrow(/^trace header config.ensemble: .*non-voter 3/);
  });
});

describe('ElectionCheckers', () => {
  it('gathers every checker\'s violations in time order', () => {
    const s = new Script().start(0, 1).start(0, 2).start(0, 3)
      .epoch(ms(5), 1, 'acceptedEpoch', 2)
      .established(ms(10), 1, 2, [1])          // EstablishedHadQuorum
      .epoch(ms(20), 1, 'acceptedEpoch', 1)    // EpochsMonotonic
      .established(ms(30), 2, 2, [2])          // OneLeaderPerEpoch + EstablishedHadQuorum
      .tick(sec(140));                          // ElectionLiveness, dated 133 s
    const v = checkTrace(header(ensemble(3)), s.events);
    expect(v.map((x) => [x.t, x.checker])).toEqual([
      [ms(10), 'EstablishedHadQuorum'],
      [ms(20), 'EpochsMonotonic'],
      [ms(30), 'OneLeaderPerEpoch'],
      [ms(30), 'EstablishedHadQuorum'],
      [sec(133), 'ElectionLiveness'],
    ]);
  });

  it('observe returns what this event revealed; finish adds what the end reveals, and can be asked again', () => {
    const c = ElectionCheckers.fromHeader(header(ensemble(3)));
    const s = new Script().start(0, 1).start(0, 2).established(ms(1), 1, 1, [1]);
    const seen = s.events.flatMap((ev) => c.observe(ev));
    expect(seen.map((x) => x.checker)).toEqual(['EstablishedHadQuorum']);
    expect(c.violations).toHaveLength(1);
    expect(c.finish(sec(200)).map((x) => x.checker)).toEqual(['EstablishedHadQuorum', 'ElectionLiveness']);
    expect(c.finish(sec(200))).toHaveLength(2);
    expect(c.finish(sec(100))).toHaveLength(1);
  });

  it('can run without the liveness checker', () => {
    const c = new ElectionCheckers({ verifier: verifierFor(ensemble(3)) });
    expect(c.liveness).toBeUndefined();
    for (const ev of new Script().start(0, 1).start(0, 2).events) c.observe(ev);
    expect(c.finish(sec(1000))).toEqual([]);
  });
});

describe('FaultState.connectedQuorum', () => {
  const v5 = verifierFor(ensemble(5));
  const state = (s: Script) => {
    const f = new FaultState();
    for (const ev of s.events) f.observe(ev);
    return f;
  };
  const up5 = () => new Script().start(0, 1).start(0, 2).start(0, 3).start(0, 4).start(0, 5);

  it('is every healthy voter when nothing is cut', () => {
    expect(state(up5()).connectedQuorum(v5)).toEqual([1, 2, 3, 4, 5]);
    expect(state(up5().crash(1, 2)).connectedQuorum(v5)).toEqual([1, 3, 4, 5]);
  });

  it('finds the largest pairwise-connected quorum across cuts', () => {
    expect(state(up5().fault(1, { kind: 'partition', groups: [[1, 2], [3, 4, 5]] })).connectedQuorum(v5)).toEqual([3, 4, 5]);
    expect(state(up5().fault(1, { kind: 'partition', groups: [[1, 2], [3, 4]] })).connectedQuorum(v5)).toEqual([1, 2, 5]);
    // 1↛3 and 2↛4: {1,2,5} and {3,4,5} are the triangles, plus {1,4,5}, {2,3,5}; the
    // first in sid order wins among equals.
    const f = state(up5().fault(1, { kind: 'oneWay', from: 1, to: 3 }).fault(1, { kind: 'oneWay', from: 2, to: 4 }));
    expect(f.connectedQuorum(v5)).toEqual([1, 2, 5]);
    expect(f.connected(3, 1)).toBe(false);
  });

  it('has none under loss, or when a partition leaves only minorities', () => {
    expect(state(up5().fault(1, { kind: 'loss', probability: 0.01 })).connectedQuorum(v5)).toBeUndefined();
    expect(state(up5().fault(1, { kind: 'partition', groups: [[1, 2], [3, 4], [5]] })).connectedQuorum(v5)).toBeUndefined();
    expect(state(up5().fault(1, { kind: 'partition', groups: [[1, 2], [3, 4], [5]] }).fault(2, { kind: 'heal' }))
      .connectedQuorum(v5)).toHaveLength(5);
  });

  it('replaces a partition by the next one, as the network does', () => {
    const s = up5().fault(1, { kind: 'partition', groups: [[1], [2, 3, 4, 5]] }).fault(2, { kind: 'partition', groups: [[5], [1, 2]] });
    expect(state(s).connectedQuorum(v5)).toEqual([1, 2, 3, 4]);
  });

  it('ignores observers', () => {
    const v = verifierFor(ensemble(4, { observers: [4] }));
    expect(state(new Script().start(0, 1).start(0, 4)).connectedQuorum(v)).toBeUndefined();
  });
});
