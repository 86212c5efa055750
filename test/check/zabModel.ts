// An idealised ZAB ensemble written as data, to generate *valid* ZAB traces for the checker
// property test: a list of actions (propose, replicate, fsync, commit, apply, crash,
// restart, elect, join, stepDown) is played over 3–5 servers; an action that does not
// apply in the current state is skipped, so any list is a run and fast-check can shrink it.
// It keeps ZooKeeper's rules: one leader per epoch, elected among a majority that is up by
// (currentEpoch, last zxid, sid); ACK after fsync; commit in order on a majority of ACKs; followers
// apply only committed txns; a crash loses what was not fsynced; a restart replays its log
// (from a snapshot point) into a state that is provisional until the next BROADCAST; sync
// by TRUNC+DIFF to the leader's committed history, or by SNAP; a follower's outstanding
// uncommitted proposals after a restart are TRUNCed and re-sent (syncFollower case 2).
import type { TraceEvent } from '../../engine/trace/sink.ts';
import { zxid } from '../../engine/zk/zxid.ts';
import { fnv } from './zabEvents.ts';

export const ACTIONS = ['propose', 'replicate', 'fsync', 'commit', 'apply', 'crash', 'restart', 'elect', 'join', 'stepDown'] as const;
export interface Action {
  kind: (typeof ACTIONS)[number];
  a: number;
}

interface LogEntry {
  zxid: number;
  txn: { type: string; path: string; data: string };
  digest: string;
}

interface Server {
  sid: number;
  up: boolean;
  log: LogEntry[];
  durable: number;
  applied: number;
  appliedAtCrash: number;
  /** The epoch of the last NEWLEADER it acknowledged (durable). */
  currentEpoch: number;
}

interface Leader {
  sid: number;
  epoch: number;
  counter: number;
  commitIdx: number;
  followers: Set<number>;
  acks: Map<number, Set<number>>;
}

export interface ModelRun {
  events: TraceEvent[];
  n: number;
  /** Indices of zab.apply events that are fresh deliveries (made in BROADCAST). */
  deliveries: Set<number>;
  /** The last zxid any leader committed (0 if none). */
  lastCommitted: number;
}

export class ZabModel {
  readonly events: TraceEvent[] = [];
  readonly deliveries = new Set<number>();
  private readonly servers: Server[] = [];
  private leader: Leader | undefined;
  private epoch = 0;
  private clock = 0;
  lastCommitted = 0;

  constructor(readonly n: number) {
    for (let sid = 1; sid <= n; sid++) {
      this.servers.push({ sid, up: true, log: [], durable: 0, applied: 0, appliedAtCrash: 0, currentEpoch: 0 });
      this.emit('node.start', { node: sid, incarnation: 1 });
      this.emit('zab.recovered', { node: sid, snapshotZxid: 0, replayed: 0, truncatedBytes: 0, lastZxid: 0 });
      this.emit('zk.zabState', { node: sid, zabState: 'ELECTION' });
    }
  }

  run(actions: readonly Action[]): ModelRun {
    for (const x of actions) this.step(x);
    return this.result();
  }

  /** Restart everyone, elect, and replicate/commit/apply until every server holds the whole history. */
  heal(): ModelRun {
    for (const s of this.servers) if (!s.up) this.restart(s, 0);
    if (!this.leader) this.elect(0);
    const L = this.leader!;
    for (const s of this.servers) if (s.sid !== L.sid && !L.followers.has(s.sid)) this.join(s, 0);
    for (const f of this.followerServers()) while (f.log.length < this.me(L).log.length) f.log.push(this.me(L).log[f.log.length]!);
    for (const f of this.followerServers()) this.fsync(f);
    while (this.commit());
    for (const f of this.followerServers()) while (this.applyNext(f));
    return this.result();
  }

  private result(): ModelRun {
    return { events: this.events, n: this.n, deliveries: this.deliveries, lastCommitted: this.lastCommitted };
  }

