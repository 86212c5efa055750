// ZabPrimaryIntegrity — TLA+ PrimaryIntegrity: a leader in BROADCAST has delivered every
// earlier-epoch txn any server delivered. Judged on the delivered histories ZabHistories
// re-derives: when the leader of epoch e reaches BROADCAST (its whole state is delivered
// then), it must hold — as the same txn — every txn of an epoch below e that any server
// has delivered so far in the run; and while it serves, any server delivering a txn of an
// epoch below e must be delivering one the leader holds. A delivered txn is one a server
// served, so it was committed: no later leader may be without it (ZAB's recovery keeps
// exactly those). Each leader's BROADCAST is reported once, with the first missing zxid.
import { epochOf } from '../zk/zxid.ts';
import { fmtMs, type TraceEvent, type Violation } from './types.ts';
import { fmtTxn, fmtZxid, problemsAs, type HistoryChecker } from './zabFields.ts';
import { ZabHistories, type Entry, type HistoryChange } from './zabHistory.ts';

const NAME = 'PrimaryIntegrity';

interface FirstDelivery {
  txn: string;
  sid: number;
  t: number;
}

export class ZabPrimaryIntegrity implements HistoryChecker {
  readonly name = NAME;
  /** zxid → its first delivery in the run. */
  private readonly delivered = new Map<number, FirstDelivery>();
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
      else if (c.kind === 'leaderBroadcast') this.onLeaderBroadcast(c.sid, c.epoch, c.t, out);
    }
    return out;
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onDelivered(sid: number, e: Entry, t: number, out: Violation[]): void {
    if (!this.delivered.has(e.zxid)) this.delivered.set(e.zxid, { txn: e.txn, sid, t });
    const epoch = epochOf(e.zxid);
    for (const [leader, leaderEpoch] of this.histories.servingLeaders()) {
      if (leader === sid || leaderEpoch <= epoch || this.holds(leader, e.zxid, e.txn)) continue;
      const key = `${leader}|${leaderEpoch}|${e.zxid}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      out.push({
        checker: NAME,
        t,
        message: `server ${sid} delivered ${fmtZxid(e.zxid)} (epoch ${epoch}) at ${fmtMs(t)} while leader ${leader} ` +
          `serves epoch ${leaderEpoch} without it: a leader must hold every earlier-epoch txn any server delivers`,
      });
    }
  }

  private onLeaderBroadcast(leader: number, epoch: number, t: number, out: Violation[]): void {
    let first: [number, FirstDelivery] | undefined;
    let missing = 0;
    for (const [zxid, d] of this.delivered) {
      if (epochOf(zxid) >= epoch || this.holds(leader, zxid, d.txn)) continue;
      missing++;
      if (!first || zxid < first[0]) first = [zxid, d];
    }
    if (!first) return;
    const [zxid, d] = first;
    const i = this.histories.indexOf(leader, zxid);
    const lacks = i < 0
      ? `without ${fmtZxid(zxid)}`
      : `holding ${fmtTxn(this.histories.sequence(leader)[i]!.txn)} at ${fmtZxid(zxid)} instead of ${fmtTxn(d.txn)}`;
    const more = missing > 1 ? ` (${missing} earlier-epoch txns that servers delivered are missing or different)` : '';
    out.push({
      checker: NAME,
      t,
      message: `leader ${leader} reached BROADCAST of epoch ${epoch} at ${fmtMs(t)} ${lacks}, which server ${d.sid} ` +
        `delivered at ${fmtMs(d.t)}${more}`,
    });
  }

  private holds(sid: number, zxid: number, txn: string): boolean {
    const i = this.histories.indexOf(sid, zxid);
    return i >= 0 && this.histories.sequence(sid)[i]!.txn === txn;
  }
}
