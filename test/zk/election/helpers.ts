// Test doubles for the election: tiny verifiers, a NodeContext whose timers the test fires by
// hand, a recording transport, and a host that adopts the decided state as QuorumPeer does.
import type { NodeContext, NodeDisk } from '../../../engine/sim/process.ts';
import type { Random } from '../../../engine/kernel/random.ts';
import { FastLeaderElection } from '../../../engine/zk/election/fastLeaderElection.ts';
import type { DecideInfo, ElectionHost, FleOptions } from '../../../engine/zk/election/host.ts';
import type { ElectionTransport } from '../../../engine/zk/election/quorumCnxManager.ts';
import type {
  DecidedVia, ElectionVerifier, Notification, NotificationMsg, ServerState, Vote,
} from '../../../engine/zk/election/types.ts';

/** QuorumMaj-like: more than half of the voters; weights optional (sum of weights > half the total). */
export function verifier(voters: number[], weights: Record<number, number> = {}): ElectionVerifier {
  const w = (s: number) => (voters.includes(s) ? (weights[s] ?? 1) : 0);
  const total = voters.reduce((a, s) => a + w(s), 0);
  return {
    votingMembers: () => [...voters],
    isVoter: (s) => voters.includes(s),
    weight: w,
    containsQuorum: (set) => {
      const seen = new Set([...set].filter((s) => voters.includes(s)));
      return 2 * [...seen].reduce((a, s) => a + w(s), 0) > total;
    },
  };
}

export interface TraceRec { e: string; [k: string]: unknown }

/** A NodeContext without a kernel: timers are fired by the test (`fire`), time moves with them. */
export class FakeCtx implements NodeContext {
  t = 0;
  readonly timers = new Map<string, number>();
  readonly events: TraceRec[] = [];
  readonly tracing = true;
  readonly random = undefined as unknown as Random;
  readonly disk = undefined as unknown as NodeDisk;
  constructor(readonly id: number) {}
  now(): number { return this.t; }
  setTimer(key: string, delayUs: number): void { this.timers.set(key, this.t + delayUs); }
  cancelTimer(key: string): void { this.timers.delete(key); }
  hasTimer(key: string): boolean { return this.timers.has(key); }
  connect(): void { throw new Error('FakeCtx: no network'); }
  send(): void { throw new Error('FakeCtx: no network'); }
  close(): void { throw new Error('FakeCtx: no network'); }
  trace(e: string, fields: Record<string, unknown> = {}): void { this.events.push({ e, t: this.t, ...fields }); }
  /** Due time of `key` in µs (throws if not armed). */
  due(key: string): number {
    const at = this.timers.get(key);
    if (at === undefined) throw new Error(`timer ${key} not armed`);
    return at;
  }
  of(e: string): TraceRec[] { return this.events.filter((x) => x.e === e); }
}

export interface Sent { to: number; msg: NotificationMsg }

export class FakeTransport implements ElectionTransport {
  readonly sent: Sent[] = [];
  delivered = true;
  connectAlls = 0;
  halted = false;
  toSend(to: number, msg: NotificationMsg): void { this.sent.push({ to, msg }); }
  haveDelivered(): boolean { return this.delivered; }
  connectAll(): void { this.connectAlls++; }
  halt(): void { this.halted = true; }
  take(): Sent[] { return this.sent.splice(0); }
}

export interface HostState extends ElectionHost {
  state: ServerState;
  zxid: number;
  epoch: number;
  observer: boolean;
  qv: ElectionVerifier;
  readonly decided: { vote: Vote; how: DecidedVia; info: DecideInfo; t: number }[];
  readonly lookingReports: number[];
}

export function makeHost(sid: number, qv: ElectionVerifier, zxid = 0, epoch = 0, observer = false, ctx?: FakeCtx): HostState {
  const h: HostState = {
    sid, state: 'LOOKING', zxid, epoch, observer, qv, decided: [], lookingReports: [],
    verifier: () => h.qv,
    getPeerState: () => h.state,
    isObserver: () => h.observer,
    initialVote: () => ({ leader: sid, zxid: h.zxid, peerEpoch: h.epoch }),
    onDecided: (vote, how, info) => {
      h.decided.push({ vote, how, info, t: ctx?.t ?? -1 });
      h.state = info.state;
    },
    reportLookingSid: (s) => { h.lookingReports.push(s); },
  };
  return h;
}

export interface Rig { ctx: FakeCtx; host: HostState; tr: FakeTransport; fle: FastLeaderElection }

export function rig(sid: number, qv: ElectionVerifier, zxid = 0, epoch = 0, opts: FleOptions & { observer?: boolean } = {}): Rig {
  const ctx = new FakeCtx(sid);
  const host = makeHost(sid, qv, zxid, epoch, opts.observer ?? false, ctx);
  const tr = new FakeTransport();
  const fle = new FastLeaderElection(ctx, host, tr, opts);
  return { ctx, host, tr, fle };
}

/** Fires `key` at its due time. */
export function fire(r: Rig, key: string): void {
  r.ctx.t = r.ctx.due(key);
  r.ctx.timers.delete(key);
  r.fle.onTimer(key);
}

/** Moves the fake clock forward without firing anything (asserts nothing is due before). */
export function advance(r: Rig, us: number): void {
  const to = r.ctx.t + us;
  for (const [k, at] of r.ctx.timers) if (at < to) throw new Error(`timer ${k} due at ${at} before ${to}`);
  r.ctx.t = to;
}

/** A notification from `sid`: (leader, zxid, round, peerEpoch, state). */
export function n(sid: number, leader: number, zxid: number, electionEpoch: number, peerEpoch: number, state: ServerState = 'LOOKING', version = 2): Notification {
  return { sid, leader, zxid, electionEpoch, peerEpoch, state, version };
}
