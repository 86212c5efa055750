// The ZAB model of a trace, for the Log and Prefixes views and the timeline's ZAB marks. It
// is derived from the zab.* events (engine/zk/peer/traceEvents.ts) once per trace, on first
// use (one pass; a trace without ZAB events costs a check of its event names), and then
// queried at an event index, the cursor. Per server it keeps
// - its txn log: a row per txn that became durable (zab.logged), or that a replay found in a
//   log written before the trace, and when the row left the log (zab.trunc, or a recovery that
//   no longer found it: a torn tail, an unsynced write lost in a crash);
// - its state's history: each zab.apply as a record, live from its event until the same zxid
//   is applied again (a replay), the state is cut below it (zab.trunc, a recovery that ended
//   lower) or replaced (zab.snapSync). A SNAP image, or a snapshot older than the trace,
//   "covers" the zxids at and below it without listing them;
// - its ZAB milestones (sync decisions, truncations, snapshots, recoveries) by event index,
//   and its state's last zxid over time (what the Cluster view shows, what its votes carry).
// (That part lives in zabServer.ts.) For the whole run: each zxid's first commit, its txn,
// the acks the leader counted. Invariant: records and rows are appended in event order, so
// "live at cursor c" is idx <= c < endIdx, and a query scans only what precedes c.
import { num, nums, obj, str } from './fields.ts';
import type { TraceIndex } from './index.ts';
import { upperBound } from './search.ts';
import type { TraceEvent } from './types.ts';
import { ServerZab, type ApplyRec, type ApplyVia, type LogRow } from './zabServer.ts';
import { zxidHex } from './zxid.ts';

export { ServerZab, type ApplyRec, type ApplyVia, type Cover, type LogRow } from './zabServer.ts';

export type MarkKind = 'DIFF' | 'TRUNC' | 'SNAP' | 'snapshot';

/** Something the timeline draws on a server's lane. */
export interface ZabMark {
  idx: number;
  node: number;
  kind: MarkKind;
}

interface Ack { leader: number; from: number; idx: number }

export class ZabModel {
  readonly servers = new Map<number, ServerZab>();
  /** Every event the model read, ascending: its version at c is upperBound(events, c). */
  readonly events: number[] = [];
  readonly marks: ZabMark[] = [];
  /** zxid → the event index of its first zab.commit. */
  readonly commits = new Map<number, number>();
  /** Commits in event order, for "committed by cursor c". */
  readonly commitList: { zxid: number; idx: number }[] = [];
  /** zxid → the first zab.propose: event index and leader. */
  readonly proposals = new Map<number, { idx: number; leader: number }>();
  /** zxid → the first zab.apply of it anywhere. */
  readonly firstApply = new Map<number, number>();
  readonly txns = new Map<number, Record<string, unknown>>();
  readonly acks = new Map<number, Ack[]>();
  /** Whether the trace has any ZAB event at all. */
  any = false;

  server(sid: number): ServerZab {
    let s = this.servers.get(sid);
    if (!s) this.servers.set(sid, (s = new ServerZab(sid)));
    return s;
  }

  /** This model's version at cursor c: changes exactly when an event it read is passed. */
  version(c: number): number {
    return upperBound(this.events, c);
  }

  isCommitted(rec: ApplyRec, c: number): boolean {
    if (rec.via !== 'replay') return true;
    const ci = this.commits.get(rec.zxid);
    return ci !== undefined ? ci <= c : this.beforeTrace(rec.zxid);
  }

  /** A zxid nobody proposed or committed in this trace: it was on disk before the run. */
  beforeTrace(zxid: number): boolean {
    return !this.proposals.has(zxid) && !this.commits.has(zxid);
  }

  /** Acks the leader counted for zxid by cursor c (from = the acking server). */
  acksAt(zxid: number, c: number): Ack[] {
    return (this.acks.get(zxid) ?? []).filter((a) => a.idx <= c);
  }

