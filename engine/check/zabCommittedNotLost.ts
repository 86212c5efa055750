// ZabCommittedNotLost: a txn a leader committed (zab.commit) is never lost.
//   - At the commit, the servers whose ACK the leader had received (zab.ackRecv), plus the
//     leader if it had logged the txn (zab.logged), must contain a quorum: each logged it
//     durably before acking, so it is durable on a quorum. (Needs the quorum verifier.)
//   - No zab.trunc drops it from a server's delivered state.
//   - No restart or truncation loses it from a quorum: its holders (the ackers and every
//     server that logged it) leave only through a zab.recovered whose log ends below it or
//     a zab.trunc below it; when they no longer contain a quorum (no holder at all, without
//     a verifier), it is lost. (A learner TRUNCed below a commit whose quorum did without
//     it is ZooKeeper's normal behaviour: the leader forwards the txn to it again.)
//   - Every leader that reaches BROADCAST in a later epoch holds it, as the same txn, in its
//     state (ZooKeeper's NEWLEADER: the new leader's history is what everyone keeps).
// One message per event: the first committed txn it loses, and how many more. A commit
// reported no longer durable is not reported so again.
import { hasSorted, insertSorted } from '../kernel/sorted.ts';
import { epochOf } from '../zk/zxid.ts';
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import { Fields, fmtMs, sidSet, type TraceEvent, type Violation } from './types.ts';
import { fmtZxid, problemsAs, readTxn, recoveredUpTo, type HistoryChecker } from './zabFields.ts';
import { ZabHistories, type HistoryChange } from './zabHistory.ts';

const NAME = 'CommittedNotLost';

interface Commit {
  zxid: number;
  /** The committing leader's proposal, when the trace had it. */
  txn: string | undefined;
  leader: number;
  t: number;
  holders: Set<number>;
  lost: boolean;
}

export class ZabCommittedNotLost implements HistoryChecker {
  readonly name = NAME;
  private readonly proposed = new Map<string, string>();
  /** Leader → zxid → servers whose ACK it received in its current incarnation. */
  private readonly acks = new Map<number, Map<number, Set<number>>>();
  /** Server → durable zxids (zab.logged), ascending. */
  private readonly logged = new Map<number, number[]>();
  /** Commits in zxid order. */
  private readonly commits: Commit[] = [];
  private readonly byZxid = new Map<number, Commit>();

  constructor(private readonly verifier?: QuorumVerifier, readonly histories: ZabHistories = new ZabHistories()) {}

  observe(ev: TraceEvent): Violation[] {
    const changes = this.histories.observe(ev);
    return [...problemsAs(NAME, changes), ...this.observeChanges(ev, changes)];
  }

