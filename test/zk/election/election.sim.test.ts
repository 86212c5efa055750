// The election end to end on the engine's network: a mini peer embeds createElection exactly
// as QuorumPeer must (routing by tag, claims/owns, timer prefix) and just stays in whatever
// state it decided. Checks outcomes, the trace schema, and determinism.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sim } from '../../../engine/sim/sim.ts';
import type { NodeContext, Process } from '../../../engine/sim/process.ts';
import type { CloseReason, ConnId, Message } from '../../../engine/net/types.ts';
import { RecordingSink, type TraceEvent } from '../../../engine/trace/sink.ts';
import {
  createElection, electionTraceSchemas, isElectionTag, routeElectionTimer,
  type Election, type ElectionHost, type ElectionVerifier, type FleOptions, type QcmOptions, type ServerState, type Vote,
} from '../../../engine/zk/election/index.ts';
import { zxid } from '../../../engine/zk/zxid.ts';
import { verifier } from './helpers.ts';

const MS = 1_000;

interface PeerCfg { zxid: number; epoch: number; observer?: boolean }

class MiniPeer implements Process {
  state: ServerState = 'LOOKING';
  e!: Election;
  decided: { vote: Vote; how: string; state: ServerState }[] = [];
  constructor(private readonly sid: number, private readonly servers: number[], private readonly qv: ElectionVerifier,
    private readonly cfg: PeerCfg, private readonly opts: { fle?: FleOptions; qcm?: QcmOptions } = {}) {}
  start(ctx: NodeContext): void {
    const host: ElectionHost = {
      sid: this.sid,
      verifier: () => this.qv,
      getPeerState: () => this.state,
      isObserver: () => this.cfg.observer ?? false,
      initialVote: () => ({ leader: this.sid, zxid: this.cfg.zxid, peerEpoch: this.cfg.epoch }),
      onDecided: (vote, how, info) => {
        this.state = info.state;
        this.decided.push({ vote, how, state: info.state });
      },
    };
    this.e = createElection(ctx, host, this.servers, this.opts);
    this.e.fle.lookForLeader();
  }
  /** What QuorumPeer does when following fails: LOOKING again, next round. */
  lookAgain(): void {
    this.state = 'LOOKING';
    this.e.fle.lookForLeader();
  }
  onTimer(_c: NodeContext, key: string): void {
    if (!routeElectionTimer(this.e, key)) throw new Error(`MiniPeer: unrouted timer ${key}`);
  }
  onConnected(_c: NodeContext, conn: ConnId, peer: number, tag: string): void { if (isElectionTag(tag)) this.e.qcm.onConnected(conn, peer, tag); }
  onConnectFailed(_c: NodeContext, peer: number, tag: string): void { if (isElectionTag(tag)) this.e.qcm.onConnectFailed(peer, tag); }
  onMessage(_c: NodeContext, conn: ConnId, msg: Message): void { if (this.e.qcm.claims(conn, msg)) this.e.qcm.onMessage(conn, msg); }
  onClose(_c: NodeContext, conn: ConnId, reason: CloseReason): void { if (this.e.qcm.owns(conn)) this.e.qcm.onClose(conn, reason); }
}

function ensemble(
  cfgs: Record<number, PeerCfg>, qv: ElectionVerifier, seed: string | number = 1, up?: number[],
  opts: { fle?: FleOptions; qcm?: QcmOptions; trace?: boolean } = {},
) {
  const sids = Object.keys(cfgs).map(Number);
  const sink = new RecordingSink({ keep: true });
  const sim = new Sim(opts.trace === false ? { seed } : { seed, sink });
  for (const s of sids) sim.addNode(s, () => new MiniPeer(s, sids, qv, cfgs[s]!, opts));
  for (const s of up ?? sids) sim.start(s);
  const p = (s: number) => sim.node(s).process as MiniPeer;
  const ev = (e: string, node?: number) => sink.events!.filter((x) => x.e === e && (node === undefined || x.node === node));
  return { sim, sink, p, ev, sids };
}

function validate(events: TraceEvent[]): number {
  let n = 0;
  for (const e of events) {
    const s = electionTraceSchemas[e.e];
    if (!s) continue;
    const r = s.safeParse(e);
    expect(r.error, JSON.stringify(e)).toBeUndefined();
    n++;
  }
  return n;
}

const fresh = (sids: number[]): Record<number, PeerCfg> => Object.fromEntries(sids.map((s) => [s, { zxid: 0, epoch: 0 }]));

