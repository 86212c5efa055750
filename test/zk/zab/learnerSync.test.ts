// A learner's syncWithLeader driven packet by packet on a real database and disk: the
// 3.8.6 order at NEWLEADER (the committed txns durable, then currentEpoch, then the ACK),
// proposals still pending at NEWLEADER kept for after UPTODATE (3.9.3: a COMMIT arriving
// after NEWLEADER finds them — no ZOOKEEPER-4394), SNAP and TRUNC, and the historical
// orders the bug flags restore.
import { describe, expect, it } from 'vitest';
import { Sim } from '../../../engine/sim/sim.ts';
import type { NodeContext, Process } from '../../../engine/sim/process.ts';
import { RecordingSink } from '../../../engine/trace/sink.ts';
import type { BugFlag } from '../../../engine/zk/bugs.ts';
import { EpochWriter } from '../../../engine/zk/peer/persistence.ts';
import { ZkDatabase } from '../../../engine/zk/persistence/zkDatabase.ts';
import { DigestState, digestStateMachine } from '../../../engine/zk/txn/digestState.ts';
import type { Txn, ZxidTxn } from '../../../engine/zk/txn/types.ts';
import { LearnerSync, type SyncHost } from '../../../engine/zk/zab/learnerSync.ts';
import type { QuorumPacket } from '../../../engine/zk/zab/packets.ts';
import type { PeerServices } from '../../../engine/zk/zab/services.ts';
import { zxid } from '../../../engine/zk/zxid.ts';

const txn = (c: number): Txn => ({ type: 'set', key: `k${c}`, value: `v${c}` });
const z = (e: number, c: number) => zxid(e, c);

/** One server: its database and epoch files on a simulated disk, and a LearnerSync for epoch 2. */
function rig(bugs: BugFlag[] = [], prefix = 3) {
  const sink = new RecordingSink({ keep: true });
  const sim = new Sim({ seed: 1, sink, fsyncLatency: { kind: 'fixed', us: 1_000 } });
  const log: string[] = [];
  const epochAt: Record<string, number> = {};
  let ctx!: NodeContext;
  let db!: ZkDatabase;
  let epochs!: EpochWriter;
  const proc: Process = {
    start(c) {
      ctx = c;
      db = new ZkDatabase(c, digestStateMachine, { commitLogCount: 500 });
      db.load('restart');
      epochs = new EpochWriter(c, (file, e) => { log.push(`${file}=${e}`); epochAt[file] = sim.now; });
    },
    onSynced(_c, tag) { if (!epochs.onSynced(tag)) db.onSynced(tag); },
  };
  sim.addNode(1, () => proc);
  sim.start(1);
  for (let c = 1; c <= prefix; c++) { db.log.append({ zxid: z(1, c), txn: txn(c) }); db.apply(z(1, c), txn(c), 'commit'); }
  db.fsyncs.fsyncAll(db.log.takeDirty(), () => {});
  sim.kernel.runUntilTime(10_000);
  const peer = {
    ctx, db, sid: 1, bug: (f: BugFlag) => bugs.includes(f),
    persistEpoch: (file: 'acceptedEpoch' | 'currentEpoch', e: number, then: () => void) => epochs.persist(file, e, then),
  } as unknown as PeerServices;
  const host: SyncHost & { sent: QuorumPacket[]; logged: ZxidTxn[]; committed: number[] } = {
    kind: 'follower', leaderSid: 3, newEpoch: 2, sent: [], logged: [], committed: [],
    send(p) { this.sent.push(p); log.push(`send ${p.type}`); },
    block() { log.push('block'); },
    unblock() { log.push('unblock'); },
    alive: () => true,
    newLeaderAcked() {},
    serve() { log.push('serve'); },
    logRequest(t) { this.logged.push(t); log.push(`logRequest ${t.zxid.toString(16)}`); },
    commit(x) { this.committed.push(x); log.push(`commit ${x.toString(16)}`); },
    commitRequest() {},
    fail(cause) { log.push(`fail ${cause}`); },
  };
  sink.events!.length = 0;
  const sync = new LearnerSync(peer, host);
  return {
    sim, db, host, sync, log, epochAt,
    feed: (...ps: QuorumPacket[]) => { for (const p of ps) sync.onPacket(p); },
    run: (us = 20_000) => sim.kernel.runUntilTime(sim.now + us),
    trace: (e: string) => sink.events!.filter((x) => x.e === e),
  };
}

const proposal = (c: number, e = 1): QuorumPacket => ({ type: 'PROPOSAL', zxid: z(e, c), txn: txn(c) });
const commit = (c: number, e = 1): QuorumPacket => ({ type: 'COMMIT', zxid: z(e, c) });

