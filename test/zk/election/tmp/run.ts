import { Sim } from '/work/main/engine/sim/sim.ts';
import { RecordingSink } from '/work/main/engine/trace/sink.ts';
import { createElection, routeElectionTimer, type Election, type ServerState } from '/work/main/engine/zk/election/index.ts';
import { zxid } from '/work/main/engine/zk/zxid.ts';
import { verifier } from '/work/main/test/zk/election/helpers.ts';
const bug = process.argv[2] === 'bug'; const epochs = process.argv[3]!.split('').map(Number); const until = Number(process.argv[4]);
const seed = Number(process.argv[5] ?? 0);
const sids = [1,2,3,4,5]; const qv = verifier(sids);
const counts: Record<string, number> = {};
const sink = new RecordingSink({ write: (l) => { const e = JSON.parse(l).e; counts[e] = (counts[e] ?? 0) + 1; if (process.env.V && /fle\.(decide|vote|finalize)/.test(e)) console.log(l); } });
const sim = new Sim({ seed, sink });
const st: Record<number, { state: ServerState; e?: Election; leader?: number }> = {};
for (const s of sids) { st[s] = { state: 'LOOKING' }; sim.addNode(s, () => ({
  start(ctx) { const me = st[s]!; me.e = createElection(ctx, { sid: s, verifier: () => qv, getPeerState: () => me.state, isObserver: () => false,
    initialVote: () => ({ leader: s, zxid: zxid(1, 3), peerEpoch: epochs[s-1]! }), onDecided: (v, _h, i) => { me.state = i.state; me.leader = v.leader; } }, sids, { fle: { bug1419: bug } }); me.e.fle.lookForLeader(); },
  onTimer(_c, k) { routeElectionTimer(st[s]!.e!, k); },
  onConnected(_c, c, p, t) { st[s]!.e!.qcm.onConnected(c, p, t); },
  onConnectFailed(_c, p, t) { st[s]!.e!.qcm.onConnectFailed(p, t); },
  onMessage(_c, c, m) { if (st[s]!.e!.qcm.claims(c, m)) st[s]!.e!.qcm.onMessage(c, m); },
  onClose(_c, c, r) { if (st[s]!.e!.qcm.owns(c)) st[s]!.e!.qcm.onClose(c, r); },
})); }
for (const s of sids) sim.start(s);
sim.kernel.runUntilTime(until);
console.log('steps', sim.kernel.steps, 'leaders', sids.map((s) => st[s]!.leader), JSON.stringify(counts));
