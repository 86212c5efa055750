// ZabPrefixOfOneHistory — TLA+ PrefixConsistency, strengthened: at every point, every
// server's delivered history, taken in zxid order, is a prefix of one common history, the
// union of all servers' delivered histories. So two servers never hold different txns at
// one zxid, and no server skips a zxid another server delivered below its own last one.
// Judged on each delivery (ZabHistories: what servers served, cut back by truncation and
// restarts; a cut never makes a prefix stop being one). The union counts every server that
// holds a txn now, so a txn that every holder lost leaves it. Each divergence (a zxid with
// two txns, a zxid some server skipped) is reported once, the first time it shows.
import { countUpTo, insertSorted, removeSorted } from '../kernel/sorted.ts';
import { fmtMs, type TraceEvent, type Violation } from './types.ts';
import { fmtTxn, fmtZxid, problemsAs, type HistoryChecker } from './zabFields.ts';
import { ZabHistories, type Entry, type HistoryChange } from './zabHistory.ts';

const NAME = 'PrefixOfOneHistory';

interface Common {
  txn: string;
  /** Servers whose delivered history holds it now, and when it first entered the union. */
  holders: Set<number>;
  sid: number;
  t: number;
}

interface Mine {
  /** zxid → txn, for what this checker counted in the union. */
  txns: Map<number, string>;
  sorted: number[];
}

export class ZabPrefixOfOneHistory implements HistoryChecker {
  readonly name = NAME;
  private readonly union = new Map<number, Common>();
  private readonly unionSorted: number[] = [];
  private readonly servers = new Map<number, Mine>();
  private readonly reported = new Set<string>();

  constructor(readonly histories: ZabHistories = new ZabHistories()) {}

  observe(ev: TraceEvent): Violation[] {
    const changes = this.histories.observe(ev);
    return [...problemsAs(NAME, changes), ...this.observeChanges(ev, changes)];
  }

  observeChanges(_ev: TraceEvent, changes: readonly HistoryChange[]): Violation[] {
    const out: Violation[] = [];
    for (const c of changes) {
      if (c.kind === 'delivered') this.onDelivered(c.sid, c.entry, c.t, out);
      else if (c.kind === 'undelivered') for (const e of c.entries) this.remove(c.sid, e);
    }
    return out;
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onDelivered(sid: number, e: Entry, t: number, out: Violation[]): void {
    const mine = this.server(sid);
    const common = this.union.get(e.zxid);
    if (common && common.txn !== e.txn) {
      this.report(`txn:${e.zxid}`, t, out, () => {
        const other = [...common.holders].sort((a, b) => a - b)[0] ?? common.sid;
        return `server ${sid}'s history diverges from server ${other}'s at ${fmtZxid(e.zxid)}: server ${other} delivered ` +
          `${fmtTxn(common.txn)} there, server ${sid} delivered ${fmtTxn(e.txn)} at ${fmtMs(t)}`;
      });
    }
    if (mine.txns.has(e.zxid)) return;
    // A conflicting txn still fills its zxid for `sid` (no second report as a skip), but only
    // the first txn at a zxid belongs to the union.
    mine.txns.set(e.zxid, e.txn);
    insertSorted(mine.sorted, e.zxid);
    if (common && common.txn !== e.txn) return;
    if (common) {
      common.holders.add(sid);
    } else {
      this.union.set(e.zxid, { txn: e.txn, holders: new Set([sid]), sid, t });
      insertSorted(this.unionSorted, e.zxid);
      this.othersSkipped(sid, e.zxid, t, out);
    }
    this.selfSkipped(sid, mine, t, out);
  }

  /** Servers that delivered past zxid without it, which `sid` just brought into the union. */
  private othersSkipped(sid: number, zxid: number, t: number, out: Violation[]): void {
    for (const [other, m] of this.servers) {
      const top = m.sorted[m.sorted.length - 1];
      if (other === sid || top === undefined || top < zxid) continue;
      this.report(`skip:${zxid}`, t, out, () =>
        `server ${other} has delivered up to ${fmtZxid(top)} without ${fmtZxid(zxid)}, which server ${sid} delivered at ` +
        `${fmtMs(t)}: their histories are not prefixes of one history`);
    }
  }

  /** The union holds a zxid below sid's last one that sid never delivered. */
  private selfSkipped(sid: number, mine: Mine, t: number, out: Violation[]): void {
    const top = mine.sorted[mine.sorted.length - 1]!;
    if (countUpTo(this.unionSorted, top) === mine.sorted.length) return;
    let i = 0;
    while (i < mine.sorted.length && mine.sorted[i] === this.unionSorted[i]) i++;
    const hole = this.unionSorted[i];
    const m = mine.sorted[i];
    // Not a hole but an extra zxid of its own (a conflicting txn whose rival left the union).
    if (hole === undefined || (m !== undefined && m < hole)) return;
    const c = this.union.get(hole)!;
    const by = [...c.holders].sort((a, b) => a - b)[0] ?? c.sid;
    this.report(`skip:${hole}`, t, out, () =>
      `server ${sid} has delivered up to ${fmtZxid(top)} (at ${fmtMs(t)}) without ${fmtZxid(hole)}, which server ${by} ` +
      `delivered (at ${fmtMs(c.t)}): their histories are not prefixes of one history`);
  }

  private remove(sid: number, e: Entry): void {
    const mine = this.servers.get(sid);
    if (!mine || mine.txns.get(e.zxid) !== e.txn) return;
    mine.txns.delete(e.zxid);
    removeSorted(mine.sorted, e.zxid);
    const c = this.union.get(e.zxid);
    if (!c || c.txn !== e.txn) return;
    c.holders.delete(sid);
    if (c.holders.size > 0) return;
    this.union.delete(e.zxid);
    removeSorted(this.unionSorted, e.zxid);
  }

  private report(key: string, t: number, out: Violation[], message: () => string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    out.push({ checker: NAME, t, message: message() });
  }

  private server(sid: number): Mine {
    let m = this.servers.get(sid);
    if (!m) this.servers.set(sid, (m = { txns: new Map(), sorted: [] }));
    return m;
  }
}
