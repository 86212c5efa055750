// ZabHistories: each server's history re-derived from ZAB trace events, the ground the ZAB
// checkers stand on. A server's *state* is the sequence of txns it applied (zab.apply), in
// apply order. Its *delivered* history is the prefix of that state it has served: what it
// applied while in BROADCAST, plus everything in its state when it enters BROADCAST
// (zk.zabState). What a server applies outside BROADCAST — replaying its log after a
// restart, fast-forwarding from its log after losing its leader, DIFF txns during sync —
// is provisional until then: ZooKeeper serves none of it, and a TRUNC may still take it
// back (an old epoch's uncommitted proposal). Before any zk.zabState, node.start or
// node.crash for a server, its applies count as delivered at once.
//
// The state is cut back to a prefix by zab.trunc (toZxid), by zab.recovered (the restart
// rebuilt it from disk, up to the later of lastZxid and snapshotZxid; the logged tail the
// server had not applied is filled in from its zab.logged zxids and the leaders'
// proposals), and by an apply of a *different* txn at a zxid it holds. Re-applying a txn
// it holds (a replay, before or after zab.recovered) is not a new delivery.
// `zab.snapSync {from, zxid}` (a learner replaced its state with leader `from`'s snapshot
// at zxid) makes its state the leader's history up to zxid.
//
// observe() answers with the changes the checkers judge: entries delivered (with their
// position), delivered entries taken back, a leader reaching BROADCAST, malformed events.
import { insertSorted } from '../kernel/sorted.ts';
import { zxidHex } from '../zk/zxid.ts';
import { Fields, fmtMs, type TraceEvent } from './types.ts';
import { readDigest, readTxn, recoveredUpTo } from './zabFields.ts';

export type ZabPhase = 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST';
const PHASES: readonly string[] = ['ELECTION', 'DISCOVERY', 'SYNCHRONIZATION', 'BROADCAST'];
const WATCHED: ReadonlySet<string> = new Set([
  'node.start', 'node.crash', 'zk.state', 'zk.zabState', 'zab.established', 'zab.newLeaderAcked',
  'zab.propose', 'zab.logged', 'zab.apply', 'zab.trunc', 'zab.recovered', 'zab.snapSync',
]);

export interface Entry {
  readonly zxid: number;
  /** The txn as canonical JSON (object keys sorted): equal txns are equal strings. */
  readonly txn: string;
  /** When it entered the state (µs). */
  readonly t: number;
  /** The state digest after it, as JSON; undefined when not traced (e.g. a filled-in tail). */
  readonly digest: string | undefined;
}

export type HistoryChange =
  | { readonly kind: 'delivered'; readonly sid: number; readonly entry: Entry; readonly index: number; readonly t: number }
  | { readonly kind: 'undelivered'; readonly sid: number; readonly entries: readonly Entry[]; readonly t: number; readonly cause: string }
  | { readonly kind: 'leaderBroadcast'; readonly sid: number; readonly epoch: number; readonly t: number }
  | { readonly kind: 'problem'; readonly t: number; readonly message: string };

interface Server {
  entries: Entry[];
  /** entries[0..delivered) are delivered. */
  delivered: number;
  byZxid: Map<number, number>;
  phase: ZabPhase | undefined;
  up: boolean;
  /** Durable zxids (zab.logged), ascending. */
  logged: number[];
  /** The epoch it established as leader, until it stops leading. */
  leaderEpoch: number | undefined;
}

export class ZabHistories {
  private readonly servers = new Map<number, Server>();
  /** zxid → the first txn proposed at it (to fill in a recovered log tail). */
  private readonly proposals = new Map<number, string>();
  /** Leaders in BROADCAST: sid → epoch. */
  private readonly serving = new Map<number, number>();

  observe(ev: TraceEvent): HistoryChange[] {
    if (!WATCHED.has(ev.e)) return [];
    const f = new Fields(ev);
    const sid = f.int('node');
    const out: HistoryChange[] = [];
    this.dispatch(ev, f, sid, out);
    const bad = f.violation('');
    if (bad) out.push({ kind: 'problem', t: ev.t, message: bad.message });
    return out;
  }