  observeChanges(ev: TraceEvent, changes: readonly HistoryChange[]): Violation[] {
    const out = this.onEvent(ev, changes);
    for (const c of changes) if (c.kind === 'leaderBroadcast') out.push(...this.onLeaderBroadcast(c.sid, c.epoch, c.t));
    return out;
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onEvent(ev: TraceEvent, changes: readonly HistoryChange[]): Violation[] {
    const f = new Fields(ev);
    switch (ev.e) {
      case 'node.start': case 'node.crash': {
        const sid = f.int('node');
        if (f.problem === undefined) this.acks.delete(sid);
        return [];
      }
      case 'zab.propose': {
        const sid = f.int('node'), z = f.int('zxid'), txn = readTxn(f);
        if (f.problem === undefined) this.proposed.set(`${sid}:${z}`, txn);
        return [];
      }
      case 'zab.ackRecv': {
        const leader = f.int('node'), from = f.int('from'), z = f.int('zxid');
        if (f.problem !== undefined) return [f.violation(NAME)!];
        const done = this.byZxid.get(z);
        if (done) { // a late ACK: one more durable holder
          done.holders.add(from);
          return [];
        }
        let m = this.acks.get(leader);
        if (!m) this.acks.set(leader, (m = new Map()));
        let s = m.get(z);
        if (!s) m.set(z, (s = new Set()));
        s.add(from);
        return [];
      }
      case 'zab.logged': {
        const sid = f.int('node'), z = f.int('zxid');
        if (f.problem !== undefined) return [];
        insertSorted(this.loggedBy(sid), z);
        this.byZxid.get(z)?.holders.add(sid);
        return [];
      }
      case 'zab.commit': return this.onCommit(ev, f);
      case 'zab.trunc': return this.onTrunc(ev, f, changes);
      case 'zab.recovered': return this.onRecovered(ev, f);
      default: return [];
    }
  }

  private onCommit(ev: TraceEvent, f: Fields): Violation[] {
    const leader = f.int('node'), z = f.int('zxid');
    const claimed = f.ints('acks');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const acked = new Set(this.acks.get(leader)?.get(z) ?? []);
    this.acks.get(leader)?.delete(z);
    if (hasSorted(this.loggedBy(leader), z)) acked.add(leader);
    if (this.byZxid.has(z)) return [];
    const holders = new Set(acked);
    for (const [sid, zs] of this.logged) if (hasSorted(zs, z)) holders.add(sid);
    const c: Commit = { zxid: z, txn: this.proposed.get(`${leader}:${z}`), leader, t: ev.t, holders, lost: false };
    this.proposed.delete(`${leader}:${z}`);
    let i = this.commits.length;
    while (i > 0 && this.commits[i - 1]!.zxid > z) i--;
    this.commits.splice(i, 0, c);
    this.byZxid.set(z, c);
    if (!this.verifier || this.verifier.containsQuorum(acked)) return [];
    return [{
      checker: NAME,
      t: ev.t,
      message: `leader ${leader} committed ${fmtZxid(z)} at ${fmtMs(ev.t)} with only ${sidSet(acked)} having logged ` +
        `and acknowledged it (its zab.commit names ${sidSet(claimed)}): not a quorum, so a crash can lose it`,
    }];
  }

  private onTrunc(ev: TraceEvent, f: Fields, changes: readonly HistoryChange[]): Violation[] {
    const sid = f.int('node'), to = f.int('toZxid');
    if (f.problem !== undefined) return []; // ZabHistories reports it
    f.ints('dropped');
    if (f.problem !== undefined) return [f.violation(NAME)!];
    this.cutLogged(sid, to);
    // A TRUNC may drop a committed txn from a log: ZooKeeper's leader TRUNCs a learner to
    // maxCommittedLog, which can lag a commit whose quorum did not include that learner,
    // and startForwarding then sends it again. That is lost only if it leaves a quorum (as
    // a restart can), or if the server had delivered it: what it served goes backwards.
    const unserved = new Set<number>();
    for (const c of changes) if (c.kind === 'undelivered') for (const e of c.entries) unserved.add(e.zxid);
    const served = this.commitsAbove(to).filter((c) => unserved.has(c.zxid));
    const unquorate = this.leave(sid, to);
    const at = `server ${sid} truncated its log to ${fmtZxid(to)} at ${fmtMs(ev.t)}`;
    if (served.length > 0) {
      const c = served[0]!;
      const more = served.length > 1 ? ` and ${served.length - 1} more committed txns` : '';
      return [{ checker: NAME, t: ev.t, message: `${at}, dropping ${fmtZxid(c.zxid)}${more}, which leader ${c.leader} committed at ${fmtMs(c.t)}` }];
    }
    if (unquorate.length === 0) return [];
    return [this.noLongerDurable(unquorate, ev.t, at)];
  }

  private onRecovered(ev: TraceEvent, f: Fields): Violation[] {
    const sid = f.int('node'), last = recoveredUpTo(f);
    if (f.problem !== undefined) return [];
    this.cutLogged(sid, last);
    const lost = this.leave(sid, last);
    if (lost.length === 0) return [];
    return [this.noLongerDurable(lost, ev.t, `server ${sid} restarted at ${fmtMs(ev.t)} with its log ending at ${fmtZxid(last)}`)];
  }

  /** Commits above `zxid`, in zxid order. */
  private commitsAbove(zxid: number): Commit[] {
    let i = this.commits.length;
    while (i > 0 && this.commits[i - 1]!.zxid > zxid) i--;
    return this.commits.slice(i);
  }

  /** `sid` no longer holds the commits above `zxid`; returns those that thereby left a quorum. */
  private leave(sid: number, zxid: number): Commit[] {
    const lost: Commit[] = [];
    for (const c of this.commitsAbove(zxid)) {
      if (c.lost || !c.holders.has(sid)) continue;
      const before = this.durable(c.holders);
      c.holders.delete(sid);
      if (before && !this.durable(c.holders)) {
        c.lost = true;
        lost.push(c);
      }
    }
    return lost;
  }

  private noLongerDurable(lost: readonly Commit[], t: number, how: string): Violation {
    const c = lost[0]!;
    const more = lost.length > 1 ? ` (and ${lost.length - 1} more committed txns)` : '';
    const rest = c.holders.size === 0 ? 'no server holds it any more' : `only ${sidSet(c.holders)} still hold it`;
    return {
      checker: NAME,
      t,
      message: `${fmtZxid(c.zxid)}, committed by leader ${c.leader} at ${fmtMs(c.t)}, is no longer durable on a quorum${more}: ${how}, and ${rest}`,
    };
  }

  private onLeaderBroadcast(leader: number, epoch: number, t: number): Violation[] {
    let first: Commit | undefined;
    let missing = 0;
    const seq = this.histories.sequence(leader);
    for (const c of this.commits) {
      if (epochOf(c.zxid) >= epoch) break;
      const i = this.histories.indexOf(leader, c.zxid);
      if (i >= 0 && (c.txn === undefined || seq[i]!.txn === c.txn)) continue;
      missing++;
      first ??= c;
    }
    if (!first) return [];
    const more = missing > 1 ? ` (and ${missing - 1} more committed txns)` : '';
    const how = this.histories.indexOf(leader, first.zxid) < 0 ? 'without' : 'with a different txn at';
    return [{
      checker: NAME,
      t,
      message: `leader ${leader} reached BROADCAST of epoch ${epoch} at ${fmtMs(t)} ${how} ${fmtZxid(first.zxid)}${more}, ` +
        `which leader ${first.leader} committed at ${fmtMs(first.t)}`,
    }];
  }

  /** Durable enough: a quorum with a verifier, anyone at all without one. */
  private durable(holders: ReadonlySet<number>): boolean {
    return this.verifier ? this.verifier.containsQuorum(holders) : holders.size > 0;
  }

  private loggedBy(sid: number): number[] {
    let zs = this.logged.get(sid);
    if (!zs) this.logged.set(sid, (zs = []));
    return zs;
  }

  private cutLogged(sid: number, zxid: number): void {
    const zs = this.loggedBy(sid);
    while (zs.length > 0 && zs[zs.length - 1]! > zxid) zs.pop();
  }
}