describe('election on the simulated network', () => {
  it('3 fresh voters elect 3; every event matches its schema; same seed, same trace', () => {
    const hashes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { sim, sink, p, ev } = ensemble(fresh([1, 2, 3]), verifier([1, 2, 3]), 'fresh');
      sim.kernel.runUntilTime(2_000 * MS);
      expect([1, 2, 3].map((s) => p(s).state)).toEqual(['FOLLOWING', 'FOLLOWING', 'LEADING']);
      expect([1, 2, 3].map((s) => p(s).decided[0]!.vote.leader)).toEqual([3, 3, 3]);
      for (const d of ev('fle.decide')) expect(d.t).toBeLessThan(250 * MS); // ≈ RTTs + finalizeWait
      expect(validate(sink.events!)).toBeGreaterThan(30);
      hashes.push(sink.hash);
    }
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('why did 2 win? a higher currentEpoch beats a higher zxid', () => {
    const { sim, p, ev } = ensemble({
      1: { zxid: zxid(1, 9), epoch: 1 }, 2: { zxid: zxid(1, 2), epoch: 2 }, 3: { zxid: zxid(1, 5), epoch: 1 },
    }, verifier([1, 2, 3]));
    sim.kernel.runUntilTime(2_000 * MS);
    expect([1, 2, 3].map((s) => p(s).decided[0]!.vote.leader)).toEqual([2, 2, 2]);
    const switchedTo2 = ev('fle.vote').filter((e) => (e.to as { leader: number }).leader === 2);
    expect(switchedTo2.length).toBeGreaterThan(0);
    for (const e of switchedTo2) expect(e.decidedBy).toBe('epoch');
  });

  it('a lone server backs off with connectAll; the others come up and all elect 3', () => {
    const { sim, p, ev } = ensemble(fresh([1, 2, 3]), verifier([1, 2, 3]), 2, [1]);
    sim.kernel.runUntilTime(20_000 * MS);
    const t = ev('fle.timeout', 1);
    expect(t.map((e) => e.intervalMs)).toEqual([200, 400, 800, 1600, 3200, 6400]);
    expect(t.every((e) => e.action === 'connectAll')).toBe(true);
    sim.start(2);
    sim.start(3);
    sim.kernel.runUntilTime(25_000 * MS);
    expect([1, 2, 3].map((s) => p(s).decided.at(-1)?.vote.leader)).toEqual([3, 3, 3]);
  });

  it('a server that looks again later joins the established leader via outofelection', () => {
    const { sim, p, ev } = ensemble(fresh([1, 2, 3, 4, 5]), verifier([1, 2, 3, 4, 5]));
    sim.kernel.runUntilTime(1_000 * MS);
    expect(p(5).state).toBe('LEADING');
    p(1).lookAgain(); // round 2; the others answer with round-1 FOLLOWING/LEADING votes
    sim.kernel.runUntilTime(2_000 * MS);
    expect(p(1).decided.at(-1)).toMatchObject({ how: 'outofelection', state: 'FOLLOWING', vote: { leader: 5 } });
    expect(ev('fle.decide', 1).at(-1)).toMatchObject({ logicalclock: 1 });
  });

  it('an observer follows the voters\' choice and is never counted', () => {
    const cfgs = { ...fresh([1, 2, 3]), 4: { zxid: zxid(3, 3), epoch: 3, observer: true } };
    const { sim, p, ev } = ensemble(cfgs, verifier([1, 2, 3]));
    sim.kernel.runUntilTime(2_000 * MS);
    expect(p(4).state).toBe('OBSERVING');
    expect(p(4).decided[0]!.vote.leader).toBe(3);
    for (const d of ev('fle.decide')) expect(d.agreeing as number[]).not.toContain(4);
    expect(ev('fle.send', 4).every((e) => !(e.to as number[]).includes(4))).toBe(true);
  });

  it('bug ZOOKEEPER-1419: equal zxids, different epochs — 5 servers never settle (the fix settles at once)', () => {
    // Epochs 2,2,1,1,1: (lower epoch, higher sid) and (higher epoch) beat each other. A SendWorker
    // cost (capacity-1 queue back-pressure) keeps the resulting vote flood bounded.
    const cfgs = Object.fromEntries([2, 2, 1, 1, 1].map((epoch, i) => [i + 1, { zxid: zxid(1, 3), epoch }]));
    const run = (bug1419: boolean) => {
      const e = ensemble(cfgs, verifier([1, 2, 3, 4, 5]), 0, undefined, { fle: { bug1419 }, qcm: { sendCostUs: 100 }, trace: false });
      e.sim.kernel.runUntilTime(300 * MS);
      return e.sids.map((s) => e.p(s).decided.at(-1)?.vote.leader);
    };
    expect(run(false)).toEqual([2, 2, 2, 2, 2]);
    expect(run(true)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('property: all voters agree on one leader, the best (epoch, zxid, sid); weight 0 never leads', () => {
    const cfgArb = fc.record({ zxid: fc.integer({ min: 0, max: 3 }), epoch: fc.integer({ min: 0, max: 2 }) });
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e6 }), fc.array(cfgArb, { minLength: 3, maxLength: 5 }), fc.option(fc.nat(4), { nil: undefined }),
      (seed, arr, zeroIdx) => {
        const sids = arr.map((_, i) => i + 1);
        const zero = zeroIdx !== undefined && zeroIdx < sids.length ? sids[zeroIdx]! : undefined;
        const cfgs = Object.fromEntries(arr.map((c, i) => [i + 1, { zxid: zxid(c.epoch, c.zxid), epoch: c.epoch }]));
        const { sim, p } = ensemble(cfgs, verifier(sids, zero ? { [zero]: 0 } : {}), seed);
        sim.kernel.runUntilTime(10_000 * MS);
        const leaders = new Set(sids.map((s) => p(s).decided.at(-1)?.vote.leader));
        expect(leaders.size).toBe(1);
        const leader = [...leaders][0]!;
        expect(leader).not.toBe(zero);
        const rank = (s: number) => [cfgs[s]!.epoch, cfgs[s]!.zxid, s];
        const best = sids.filter((s) => s !== zero).sort((a, b) => {
          const [x, y] = [rank(a), rank(b)];
          return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
        }).at(-1);
        expect(leader).toBe(best);
        expect(sids.filter((s) => p(s).state === 'LEADING')).toEqual([leader]);
      },
    ), { numRuns: 30 });
  });
});