  // ---- queries -------------------------------------------------------------------------

  /** The server's state: delivered entries first, then provisional ones. */
  sequence(sid: number): readonly Entry[] {
    return this.servers.get(sid)?.entries ?? [];
  }

  deliveredCount(sid: number): number {
    return this.servers.get(sid)?.delivered ?? 0;
  }

  /** Position of zxid in the server's state, or -1. */
  indexOf(sid: number, zxid: number): number {
    return this.servers.get(sid)?.byZxid.get(zxid) ?? -1;
  }

  /** Servers seen so far, ascending. */
  sids(): number[] {
    return [...this.servers.keys()].sort((a, b) => a - b);
  }

  isUp(sid: number): boolean {
    return this.servers.get(sid)?.up ?? false;
  }

  /** Leaders now in BROADCAST, sid → epoch. */
  servingLeaders(): ReadonlyMap<number, number> {
    return this.serving;
  }

  // ---- events --------------------------------------------------------------------------

  private dispatch(ev: TraceEvent, f: Fields, sid: number, out: HistoryChange[]): void {
    if (ev.e === 'zk.state') {
      const state = f.str('state');
      if (f.problem === undefined && state !== 'LEADING') this.stopLeading(sid);
      return;
    }
    if (ev.e === 'node.start' || ev.e === 'node.crash') {
      if (f.problem !== undefined) return;
      const s = this.server(sid);
      s.up = ev.e === 'node.start';
      s.phase = 'ELECTION';
      this.stopLeading(sid);
      return;
    }
    switch (ev.e) {
      case 'zk.zabState': return this.onPhase(ev, f, sid, out);
      case 'zab.established':
      case 'zab.newLeaderAcked': {
        const epoch = f.int('epoch');
        if (f.problem === undefined) this.server(sid).leaderEpoch = epoch;
        return;
      }
      case 'zab.propose': {
        const z = f.int('zxid');
        const txn = readTxn(f);
        if (f.problem === undefined && !this.proposals.has(z)) this.proposals.set(z, txn);
        return;
      }
      case 'zab.logged': {
        const z = f.int('zxid');
        if (f.problem === undefined) insertSorted(this.server(sid).logged, z);
        return;
      }
      case 'zab.apply': return this.onApply(ev, f, sid, out);
      case 'zab.trunc': {
        const to = f.int('toZxid');
        if (f.problem !== undefined) return;
        const s = this.server(sid);
        this.cutAbove(s, sid, to, ev.t, `server ${sid} truncated its log to ${zxidHex(to)} at ${fmtMs(ev.t)}`, out);
        return;
      }
      case 'zab.recovered': return this.onRecovered(ev, f, sid, out);
      case 'zab.snapSync': return this.onSnapSync(ev, f, sid, out);
    }
  }

  private onPhase(ev: TraceEvent, f: Fields, sid: number, out: HistoryChange[]): void {
    const phase = f.str('zabState');
    if (f.problem === undefined && !PHASES.includes(phase)) {
      f.problem = `field 'zabState' should be one of ${PHASES.join('|')}, got ${JSON.stringify(phase)}`;
    }
    if (f.problem !== undefined) return;
    const s = this.server(sid);
    s.phase = phase as ZabPhase;
    if (s.phase !== 'BROADCAST') {
      this.serving.delete(sid);
      if (s.phase === 'ELECTION') s.leaderEpoch = undefined;
      return;
    }
    this.promote(s, sid, ev.t, out);
    if (s.leaderEpoch !== undefined && this.serving.get(sid) !== s.leaderEpoch) {
      this.serving.set(sid, s.leaderEpoch);
      out.push({ kind: 'leaderBroadcast', sid, epoch: s.leaderEpoch, t: ev.t });
    }
  }

