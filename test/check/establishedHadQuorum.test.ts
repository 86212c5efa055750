// EstablishedHadQuorum on hand-written discovery exchanges: LEADERINFO(e) delivered, then an
// ACKEPOCH answering it delivered back, must add up (with the leader) to a quorum.
import { describe, expect, it } from 'vitest';
import { EstablishedHadQuorum } from '../../engine/check/establishedHadQuorum.ts';
import type { Violation } from '../../engine/check/types.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import type { EnsembleConfig } from '../../engine/zk/config/types.ts';
import { ensemble, ms, Script } from './events.ts';

function run(s: Script, config: EnsembleConfig = ensemble(3)): Violation[] {
  const c = new EstablishedHadQuorum(verifierFor(config));
  return s.events.flatMap((ev) => c.observe(ev));
}

/** Leader 3 starts; learners 1 (conn 5) and 2 (conn 4) get LEADERINFO(1). */
function discovery(): Script {
  return new Script().start(0, 1).start(0, 2).start(0, 3)
    .leaderInfo(ms(202), 5, 3, 1, 1)
    .leaderInfo(ms(202), 4, 3, 2, 1);
}

describe('EstablishedHadQuorum', () => {
  it('accepts a leader with one ACKEPOCH carrying the learner\'s currentEpoch (3 servers)', () => {
    const s = discovery().ackEpoch(ms(203), 4, 2, 3, 0).established(ms(204), 3, 1, [2, 3]);
    expect(run(s)).toEqual([]);
  });

  it('fires for a leader with only its own vote and an ACKEPOCH(-1)', () => {
    const s = discovery().ackEpoch(ms(203), 4, 2, 3, -1).established(ms(204), 3, 1, [2, 3]);
    const v = run(s);
    expect(v).toHaveLength(1);
    expect(v[0]).toEqual({
      checker: 'EstablishedHadQuorum',
      t: ms(204),
      message: 'leader 3 established epoch 1 at 204.0 ms without a quorum: itself plus the ACKEPOCHs for epoch 1 ' +
        'that count make only {3}; not counted: 2 (ACKEPOCH epoch -1: it had already accepted epoch 1, so it is no ' +
        'epoch vote) (its zab.established claims {2,3})',
    });
  });

  it('fires when no ACKEPOCH arrived at all', () => {
    expect(run(discovery().established(ms(204), 3, 1, [1, 3]))).toHaveLength(1);
  });

  it('does not count an ACKEPOCH that was sent but not delivered yet', () => {
    const s = discovery();
    s.send(ms(203), 4, 2, 3, { type: 'ACKEPOCH', zxid: 0, epoch: 0 });
    s.established(ms(204), 3, 1, [2, 3]);
    expect(run(s)).toHaveLength(1);
  });

  it('does not count an ACKEPOCH sent before the LEADERINFO reached its sender', () => {
    const s = new Script().start(0, 3);
    const li = s.send(ms(202), 4, 3, 2, { type: 'LEADERINFO', zxid: 2 ** 32, protocolVersion: 0x10000 });
    s.ackEpoch(ms(202.5), 4, 2, 3, 0); // not an answer: the learner had not seen LEADERINFO
    s.deliver(ms(203), 4, 3, 2, li, 'LEADERINFO').established(ms(204), 3, 1, [2, 3]);
    expect(run(s)).toHaveLength(1);
  });

  it('does not count an ACKEPOCH answering another epoch', () => {
    const s = new Script().start(0, 3).leaderInfo(ms(100), 4, 3, 2, 1).ackEpoch(ms(101), 4, 2, 3, 0)
      .established(ms(102), 3, 2, [2, 3]);
    expect(run(s)).toHaveLength(1);
  });

  it('forgets ACKEPOCHs received before the leader crashed', () => {
    const s = discovery().ackEpoch(ms(203), 4, 2, 3, 0).crash(ms(300), 3).start(ms(400), 3, 2)
      .established(ms(500), 3, 1, [2, 3]);
    expect(run(s)).toHaveLength(1);
  });

  it('does not count an observer, nor an ACKEPOCH with zxid -1', () => {
    const config = ensemble(4, { observers: [4] });
    const s = new Script().start(0, 1)
      .leaderInfo(ms(10), 7, 1, 4, 1).ackEpoch(ms(11), 7, 4, 1, 0)
      .leaderInfo(ms(10), 8, 1, 2, 1).ackEpoch(ms(11), 8, 2, 1, 0, -1)
      .established(ms(20), 1, 1, [1, 2, 4]);
    const v = run(s, config);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('not counted: 2 (ACKEPOCH zxid -1: it has no history), 4 (not a voter)');
  });

  it('counts per the configuration: 5 servers need two ACKEPOCHs', () => {
    const base = () => new Script().start(0, 5)
      .leaderInfo(ms(10), 1, 5, 1, 2).leaderInfo(ms(10), 2, 5, 2, 2).ackEpoch(ms(11), 1, 1, 5, 1);
    expect(run(base().established(ms(20), 5, 2, [1, 5]), ensemble(5))).toHaveLength(1);
    expect(run(base().ackEpoch(ms(12), 2, 2, 5, 1).established(ms(20), 5, 2, [1, 2, 5]), ensemble(5))).toEqual([]);
  });

  it('uses the hierarchical verifier when the configuration has groups', () => {
    // Group 1 = {1,2,3} with weights 3,1,1: server 1 alone is the group's majority, but one
    // group out of two is not a quorum; with server 4 of group 2 agreeing it is.
    const config = ensemble(6, { extra: 'group.1=1:2:3\ngroup.2=4:5:6\nweight.1=3\n' });
    const s = new Script().start(0, 1).leaderInfo(ms(10), 1, 1, 4, 1).ackEpoch(ms(11), 1, 4, 1, 0);
    expect(run(new Script().start(0, 1).established(ms(20), 1, 1, [1]), config)).toHaveLength(1);
    expect(run(s.established(ms(20), 1, 1, [1, 4]), config)).toHaveLength(1); // group 2 needs 2 of 3
    const t = new Script().start(0, 1).leaderInfo(ms(10), 1, 1, 4, 1).ackEpoch(ms(11), 1, 4, 1, 0)
      .leaderInfo(ms(10), 2, 1, 5, 1).ackEpoch(ms(11), 2, 5, 1, 0).established(ms(20), 1, 1, [1, 4, 5]);
    expect(run(t, config)).toEqual([]);
  });

  it('reports a net.send without a body instead of crashing', () => {
    const s = new Script();
    s.push(ms(1), 'net.send', { conn: 1, from: 2, to: 3, msg: 9, type: 'ACKEPOCH' });
    const v = run(s);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain("field 'body' should be an object, it is missing");
  });
});