  private step(x: Action): void {
    const up = this.servers.filter((s) => s.up);
    const pick = <T>(xs: readonly T[]): T | undefined => xs[x.a % Math.max(1, xs.length)];
    switch (x.kind) {
      case 'propose': return this.leader ? this.propose(x.a) : this.elect(x.a);
      case 'replicate': {
        // The leader's PROPOSALs reach every follower; most log them at once, some stay unsynced a while.
        const L = this.leader;
        if (!L) return;
        for (const f of this.followerServers()) {
          while (f.log.length < this.me(L).log.length) f.log.push(this.me(L).log[f.log.length]!);
          if ((x.a + f.sid) % 3 !== 0) this.fsync(f);
        }
        return;
      }
      case 'fsync': { const f = pick(this.followerServers()); if (f) this.fsync(f); return; }
      case 'commit': while (this.commit()); return;
      case 'apply': { const f = pick(this.followerServers()); if (f) while (this.applyNext(f) && x.a % 4 !== 0); return; }
      case 'crash': { // the leader, one time in three
        const s = this.leader && x.a % 3 === 0 ? this.me(this.leader) : pick(up);
        if (s) this.crash(s);
        return;
      }
      case 'restart': { const s = pick(this.servers.filter((s) => !s.up)); if (s) this.restart(s, x.a); return; }
      case 'elect': this.elect(x.a); return;
      case 'join': {
        const L = this.leader;
        const s = pick(up.filter((s) => L && s.sid !== L.sid && !L.followers.has(s.sid)));
        if (s) this.join(s, x.a);
        return;
      }
      case 'stepDown': this.stepDown(); return;
    }
  }

  private propose(a: number): void {
    const L = this.leader;
    if (!L) return;
    const me = this.me(L);
    const z = zxid(L.epoch, ++L.counter);
    const txn = { type: 'setData', path: `/n${a % 3}`, data: `v${a % 100}` };
    me.log.push({ zxid: z, txn, digest: fnv(`${me.log[me.log.length - 1]?.digest ?? ''}|${z}|${JSON.stringify(txn)}`) });
    this.emit('zab.propose', { node: L.sid, zxid: z, txn });
    this.emit('zab.logged', { node: L.sid, zxid: z });
    me.durable = me.log.length;
    L.acks.set(me.log.length - 1, new Set([L.sid]));
  }

  private fsync(f: Server): void {
    const L = this.leader!;
    for (let i = f.durable; i < f.log.length; i++) {
      this.emit('zab.logged', { node: f.sid, zxid: f.log[i]!.zxid });
      if (i < L.commitIdx) continue;
      this.emit('zab.ackRecv', { node: L.sid, from: f.sid, zxid: f.log[i]!.zxid });
      L.acks.get(i)?.add(f.sid);
    }
    f.durable = f.log.length;
  }

  private commit(): boolean {
    const L = this.leader;
    if (!L) return false;
    const me = this.me(L);
    const i = L.commitIdx;
    const acks = L.acks.get(i);
    if (i >= me.log.length || !acks || acks.size * 2 <= this.n) return false;
    const e = me.log[i]!;
    this.emit('zab.commit', { node: L.sid, zxid: e.zxid, acks: [...acks].sort((a, b) => a - b) });
    this.lastCommitted = Math.max(this.lastCommitted, e.zxid);
    L.commitIdx++;
    this.applyEntry(me, true);
    return true;
  }

  private applyNext(f: Server): boolean {
    if (f.applied >= Math.min(f.log.length, this.leader!.commitIdx)) return false;
    this.applyEntry(f, true);
    return true;
  }

  private applyEntry(s: Server, fresh: boolean): void {
    const e = s.log[s.applied++]!;
    if (fresh) this.deliveries.add(this.events.length);
    this.emit('zab.apply', { node: s.sid, zxid: e.zxid, txn: e.txn, digest: e.digest });
  }

  private crash(s: Server): void {
    this.emit('node.crash', { node: s.sid, incarnation: 1 });
    s.up = false;
    s.appliedAtCrash = s.applied;
    s.log.length = s.durable;
    s.applied = 0;
    const L = this.leader;
    if (!L) return;
    if (L.sid === s.sid) {
      this.leader = undefined;
      for (const f of this.servers.filter((x) => L.followers.has(x.sid) && x.up)) this.toElection(f);
    } else if (L.followers.delete(s.sid) && (L.followers.size + 1) * 2 <= this.n) {
      this.stepDown();
    }
  }

  private restart(s: Server, a: number): void {
    this.emit('node.start', { node: s.sid, incarnation: 1 });
    this.emit('zk.zabState', { node: s.sid, zabState: 'ELECTION' });
    s.up = true;
    const k = a % (Math.min(s.appliedAtCrash, s.durable) + 1);
    const recovered = () => this.emit('zab.recovered', {
      node: s.sid, snapshotZxid: k > 0 ? s.log[k - 1]!.zxid : 0, replayed: s.log.length - k, truncatedBytes: 0,
      lastZxid: s.log[s.log.length - 1]?.zxid ?? 0,
    });
    if (a % 2 === 0) recovered();
    s.applied = k;
    while (s.applied < s.log.length) this.applyEntry(s, false);
    if (a % 2 === 1) recovered();
  }