  private onApply(ev: TraceEvent, f: Fields, sid: number, out: HistoryChange[]): void {
    const z = f.int('zxid');
    const txn = readTxn(f);
    const digest = readDigest(f);
    if (f.problem !== undefined) return;
    const s = this.server(sid);
    const i = s.byZxid.get(z);
    if (i !== undefined) {
      const held = s.entries[i]!;
      if (held.txn === txn) {
        if (held.digest === undefined && digest !== undefined) s.entries[i] = { ...held, digest };
        return; // a replay of what it holds: not a new delivery
      }
      this.cut(s, sid, i, ev.t, `server ${sid} applied a different txn at ${zxidHex(z)} at ${fmtMs(ev.t)}`, out);
    }
    this.append(s, { zxid: z, txn, t: ev.t, digest });
    if (s.phase === undefined || s.phase === 'BROADCAST') this.promote(s, sid, ev.t, out);
  }

  private onRecovered(ev: TraceEvent, f: Fields, sid: number, out: HistoryChange[]): void {
    const last = recoveredUpTo(f);
    if (f.problem !== undefined) return;
    const s = this.server(sid);
    if (s.phase === undefined) s.phase = 'ELECTION';
    this.cutAbove(s, sid, last, ev.t, `server ${sid} recovered at ${fmtMs(ev.t)} with its log ending at ${zxidHex(last)}`, out);
    // The durable tail it had logged but not applied is in its state now too.
    const top = s.entries.length > 0 ? s.entries[s.entries.length - 1]!.zxid : -1;
    for (const z of s.logged) {
      if (z <= top) continue;
      const txn = this.proposals.get(z);
      if (txn === undefined) break;
      this.append(s, { zxid: z, txn, t: ev.t, digest: undefined });
    }
  }

  private onSnapSync(ev: TraceEvent, f: Fields, sid: number, out: HistoryChange[]): void {
    const from = f.int('from');
    const z = f.int('zxid');
    if (f.problem !== undefined) return;
    const s = this.server(sid);
    const snap = (this.servers.get(from)?.entries ?? []).filter((e) => e.zxid <= z);
    let k = 0;
    while (k < snap.length && k < s.entries.length && snap[k]!.zxid === s.entries[k]!.zxid && snap[k]!.txn === s.entries[k]!.txn) k++;
    this.cut(s, sid, k, ev.t, `server ${sid} loaded a snapshot of ${zxidHex(z)} from leader ${from} at ${fmtMs(ev.t)}`, out);
    for (const e of snap.slice(k)) this.append(s, e);
    s.logged = s.logged.filter((x) => x <= z);
    if (s.phase === undefined || s.phase === 'BROADCAST') this.promote(s, sid, ev.t, out);
  }

  // ---- state changes -------------------------------------------------------------------

  private server(sid: number): Server {
    let s = this.servers.get(sid);
    if (!s) {
      s = { entries: [], delivered: 0, byZxid: new Map(), phase: undefined, up: true, logged: [], leaderEpoch: undefined };
      this.servers.set(sid, s);
    }
    return s;
  }

  private stopLeading(sid: number): void {
    const s = this.servers.get(sid);
    if (s) s.leaderEpoch = undefined;
    this.serving.delete(sid);
  }

  private append(s: Server, e: Entry): void {
    s.byZxid.set(e.zxid, s.entries.length);
    s.entries.push(e);
  }

  private promote(s: Server, sid: number, t: number, out: HistoryChange[]): void {
    for (let i = s.delivered; i < s.entries.length; i++) out.push({ kind: 'delivered', sid, entry: s.entries[i]!, index: i, t });
    s.delivered = s.entries.length;
  }

  /** Cuts the longest suffix of entries above `zxid` (and the durable log above it). */
  private cutAbove(s: Server, sid: number, zxid: number, t: number, cause: string, out: HistoryChange[]): void {
    let n = s.entries.length;
    while (n > 0 && s.entries[n - 1]!.zxid > zxid) n--;
    this.cut(s, sid, n, t, cause, out);
    while (s.logged.length > 0 && s.logged[s.logged.length - 1]! > zxid) s.logged.pop();
  }

  /** Keeps entries[0..n). */
  private cut(s: Server, sid: number, n: number, t: number, cause: string, out: HistoryChange[]): void {
    if (n >= s.entries.length) return;
    const removed = s.entries.splice(n);
    for (const e of removed) s.byZxid.delete(e.zxid);
    if (s.delivered > n) {
      out.push({ kind: 'undelivered', sid, entries: removed.slice(0, s.delivered - n), t, cause });
      s.delivered = n;
    }
  }
}
