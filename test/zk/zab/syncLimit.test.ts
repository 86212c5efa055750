// The leader drops a learner whose oldest unacked PROPOSAL is syncLimit ticks old (ZK 3.8:
// LearnerHandler.SyncLimitCheck, checked at every ping): a follower with a disk that takes
// longer than syncLimit × tickTime to fsync is disconnected with zab.proposalTimeout, while
// the leader keeps committing with the others.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/trace/sink.ts';
import { SyncLimitCheck } from '../../../engine/zk/zab/syncLimitCheck.ts';
import { zkScenario } from '../../../scenarios/zk/build.ts';
import { zooCfg } from '../../../scenarios/zk/spec.ts';

describe('SyncLimitCheck', () => {
  it('tracks the oldest unacked proposal and the newest after it', () => {
    const c = new SyncLimitCheck(1_000);
    c.updateProposal(1, 0); // not started: ignored
    expect(c.check(5_000)).toBe(true);
    c.start();
    c.updateProposal(1, 100);
    c.updateProposal(2, 200);
    c.updateProposal(3, 300);
    expect(c.check(1_099)).toBe(true);
    expect(c.check(1_100)).toBe(false);
    c.updateAck(1);
    expect(c.oldestZxid).toBe(3); // ZK keeps only the newest as "next"
    expect(c.check(1_299)).toBe(true);
    c.updateAck(3);
    expect(c.check(99_999)).toBe(true);
  });
});

describe('a follower whose disk is slower than syncLimit ticks', () => {
  it('is dropped by the leader; the others keep committing', () => {
    const events: TraceEvent[] = [];
    const scenario = zkScenario({
      id: 'slow-disk', title: '', caption: '', tags: [], zooCfg: zooCfg(3), untilMs: 5_000,
      workload: { ratePerSec: 50, fromMs: 500, untilMs: 4_500 },
      faults: [{ at: 1_000, fault: { kind: 'fsyncDelay', node: 1, extraMs: 1_500 } }],
      expect: { leader: 3 },
    });
    const run = scenario.build({ seed: '3', sink: { enabled: true, emit: (ev) => { events.push(ev); } } });
    run.sim.kernel.runUntilTime(scenario.defaultUntilUs);
    const timeouts = events.filter((e) => e.e === 'zab.proposalTimeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts[0]).toMatchObject({ node: 3, learner: 1 });
    expect(events.some((e) => e.e === 'zab.learnerDropped' && e.learner === 1)).toBe(true);
    const lastCommit = events.filter((e) => e.e === 'zab.commit').at(-1)!;
    expect(lastCommit.t).toBeGreaterThan(4_000_000);
    expect(run.summary().leader).toBe(3);
  });
});
