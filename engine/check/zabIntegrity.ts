// ZabIntegrity — TLA+ Integrity (Zab.tla's ghost proposalMsgsLog): every txn a server
// applies was proposed earlier by some leader, at the same zxid, as the same txn. Every
// zab.apply counts — replays after a restart and txns applied during sync too: a server
// may only ever hold what a leader proposed. The one exception is data from before the
// trace began: a server whose first zab.recovered reports a non-empty log (a scenario that
// starts from data on disk) may apply zxids up to that lastZxid that no leader proposed.
// Each (server, zxid, txn) is reported once: replaying the same bad txn is not news.
import { Fields, fmtMs, type Checker, type TraceEvent, type Violation } from './types.ts';
import { fmtTxn, fmtZxid, readTxn, recoveredUpTo } from './zabFields.ts';

const NAME = 'Integrity';

interface Proposal {
  txn: string;
  leader: number;
  t: number;
}

export class ZabIntegrity implements Checker {
  readonly name = NAME;
  /** zxid → what leaders proposed there (normally one txn). */
  private readonly proposals = new Map<number, Proposal[]>();
  /** Server → the last zxid of the data it started the trace with. */
  private readonly initialUpTo = new Map<number, number>();
  private readonly started = new Set<number>();
  private readonly reported = new Set<string>();

  observe(ev: TraceEvent): Violation[] {
    switch (ev.e) {
      case 'zab.propose': return this.onPropose(ev);
      case 'zab.recovered': return this.onRecovered(ev);
      case 'zab.apply': return this.onApply(ev);
      default: return [];
    }
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onPropose(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const leader = f.int('node');
    const z = f.int('zxid');
    const txn = readTxn(f);
    const bad = f.violation(NAME);
    if (bad) return [bad];
    let list = this.proposals.get(z);
    if (!list) this.proposals.set(z, (list = []));
    if (!list.some((p) => p.txn === txn)) list.push({ txn, leader, t: ev.t });
    return [];
  }

  private onRecovered(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const sid = f.int('node');
    const last = recoveredUpTo(f);
    const bad = f.violation(NAME);
    if (bad) return [bad];
    if (!this.started.has(sid)) {
      this.started.add(sid);
      if (last > 0) this.initialUpTo.set(sid, Math.max(this.initialUpTo.get(sid) ?? -1, last));
    }
    return [];
  }

  private onApply(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const sid = f.int('node');
    const z = f.int('zxid');
    const txn = readTxn(f);
    const bad = f.violation(NAME);
    if (bad) return [bad];
    if (ev.via === 'replay' && !this.started.has(sid)) {
      // Replayed from disk before the server's first zab.recovered: data from before the
      // trace, proposed by some earlier leader — others may later receive it by sync.
      this.initialUpTo.set(sid, Math.max(this.initialUpTo.get(sid) ?? -1, z));
      let list = this.proposals.get(z);
      if (!list) this.proposals.set(z, (list = []));
      if (!list.some((p) => p.txn === txn)) list.push({ txn, leader: -1, t: ev.t });
      return [];
    }
    this.started.add(sid);
    const list = this.proposals.get(z);
    if (list?.some((p) => p.txn === txn)) return [];
    if (!list && z <= (this.initialUpTo.get(sid) ?? -1)) return [];
    const key = `${sid}|${z}|${txn}`;
    if (this.reported.has(key)) return [];
    this.reported.add(key);
    const what = `server ${sid} applied ${fmtZxid(z)} ${fmtTxn(txn)} at ${fmtMs(ev.t)}`;
    if (!list) return [{ checker: NAME, t: ev.t, message: `${what}, but no leader proposed ${fmtZxid(z)}` }];
    const p = list[0]!;
    const others = list.length > 1 ? ` (and ${list.length - 1} other txns)` : '';
    return [{
      checker: NAME,
      t: ev.t,
      message: `${what}, but leader ${p.leader} proposed ${fmtTxn(p.txn)} at ${fmtZxid(z)} (at ${fmtMs(p.t)})${others}: ` +
        'no leader proposed that txn',
    }];
  }
}
