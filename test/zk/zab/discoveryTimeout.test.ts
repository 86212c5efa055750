// A leader that does not hear from a quorum within initLimit ticks in any of its three
// waits (ZK 3.8 Leader.lead: getEpochToPropose, waitForEpochAck, waitForNewLeaderAck)
// gives up and goes back to LOOKING.
import { describe, expect, it } from 'vitest';
import { Sim } from '../../../engine/sim/sim.ts';
import { RecordingSink, type TraceEvent } from '../../../engine/trace/sink.ts';
import { parseZooCfg } from '../../../engine/zk/config/zooCfg.ts';
import { QuorumPeer } from '../../../engine/zk/peer/quorumPeer.ts';

// initLimit 10 ticks of 200 ms: each wait may last 2 s.
const CFG = 'tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n';

/** Three servers start; when `moment` first holds, servers 1 and 2 crash. */
function run(moment: (ev: TraceEvent) => boolean) {
  const parsed = parseZooCfg(CFG);
  if (!parsed.ok) throw new Error('bad test config');
  const events: TraceEvent[] = [];
  let crashedAt: number | undefined;
  const sink = new RecordingSink({ keep: false });
  const sim = new Sim({
    seed: 7, net: { refuseWhenDown: true },
    sink: { enabled: true, emit: (ev) => {
      events.push(ev);
      sink.emit(ev);
      if (crashedAt === undefined && moment(ev)) {
        crashedAt = ev.t;
        sim.kernel.after(0, () => { sim.crash(1); sim.crash(2); });
      }
    } },
  });
  for (const sid of [1, 2, 3]) sim.addNode(sid, () => new QuorumPeer(sid, { config: parsed.config }));
  for (const sid of [1, 2, 3]) sim.start(sid);
  sim.kernel.runUntilTime(6_000_000);
  const of3 = (e: string) => events.filter((x) => x.e === e && x['node'] === 3);
  return { crashedAt: crashedAt!, failed: of3('zab.discoveryFailed'), states: of3('zk.state') };
}

describe('a leader without a quorum within initLimit goes back to LOOKING', () => {
  it.each([
    ['getEpochToPropose', (ev: TraceEvent) => ev.e === 'zk.state' && ev['node'] === 3 && ev['state'] === 'LEADING'],
    ['waitForEpochAck', (ev: TraceEvent) => ev.e === 'net.send' && ev['from'] === 3 && ev['type'] === 'LEADERINFO'],
    ['waitForNewLeaderAck', (ev: TraceEvent) => ev.e === 'net.send' && ev['from'] === 3 && ev['type'] === 'NEWLEADER'],
  ])('followers crash while the leader is in %s', (phase, moment) => {
    const r = run(moment);
    expect(r.crashedAt).toBeDefined();
    expect(r.failed).toHaveLength(1);
    const f = r.failed[0]!;
    expect(f).toMatchObject({ phase, waitedMs: 2000, epoch: 1 });
    const back = r.states.find((s) => s.t >= f.t && s['state'] === 'LOOKING')!;
    expect(back.t).toBe(f.t);
    expect(back['cause']).toBe(`timeout while in ${phase} (initLimit 10 ticks)`);
    // The wait that timed out is the one under way at the crash: it began within a few ms of it.
    expect(Math.abs(f.t - 2_000_000 - r.crashedAt)).toBeLessThan(5_000);
  });
});
