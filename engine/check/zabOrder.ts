// The delivery-order properties of the TLA+ specification (Zab.tla), judged on the
// delivered histories ZabHistories re-derives (see there: what a server serves, cut back
// by truncation and restarts; a re-delivery after a restart is judged again):
//   TotalOrder          if a server delivers a before b, every server delivering b
//                       delivered a first. Checked through immediate predecessors: the
//                       first delivery of b fixes the txn right before it, and every later
//                       delivery of b must follow the same txn (then, by induction, the
//                       same whole history).
//   LocalPrimaryOrder   txns one leader proposed in order a, b (same epoch) are delivered
//                       a first: a server delivering b already holds a, delivered.
//   GlobalPrimaryOrder  a server delivers earlier-epoch txns before later-epoch ones: no
//                       delivered txn follows one of a later epoch.
// Each (server, txn) is reported once.
import { epochOf } from '../zk/zxid.ts';
import { Fields, fmtMs, type TraceEvent, type Violation } from './types.ts';
import { entryKey, fmtZxid, problemsAs, readTxn, type HistoryChecker } from './zabFields.ts';
import { ZabHistories, type Entry, type HistoryChange } from './zabHistory.ts';

type Delivered = Extract<HistoryChange, { kind: 'delivered' }>;

/** Shared shape: feeds the histories (or is handed their changes) and judges deliveries. */
abstract class DeliveryChecker implements HistoryChecker {
  abstract readonly name: string;
  private readonly reported = new Set<string>();

  constructor(readonly histories: ZabHistories = new ZabHistories()) {}

  observe(ev: TraceEvent): Violation[] {
    const changes = this.histories.observe(ev);
    return [...problemsAs(this.name, changes), ...this.observeChanges(ev, changes)];
  }

  observeChanges(ev: TraceEvent, changes: readonly HistoryChange[]): Violation[] {
    this.onEvent(ev);
    const out: Violation[] = [];
    for (const c of changes) {
      if (c.kind !== 'delivered') continue;
      const message = this.judge(c, this.histories.sequence(c.sid));
      if (message === undefined) continue;
      const key = `${c.sid}|${entryKey(c.entry)}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      out.push({ checker: this.name, t: c.t, message });
    }
    return out;
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  protected onEvent(_ev: TraceEvent): void {}

  /** The server's state holds exactly this txn at its zxid, before position `index`. */
  protected holdsBefore(sid: number, index: number, e: { zxid: number; txn: string }): boolean {
    const i = this.histories.indexOf(sid, e.zxid);
    return i >= 0 && i < index && this.histories.sequence(sid)[i]!.txn === e.txn;
  }

  /** Why delivering c.entry at c.index of `seq` breaks the property, or undefined. */
  protected abstract judge(c: Delivered, seq: readonly Entry[]): string | undefined;
}

interface FirstPredecessor {
  pred: Entry | undefined;
  sid: number;
  t: number;
}

export class ZabTotalOrder extends DeliveryChecker {
  readonly name = 'TotalOrder';
  private readonly first = new Map<string, FirstPredecessor>();

  protected judge(c: Delivered, seq: readonly Entry[]): string | undefined {
    const pred = c.index > 0 ? seq[c.index - 1] : undefined;
    const key = entryKey(c.entry);
    const first = this.first.get(key);
    if (!first) {
      this.first.set(key, { pred, sid: c.sid, t: c.t });
      return undefined;
    }
    if ((pred && entryKey(pred)) === (first.pred && entryKey(first.pred))) return undefined;
    const b = fmtZxid(c.entry.zxid);
    const a = first.pred;
    if (a && !this.holdsBefore(c.sid, c.index, a)) {
      return `server ${first.sid} delivered ${fmtZxid(a.zxid)} before ${b} (${b} at ${fmtMs(first.t)}), ` +
        `but server ${c.sid} delivered ${b} at ${fmtMs(c.t)} without delivering ${fmtZxid(a.zxid)} first`;
    }
    const mine = pred ? `right after ${fmtZxid(pred.zxid)}` : 'as its first txn';
    const theirs = a ? `right after ${fmtZxid(a.zxid)}` : 'as its first txn';
    return `server ${c.sid} delivered ${b} at ${fmtMs(c.t)} ${mine}, but server ${first.sid} delivered it at ` +
      `${fmtMs(first.t)} ${theirs}: they delivered different txns before ${b}`;
  }
}

interface ProposedAfter {
  prev: { zxid: number; txn: string; t: number } | undefined;
  leader: number;
}

export class ZabLocalPrimaryOrder extends DeliveryChecker {
  readonly name = 'LocalPrimaryOrder';
  /** Proposal (entryKey) → the same leader's previous proposal in that epoch. */
  private readonly prevOf = new Map<string, ProposedAfter>();
  /** `${leader}:${epoch}` → its latest proposal. */
  private readonly latest = new Map<string, { zxid: number; txn: string; t: number }>();

  protected override onEvent(ev: TraceEvent): void {
    if (ev.e !== 'zab.propose') return;
    const f = new Fields(ev);
    const leader = f.int('node');
    const zxid = f.int('zxid');
    const txn = readTxn(f);
    if (f.problem !== undefined) return; // ZabHistories reports it
    const slot = `${leader}:${epochOf(zxid)}`;
    const key = entryKey({ zxid, txn });
    if (!this.prevOf.has(key)) this.prevOf.set(key, { prev: this.latest.get(slot), leader });
    this.latest.set(slot, { zxid, txn, t: ev.t });
  }

  protected judge(c: Delivered): string | undefined {
    const p = this.prevOf.get(entryKey(c.entry))?.prev;
    if (!p || this.holdsBefore(c.sid, c.index, p)) return undefined;
    const leader = this.prevOf.get(entryKey(c.entry))!.leader;
    return `server ${c.sid} delivered ${fmtZxid(c.entry.zxid)} at ${fmtMs(c.t)} without having delivered ` +
      `${fmtZxid(p.zxid)} first, which leader ${leader} proposed just before it (at ${fmtMs(p.t)})`;
  }
}

export class ZabGlobalPrimaryOrder extends DeliveryChecker {
  readonly name = 'GlobalPrimaryOrder';

  protected judge(c: Delivered, seq: readonly Entry[]): string | undefined {
    const pred = c.index > 0 ? seq[c.index - 1] : undefined;
    if (!pred) return undefined;
    const e = epochOf(c.entry.zxid), pe = epochOf(pred.zxid);
    if (pe <= e) return undefined;
    return `server ${c.sid} delivered ${fmtZxid(c.entry.zxid)} (epoch ${e}) at ${fmtMs(c.t)} after ` +
      `${fmtZxid(pred.zxid)} (epoch ${pe}): every earlier-epoch txn must be delivered before any later-epoch one`;
  }
}