  add(ev: TraceEvent, i: number): void {
    const e = ev.e;
    if (e === 'node.start' || e === 'node.crash') {
      if (!this.servers.has(num(ev, 'node'))) return;
      this.milestone(this.server(num(ev, 'node')), i);
      this.events.push(i);
      return;
    }
    if (!e.startsWith('zab.')) return;
    this.any = true;
    const node = num(ev, 'node');
    const s = this.server(node);
    const zxid = num(ev, 'zxid');
    switch (e) {
      case 'zab.propose':
        if (!this.proposals.has(zxid)) this.proposals.set(zxid, { idx: i, leader: node });
        this.txn(zxid, ev);
        break;
      case 'zab.logged': this.logged(s, zxid, i); break;
      case 'zab.ackRecv': {
        let list = this.acks.get(zxid);
        if (!list) this.acks.set(zxid, (list = []));
        list.push({ leader: node, from: num(ev, 'from'), idx: i });
        break;
      }
      case 'zab.commit':
        if (!this.commits.has(zxid)) { this.commits.set(zxid, i); this.commitList.push({ zxid, idx: i }); }
        break;
      case 'zab.apply': this.apply(s, ev, i); break;
      case 'zab.trunc': {
        const to = num(ev, 'toZxid');
        const dropped = nums(ev, 'dropped');
        for (const z of dropped) this.leaveLog(s, z, i, `TRUNC to ${zxidHex(to)}`);
        s.truncs.push({ idx: i, zxid: to, dropped: dropped.length });
        this.cutState(s, to, i);
        this.milestone(s, i);
        break;
      }
      case 'zab.recovered': this.recovered(s, ev, i); break;
      case 'zab.snapSync': {
        for (const r of s.liveApplies.values()) r.endIdx = i;
        s.liveApplies.clear();
        const digest = str(ev, 'digest');
        this.push(s, { zxid, digest, idx: i, via: 'snap', endIdx: Infinity });
        s.setLast(i, zxid);
        s.covers.push({ idx: i, zxid, digest, from: num(ev, 'from') });
        s.coverIdx.push(i);
        this.milestone(s, i);
        break;
      }
      case 'zab.snapshot':
        s.snapshots.push({ idx: i, zxid });
        this.marks.push({ idx: i, node, kind: 'snapshot' });
        this.milestone(s, i);
        break;
      case 'zab.syncMode': {
        const learner = this.server(num(ev, 'learner'));
        learner.syncs.push(i);
        this.milestone(learner, i);
        this.milestone(s, i);
        const mode = str(ev, 'mode');
        if (mode === 'DIFF' || mode === 'TRUNC' || mode === 'SNAP') this.marks.push({ idx: i, node: learner.sid, kind: mode });
        break;
      }
      case 'zab.newLeaderAcked':
        this.newHistoryCommitted(s, i);
        this.milestone(s, i);
        break;
      case 'zab.uptodate': case 'zab.quorumLost': case 'zab.learnerDropped': case 'zab.proposalTimeout':
      case 'zab.established': case 'zab.discoveryFailed':
        this.milestone(s, i);
        break;
      default: return;
    }
    this.events.push(i);
  }

  /**
   * A quorum acked NEWLEADER: the new leader's whole history is committed, also proposals
   * of an earlier epoch that never got a COMMIT (a leader that stepped down kept them, won
   * again, and they reach the others by DIFF). Seeded txns stay "before the trace".
   */
  private newHistoryCommitted(leader: ServerZab, i: number): void {
    const zxids = [...leader.liveApplies.keys()].filter((z) => this.proposals.has(z) && !this.commits.has(z)).sort((a, b) => a - b);
    for (const z of zxids) { this.commits.set(z, i); this.commitList.push({ zxid: z, idx: i }); }
  }

  private milestone(s: ServerZab, i: number): void {
    if (s.milestones[s.milestones.length - 1] !== i) s.milestones.push(i);
  }

  private txn(zxid: number, ev: TraceEvent): void {
    const t = obj(ev, 'txn');
    if (t && !this.txns.has(zxid)) this.txns.set(zxid, t);
  }

  private logged(s: ServerZab, zxid: number, i: number): void {
    if (s.liveRows.has(zxid)) return;
    const row: LogRow = { zxid, idx: i, beforeTrace: false, goneIdx: Infinity, goneWhy: '' };
    s.rows.push(row); s.rowIdx.push(i);
    s.liveRows.set(zxid, row);
  }

  private leaveLog(s: ServerZab, zxid: number, i: number, why: string): void {
    const row = s.liveRows.get(zxid);
    if (!row) return;
    row.goneIdx = i; row.goneWhy = why;
    s.liveRows.delete(zxid);
  }

  private push(s: ServerZab, rec: ApplyRec): void {
    s.applies.push(rec); s.applyIdx.push(rec.idx);
    s.liveApplies.set(rec.zxid, rec);
  }