describe('LearnerSync', () => {
  it('DIFF: committed txns durable, then currentEpoch, then ACK; a later COMMIT finds its proposal pending', () => {
    const r = rig();
    r.feed({ type: 'DIFF', zxid: z(1, 5) }, proposal(4), commit(4), proposal(5), { type: 'NEWLEADER', zxid: z(2, 0) });
    expect(r.db.lastProcessedZxid).toBe(z(1, 4)); // the committed prefix is applied at NEWLEADER
    expect(r.trace('zab.apply').map((e) => [e.zxid, e.via])).toEqual([[z(1, 4), 'sync']]);
    expect(r.host.sent).toEqual([]);
    r.run();
    expect(r.log.filter((l) => !l.startsWith('logRequest'))).toEqual(['block', 'currentEpoch=2', 'send ACK', 'unblock']);
    expect(r.trace('zab.logged').map((e) => e.zxid)).toEqual([z(1, 4)]);
    expect(r.trace('zab.logged')[0]!.t).toBeLessThan(r.epochAt.currentEpoch!);
    expect(r.host.sent[0]).toEqual({ type: 'ACK', zxid: z(2, 0) });
    r.feed(commit(5), { type: 'UPTODATE', zxid: -1 });
    expect(r.log.slice(-3)).toEqual(['serve', 'logRequest 100000005', 'commit 100000005']);
    expect(r.log.some((l) => l.startsWith('fail'))).toBe(false);
  });

  it('SNAP: the state becomes the leader\'s image; COMMITs before NEWLEADER apply at once; the snapshot is durable before the epoch', () => {
    const r = rig();
    const leader = new DigestState();
    for (let c = 1; c <= 8; c++) leader.apply(z(1, c), txn(c));
    r.feed({ type: 'SNAP', zxid: z(1, 8), snapshot: leader.snapshot(), digest: leader.digest() });
    expect(r.trace('zab.snapSync')).toMatchObject([{ from: 3, zxid: z(1, 8), digest: leader.digest() }]);
    expect(r.sync.stateUnsaved).toBe(true);
    r.feed(proposal(9), commit(9), { type: 'NEWLEADER', zxid: z(2, 0) });
    expect(r.trace('zab.apply').map((e) => [e.zxid, e.via])).toEqual([[z(1, 9), 'sync']]);
    r.run();
    expect(r.sync.stateUnsaved).toBe(false);
    expect(r.trace('zab.snapshot')).toMatchObject([{ zxid: z(1, 9) }]);
    expect(r.trace('zab.snapshot')[0]!.t).toBeLessThan(r.epochAt.currentEpoch!);
    expect(r.host.sent).toEqual([{ type: 'ACK', zxid: z(2, 0) }]);
  });

  it('TRUNC: the log is cut after the zxid and the state reloaded', () => {
    const r = rig([], 6);
    r.feed({ type: 'TRUNC', zxid: z(1, 4) });
    expect(r.trace('zab.trunc')).toMatchObject([{ toZxid: z(1, 4), dropped: [z(1, 5), z(1, 6)] }]);
    expect(r.db.lastProcessedZxid).toBe(z(1, 4));
    expect(r.db.log.lastLoggedZxid()).toBe(z(1, 4));
  });

  it('the first packet must be DIFF, TRUNC or SNAP', () => {
    const r = rig();
    r.feed(proposal(4));
    expect(r.log).toEqual(['fail Got unexpected packet from leader: PROPOSAL, exiting']);
  });

  it('bug learner-4643 (3.8.4 order): currentEpoch first, the txns handed to the async logger, ACK before they are durable', () => {
    const r = rig(['learner-4643']);
    r.feed({ type: 'DIFF', zxid: z(1, 5) }, proposal(4), commit(4), proposal(5), { type: 'NEWLEADER', zxid: z(2, 0) });
    r.run();
    expect(r.log).toEqual(['block', 'currentEpoch=2', 'logRequest 100000004', 'logRequest 100000005', 'send ACK', 'unblock']);
    expect(r.trace('zab.apply')).toEqual([]); // applied only at their COMMIT, after UPTODATE
    r.feed({ type: 'UPTODATE', zxid: -1 });
    expect(r.log.slice(-2)).toEqual(['serve', 'commit 100000004']);
  });

  it('bug learner-3911: ACK with the DIFF only in memory; logged after UPTODATE', () => {
    const r = rig(['learner-3911']);
    r.feed({ type: 'DIFF', zxid: z(1, 5) }, proposal(4), commit(4), { type: 'NEWLEADER', zxid: z(2, 0) });
    r.run();
    expect(r.log).toEqual(['block', 'currentEpoch=2', 'send ACK', 'unblock']);
    expect(r.trace('zab.logged')).toEqual([]);
    r.feed({ type: 'UPTODATE', zxid: -1 });
    expect(r.log.slice(-3)).toEqual(['serve', 'logRequest 100000004', 'commit 100000004']);
  });
});
