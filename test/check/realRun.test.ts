// The election checkers on traces of the real protocol code: a 3-server ensemble that
// elects, loses its leader, elects again and takes the old leader back as a follower must
// pass; so must runs under partitions, isolation and loss. The same traces, altered the way
// a broken implementation would have written them, must fire each checker.
import { describe, expect, it } from 'vitest';
import { ElectionCheckers, checkTrace } from '../../engine/check/election.ts';
import { scheduleFaults } from '../../engine/faults/apply.ts';
import { parseFaultSchedule } from '../../engine/faults/schedule.ts';
import { Sim } from '../../engine/sim/sim.ts';
import { RecordingSink, type TraceEvent, type TraceSink } from '../../engine/trace/sink.ts';
import { parseZooCfg } from '../../engine/zk/config/zooCfg.ts';
import type { EnsembleConfig } from '../../engine/zk/config/types.ts';
import { QuorumPeer } from '../../engine/zk/peer/quorumPeer.ts';

const ZOO_CFG = 'tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nclientPort=2181\n' +
  'server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n';

function config(): EnsembleConfig {
  const r = parseZooCfg(ZOO_CFG);
  if (!r.ok) throw new Error('bad zoo.cfg');
  return r.config;
}

const header = { config: { ensemble: config() } };

/** Records every event and feeds it to live checkers, as a scenario run does. */
class CheckingSink implements TraceSink {
  readonly enabled = true;
  readonly recording = new RecordingSink({ keep: true });
  readonly checkers = ElectionCheckers.fromHeader(header);
  emit(ev: TraceEvent): void {
    this.recording.emit(ev);
    this.checkers.observe(ev);
  }
  get events(): TraceEvent[] {
    return this.recording.events!;
  }
}

function ensembleRun(seed: number): { sim: Sim; sink: CheckingSink } {
  const sink = new CheckingSink();
  const sim = new Sim({ seed, sink, net: { refuseWhenDown: true } });
  for (const s of [1, 2, 3]) {
    sim.addNode(s, () => new QuorumPeer(s, { config: header.config.ensemble }));
    sim.start(s);
  }
  return { sim, sink };
}

/** Elect, crash the leader, elect again, restart the old leader (it rejoins as a follower). */
function crashAndRestart(seed = 1): { events: TraceEvent[]; sink: CheckingSink; endUs: number } {
  const { sim, sink } = ensembleRun(seed);
  sim.kernel.runUntilTime(2_000_000);
  const leader = leaderAt(sink.events);
  expect(leader, 'a leader serves after 2 s').toBeDefined();
  sim.crash(leader!);
  sim.kernel.runUntilTime(4_000_000);
  sim.restart(leader!);
  sim.kernel.runUntilTime(8_000_000);
  return { events: sink.events, sink, endUs: sim.now };
}

function leaderAt(events: readonly TraceEvent[]): number | undefined {
  const ev = [...events].reverse().find((e) => e.e === 'zab.newLeaderAcked');
  return ev?.node as number | undefined;
}

describe('election checkers on real runs', () => {
  it('find nothing wrong with a 3-server election (seed 1, 2 s)', () => {
    const { sim, sink } = ensembleRun(1);
    sim.kernel.runUntilTime(2_000_000);
    expect(sink.checkers.finish(sim.now)).toEqual([]);
    expect([...sink.checkers.oneLeaderPerEpoch.leaders().keys()]).toEqual([1]);
  });

  it.each([1, 2, 3, 4])('find nothing wrong when the leader crashes and restarts (seed %i)', (seed) => {
    const { events, sink, endUs } = crashAndRestart(seed);
    expect(sink.checkers.finish(endUs)).toEqual([]);
    expect(checkTrace(header, events, endUs)).toEqual([]);
    // Two epochs at least: the first leader's, and one established after it crashed.
    expect(sink.checkers.oneLeaderPerEpoch.leaders().size).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.e === 'zk.recover')).toHaveLength(4);
  });

  it.each([1, 2, 3])('find nothing wrong under partitions, isolation and loss (seed %i, 200 s)', (seed) => {
    const { sim, sink } = ensembleRun(seed);
    const faults = parseFaultSchedule([
      { at: 5_000, fault: { kind: 'partition', groups: [[1], [2], [3]] } },
      { at: 60_000, fault: { kind: 'heal' } },
      { at: 70_000, fault: { kind: 'isolate', node: 3 } },
      { at: 75_000, fault: { kind: 'heal' } },
      { at: 80_000, fault: { kind: 'loss', probability: 0.05 } },
      { at: 90_000, fault: { kind: 'loss', probability: 0 } },
      { at: 100_000, fault: { kind: 'crash', node: 1 } },
      { at: 101_000, fault: { kind: 'crash', node: 2 } },
      { at: 110_000, fault: { kind: 'restart', node: 1 } },
      { at: 111_000, fault: { kind: 'restart', node: 2 } },
    ]);
    if (!faults.ok) throw new Error(faults.errors.join('; '));
    scheduleFaults(sim, faults.schedule);
    sim.kernel.runUntilTime(200_000_000);
    expect(sink.checkers.finish(sim.now)).toEqual([]);
    expect(sink.checkers.liveness!.servingLeaders()).toHaveLength(1);
  });
});