  private apply(s: ServerZab, ev: TraceEvent, i: number): void {
    const zxid = num(ev, 'zxid');
    const via = str(ev, 'via') as ApplyVia;
    this.txn(zxid, ev);
    if (!this.firstApply.has(zxid)) this.firstApply.set(zxid, i);
    const prev = s.liveApplies.get(zxid);
    if (prev) prev.endIdx = i;
    this.push(s, { zxid, digest: str(ev, 'digest'), idx: i, via, endIdx: Infinity });
    s.setLast(i, zxid);
    if (via === 'commit' || via === 'sync') s.commitTimes.push(ev.t);
    // A replay reads the server's own log: a txn it finds there but was never seen logged in
    // this trace was written before the run.
    if (via === 'replay' && !s.liveRows.has(zxid)) {
      const row: LogRow = { zxid, idx: i, beforeTrace: true, goneIdx: Infinity, goneWhy: '' };
      s.rows.push(row); s.rowIdx.push(i);
      s.liveRows.set(zxid, row);
    }
  }

  /** The state no longer holds anything above `to`. */
  private cutState(s: ServerZab, to: number, i: number): void {
    for (const [z, r] of s.liveApplies) if (z > to) { r.endIdx = i; s.liveApplies.delete(z); }
  }

  private recovered(s: ServerZab, ev: TraceEvent, i: number): void {
    const cause = str(ev, 'cause');
    const last = num(ev, 'lastZxid');
    const snapZxid = num(ev, 'snapshotZxid');
    if (cause === 'restart' || cause === 'reload') {
      const why = num(ev, 'truncatedBytes') > 0 ? 'a torn log tail cut off at the restart' : 'not on disk at the restart (never fsynced)';
      for (const z of [...s.liveRows.keys()]) if (z > last) this.leaveLog(s, z, i, why);
      // Rebuilt from a snapshot this trace never saw the txns of: it covers them.
      if (snapZxid > 0 && !s.liveApplies.has(snapZxid)) {
        const known = [...s.liveApplies.keys()].some((z) => z <= snapZxid);
        const cover = s.covers[s.covers.length - 1];
        if (!known && (!cover || cover.zxid < snapZxid)) {
          s.covers.push({ idx: i, zxid: snapZxid, ...(num(ev, 'replayed') === 0 ? { digest: str(ev, 'digest') } : {}) });
          s.coverIdx.push(i);
        }
      }
    }
    this.cutState(s, last, i);
    s.setLast(i, last);
    this.milestone(s, i);
  }

  finish(): void {
    for (const s of this.servers.values()) {
      s.commitT = Float64Array.from(s.commitTimes);
      s.commitTimes.length = 0;
    }
  }
}

const cache = new WeakMap<TraceIndex, ZabModel>();
const waiting = new WeakMap<TraceIndex, ((m: ZabModel) => void)[]>();

/** Whether the trace has ZAB events (from the event names: nothing is parsed or built). */
export function hasZab(ix: TraceIndex): boolean {
  return ix.eventNames.some((n) => n.startsWith('zab.'));
}

/**
 * The ZAB model of a trace, built now if it was not yet. It reads only the events it needs:
 * when the index knows each event's name (`nameIds`, an index scanned from bytes parses
 * events lazily) it never touches the others.
 */
export function zabOf(ix: TraceIndex): ZabModel {
  let m = cache.get(ix);
  if (m) return m;
  m = new ZabModel();
  if (hasZab(ix)) {
    for (const sid of ix.nodes) m.server(sid);
    const wanted = ix.eventNames.map((n) => n.startsWith('zab.') || n === 'node.start' || n === 'node.crash');
    const ids = (ix as unknown as { nameIds?: Int32Array }).nameIds;
    const n = ix.times.length;
    for (let i = 0; i < n; i++) {
      if (ids && !wanted[ids[i]!]) continue;
      m.add(ix.events[i]!, i);
    }
  }
  m.finish();
  cache.set(ix, m);
  return m;
}

/** The model if it is built already (for what must not delay the first render). */
export function zabIfBuilt(ix: TraceIndex): ZabModel | undefined {
  return cache.get(ix);
}

/**
 * Calls `fn` with the model: now if it is built, else once a build started soon after (in a
 * later task, so the first render does not wait for it). Every caller waiting shares it.
 */
export function whenZab(ix: TraceIndex, fn: (m: ZabModel) => void): void {
  const m = cache.get(ix);
  if (m) { fn(m); return; }
  const list = waiting.get(ix);
  if (list) { list.push(fn); return; }
  waiting.set(ix, [fn]);
  setTimeout(() => {
    const model = zabOf(ix);
    const fns = waiting.get(ix) ?? [];
    waiting.delete(ix);
    for (const f of fns) f(model);
  }, 0);
}
