// One server in the ZAB model (zab.ts): its txn log rows, its state's apply records, the
// snapshots covering what the trace never listed, its milestones, and the change points of
// its last zxid; and the per-cursor queries over them. Built by ZabModel, in event order:
// "live at cursor c" is idx <= c < endIdx, found by a binary search and a scan of what
// precedes c.
import { lastAtOrBefore, upperBound } from './search.ts';

export type ApplyVia = 'commit' | 'sync' | 'replay' | 'snap';

export interface ApplyRec {
  zxid: number;
  digest: string;
  idx: number;
  via: ApplyVia;
  /** First event at which the record no longer describes the state (Infinity: never). */
  endIdx: number;
}

export interface LogRow {
  zxid: number;
  /** zab.logged, or the replay that found a txn logged before the trace. */
  idx: number;
  beforeTrace: boolean;
  /** When the txn left the log (Infinity: never), and why, in words. */
  goneIdx: number;
  goneWhy: string;
}

/** What a SNAP image or an old snapshot put into the state without per-txn events. */
export interface Cover {
  idx: number;
  zxid: number;
  digest?: string;
  /** The leader that sent the image (zab.snapSync); absent for a snapshot on disk. */
  from?: number;
}

export class ServerZab {
  readonly rows: LogRow[] = [];
  readonly rowIdx: number[] = [];
  readonly applies: ApplyRec[] = [];
  readonly applyIdx: number[] = [];
  readonly covers: Cover[] = [];
  readonly coverIdx: number[] = [];
  /** Event indices of zab.syncMode where this server is the learner. */
  readonly syncs: number[] = [];
  /** Event indices of this server's ZAB milestones (also node.start / node.crash). */
  readonly milestones: number[] = [];
  /** Snapshots made durable. */
  readonly snapshots: { idx: number; zxid: number }[] = [];
  /** Its log cut by TRUNC: where, and how many txns it dropped. */
  readonly truncs: { idx: number; zxid: number; dropped: number }[] = [];
  /** Times (µs) at which it applied a committed txn (via commit or sync): the timeline's ticks. */
  commitT: Float64Array = new Float64Array(0);
  readonly commitTimes: number[] = [];
  /** Change points of the state's last zxid (ZooKeeper's getLastLoggedZxid: the data tree's
   *  lastProcessedZxid, which votes carry): event indices and values. */
  readonly lastIdx: number[] = [];
  readonly lastZxid: number[] = [];
  readonly liveRows = new Map<number, LogRow>();
  readonly liveApplies = new Map<number, ApplyRec>();

  constructor(readonly sid: number) {}

  /** The state's records live at cursor c, in zxid order, and the cover under them. */
  stateAt(c: number): { recs: ApplyRec[]; cover: Cover | undefined } {
    const k = upperBound(this.applyIdx, c);
    const recs: ApplyRec[] = [];
    let sorted = true;
    for (let j = 0; j < k; j++) {
      const r = this.applies[j]!;
      if (r.endIdx <= c) continue;
      if (recs.length && recs[recs.length - 1]!.zxid > r.zxid) sorted = false;
      recs.push(r);
    }
    if (!sorted) recs.sort((a, b) => a.zxid - b.zxid);
    const ci = lastAtOrBefore(this.coverIdx, c);
    return { recs, cover: ci >= 0 ? this.covers[ci] : undefined };
  }

  /** The state's last zxid at cursor c, or undefined before any ZAB event of this server. */
  lastAt(c: number): number | undefined {
    const k = lastAtOrBefore(this.lastIdx, c);
    return k < 0 ? undefined : this.lastZxid[k];
  }

  setLast(i: number, zxid: number): void {
    if (this.lastIdx[this.lastIdx.length - 1] === i) this.lastZxid[this.lastZxid.length - 1] = zxid;
    else if (this.lastZxid[this.lastZxid.length - 1] !== zxid) { this.lastIdx.push(i); this.lastZxid.push(zxid); }
  }

  /** The log's rows at cursor c (the ones that left it too), in zxid order. */
  logAt(c: number): LogRow[] {
    const rows = this.rows.slice(0, upperBound(this.rowIdx, c));
    return rows.sort((a, b) => a.zxid - b.zxid || a.idx - b.idx);
  }
}
