import { it } from 'vitest';
import { Sim } from '../../../../engine/sim/sim.ts';
import { RecordingSink } from '../../../../engine/trace/sink.ts';
import { createElection, routeElectionTimer, type Election, type ServerState } from '../../../../engine/zk/election/index.ts';
import { zxid } from '../../../../engine/zk/zxid.ts';
import { verifier } from '../helpers.ts';
it('1419', () => {
  for (const bug of [false, true]) for (const epochs of [[2,2,1,1,1],[1,2,1,2,1],[2,1,1,1,1],[1,1,1,2,1]]) {
    let settled = 0, splits = 0;
    for (let seed = 0; seed < 5; seed++) {
      const sids = [1,2,3,4,5]; const qv = verifier(sids);
      const sim = new Sim({ seed, sink: new RecordingSink({}) });
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
      sim.kernel.runUntilTime(3_000_000);
      console.log('steps', bug, epochs.join(''), seed, sim.kernel.steps);
      const ls = sids.map((s) => st[s]!.leader);
      if (ls.every((l) => l !== undefined)) settled++;
      if (new Set(ls.filter((l) => l !== undefined)).size > 1) splits++;
    }
    console.log(`bug=${bug} epochs=${epochs} settled=${settled}/5 steps=${0} splits=${splits}`);
  }
});