describe('election checkers on a real hierarchical ensemble with an observer', () => {
  // group.1 = {1,2} (server 1 weighs 2), group.2 = {3,4}, observer 5: a quorum needs both
  // groups, so with the leader down (1, 3 or 4) there is none, and a long outage is no
  // liveness violation.
  const cfg = parseZooCfg('tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nclientPort=2181\n' +
    'server.1=h:1:2\nserver.2=h:3:4\nserver.3=h:5:6\nserver.4=h:7:8\nserver.5=h:9:10:observer\n' +
    'group.1=1:2\ngroup.2=3:4\nweight.1=2\n');

  it('finds nothing wrong when the leader is down for longer than the bound', () => {
    if (!cfg.ok) throw new Error('bad zoo.cfg');
    const h = { config: { ensemble: cfg.config } };
    const sink = new RecordingSink({ keep: true });
    const sim = new Sim({ seed: 1, sink, net: { refuseWhenDown: true } });
    for (const s of [1, 2, 3, 4, 5]) {
      sim.addNode(s, () => new QuorumPeer(s, { config: cfg.config }));
      sim.start(s);
    }
    sim.kernel.runUntilTime(3_000_000);
    const leader = leaderAt(sink.events!);
    // Without 1, 3 or 4 no two groups can agree (without 2 they still can).
    expect([1, 3, 4]).toContain(leader);
    sim.crash(leader!);
    sim.kernel.runUntilTime(140_000_000);
    sim.restart(leader!);
    sim.kernel.runUntilTime(150_000_000);
    expect(checkTrace(h, sink.events!, sim.now)).toEqual([]);
    expect(sink.events!.filter((e) => e.e === 'zab.newLeaderAcked').map((e) => e.t > 3_000_000)).toContain(true);
  });
});

describe('election checkers on altered real traces', () => {
  const { events, endUs } = crashAndRestart(1);
  const established = events.filter((e) => e.e === 'zab.established');
  const firing = (evs: TraceEvent[], end = endUs) => checkTrace(header, evs, end).map((v) => v.checker);

  it('EstablishedHadQuorum fires when the ACKEPOCHs never reached the leader', () => {
    const altered = events.filter((e) => !(e.e === 'net.deliver' && e['type'] === 'ACKEPOCH'));
    expect(firing(altered)).toEqual(established.map(() => 'EstablishedHadQuorum'));
  });

  it('EstablishedHadQuorum fires when the ACKEPOCHs carried -1', () => {
    const altered = events.map((e) => e.e === 'net.send' && e['type'] === 'ACKEPOCH'
      ? { ...e, body: { ...(e['body'] as object), epoch: -1 } } : e);
    expect(firing(altered)).toEqual(established.map(() => 'EstablishedHadQuorum'));
  });

  it('OneLeaderPerEpoch fires when another server also claims the first epoch', () => {
    const first = events.find((e) => e.e === 'zab.established')!;
    const other = first['node'] === 1 ? 2 : 1;
    const claim = { ...first, t: first.t + 1_000, node: other };
    const at = events.findIndex((e) => e.t > claim.t);
    const altered = [...events.slice(0, at), claim, ...events.slice(at)];
    const v = checkTrace(header, altered, endUs).filter((x) => x.checker === 'OneLeaderPerEpoch');
    expect(v).toEqual([{
      checker: 'OneLeaderPerEpoch',
      t: claim.t,
      message: `epoch ${first['epoch']} has two established leaders: ${first['node']} (at ${(first.t / 1000).toFixed(1)} ms) ` +
        `and ${other} (at ${(claim.t / 1000).toFixed(1)} ms)`,
    }]);
  });

  it('EpochsMonotonic fires when the restarted leader reads back an older epoch', () => {
    const restart = events.filter((e) => e.e === 'zk.recover').at(-1)!;
    const altered = events.map((e) => (e === restart ? { ...e, acceptedEpoch: 0, currentEpoch: 0 } : e));
    expect(firing(altered)).toEqual(['EpochsMonotonic', 'EpochsMonotonic']);
  });

  it('ElectionLiveness fires when no leader ever serves in 140 s', () => {
    const { sim, sink } = ensembleRun(1);
    sim.kernel.runUntilTime(140_000_000);
    expect(sink.checkers.finish(sim.now)).toEqual([]);
    const altered = sink.events.filter((e) => e.e !== 'zab.newLeaderAcked');
    const v = checkTrace(header, altered, sim.now);
    expect(v).toEqual([{
      checker: 'ElectionLiveness',
      t: 133_000_000,
      message: 'no leader within bound: quorum {1,2,3} connected since 0.0 s, still no serving leader at 133.0 s (bound 133.0 s)',
    }]);
  });
});