  private toElection(s: Server): void {
    this.emit('zk.zabState', { node: s.sid, zabState: 'ELECTION' });
    while (s.applied < s.log.length) this.applyEntry(s, false); // fast-forward from its own log
  }

  private stepDown(): void {
    const L = this.leader;
    if (!L) return;
    this.leader = undefined;
    this.emit('zk.state', { node: L.sid, state: 'LOOKING', prev: 'LEADING', cause: 'quorum lost' });
    this.toElection(this.me(L));
    for (const f of this.servers.filter((x) => L.followers.has(x.sid) && x.up)) this.toElection(f);
  }

  private elect(a: number): void {
    const up = this.servers.filter((s) => s.up);
    if (this.leader || up.length * 2 <= this.n) return;
    // FastLeaderElection.totalOrderPredicate: currentEpoch, then last zxid, then sid.
    const vote = (s: Server) => [s.currentEpoch, s.log[s.log.length - 1]?.zxid ?? 0, s.sid];
    const beats = (x: Server, y: Server) => {
      const [a, b] = [vote(x), vote(y)];
      return a[0]! > b[0]! || (a[0] === b[0] && (a[1]! > b[1]! || (a[1] === b[1] && a[2]! > b[2]!)));
    };
    const me = up.reduce((b, s) => (beats(s, b) ? s : b));
    const L: Leader = { sid: me.sid, epoch: ++this.epoch, counter: 0, commitIdx: 0, followers: new Set(), acks: new Map() };
    const sids = up.map((s) => s.sid);
    for (const s of sids) this.emit('zk.zabState', { node: s, zabState: 'DISCOVERY' });
    this.emit('zk.state', { node: me.sid, state: 'LEADING', prev: 'LOOKING', cause: 'elected' });
    this.emit('zab.established', { node: me.sid, epoch: L.epoch, acked: sids });
    for (const s of sids) this.emit('zk.zabState', { node: s, zabState: 'SYNCHRONIZATION' });
    for (let i = me.durable; i < me.log.length; i++) this.emit('zab.logged', { node: me.sid, zxid: me.log[i]!.zxid });
    me.durable = me.log.length;
    while (me.applied < me.log.length) this.applyEntry(me, false);
    L.commitIdx = me.log.length;
    me.currentEpoch = L.epoch;
    this.leader = L;
    for (const f of up) if (f !== me) this.sync(f, a);
    this.emit('zab.newLeaderAcked', { node: me.sid, epoch: L.epoch, acked: sids });
    for (const s of sids) this.emit('zk.zabState', { node: s, zabState: 'BROADCAST' });
  }

  private join(s: Server, a: number): void {
    this.emit('zk.zabState', { node: s.sid, zabState: 'DISCOVERY' });
    this.emit('zk.zabState', { node: s.sid, zabState: 'SYNCHRONIZATION' });
    this.sync(s, a);
    this.emit('zk.zabState', { node: s.sid, zabState: 'BROADCAST' });
  }

  /** LearnerHandler.syncFollower + Learner.syncWithLeader, up to NEWLEADER (txns synced). */
  private sync(f: Server, a: number): void {
    const L = this.leader!, lead = this.me(L);
    const upTo = L.commitIdx;
    if ((a + f.sid) % 4 === 0 && upTo > 0) {
      f.log = lead.log.slice(0, upTo);
      this.emit('zab.snapSync', { node: f.sid, from: L.sid, zxid: f.log[upTo - 1]!.zxid });
      f.applied = f.durable = upTo;
    } else {
      let p = 0;
      while (p < Math.min(f.log.length, upTo) && f.log[p]!.zxid === lead.log[p]!.zxid) p++;
      if (f.log.length > p) {
        this.emit('zab.trunc', { node: f.sid, toZxid: lead.log[p - 1]?.zxid ?? 0, dropped: f.log.slice(p).map((e) => e.zxid) });
        f.log.length = p;
        f.durable = Math.min(f.durable, p);
        f.applied = Math.min(f.applied, p);
      }
    }
    while (f.log.length < lead.log.length) f.log.push(lead.log[f.log.length]!);
    L.followers.add(f.sid);
    this.fsync(f);
    f.currentEpoch = L.epoch; // persisted before its NEWLEADER ACK (3.8.5+: after the txns)
    while (f.applied < upTo) this.applyEntry(f, false);
  }

  private followerServers(): Server[] {
    const L = this.leader;
    return L ? this.servers.filter((s) => L.followers.has(s.sid)) : [];
  }

  private me(L: Leader): Server {
    return this.servers[L.sid - 1]!;
  }

  private emit(e: string, fields: Record<string, unknown>): void {
    this.events.push({ t: ++this.clock * 1000, e, ...fields });
  }
}
