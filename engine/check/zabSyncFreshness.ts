// ZabSyncFreshness — what a client sync promises (ZooKeeper's programmer's guide: "sync
// ... causes a server to be up to date with the leader"): when a learner completes a sync
// (zab.syncDone), its state holds every txn the leader had committed when it processed that
// sync (zab.syncRequest). The bound is read from the leader's own zab.commit events, not
// from the syncRequest's fields, and the learner's state from the history ZabHistories
// re-derives; a syncDone without a syncRequest (a sync at the leader itself) is not judged.
// Each sync is judged once.
import { Fields, fmtMs, type TraceEvent, type Violation } from './types.ts';
import { fmtZxid, problemsAs, type HistoryChecker } from './zabFields.ts';
import { ZabHistories, type HistoryChange } from './zabHistory.ts';

const NAME = 'SyncFreshness';

interface Pending {
  leader: number;
  committed: number;
  t: number;
}

export class ZabSyncFreshness implements HistoryChecker {
  readonly name = NAME;
  /** Server → the highest zxid it committed as leader. */
  private readonly committedBy = new Map<number, number>();
  /** `${learner}:${id}` → what its leader had committed when it processed the sync. */
  private readonly pending = new Map<string, Pending>();

  constructor(readonly histories: ZabHistories = new ZabHistories()) {}

  observe(ev: TraceEvent): Violation[] {
    const changes = this.histories.observe(ev);
    return [...problemsAs(NAME, changes), ...this.observeChanges(ev, changes)];
  }

  observeChanges(ev: TraceEvent, _changes: readonly HistoryChange[]): Violation[] {
    switch (ev.e) {
      case 'zab.commit': {
        const f = new Fields(ev);
        const leader = f.int('node'), z = f.int('zxid');
        if (f.problem === undefined && z > (this.committedBy.get(leader) ?? 0)) this.committedBy.set(leader, z);
        return [];
      }
      case 'zab.syncRequest': {
        const f = new Fields(ev);
        const leader = f.int('node'), learner = f.int('learner'), id = f.int('id');
        const bad = f.violation(NAME);
        if (bad) return [bad];
        this.pending.set(`${learner}:${id}`, { leader, committed: this.committedBy.get(leader) ?? 0, t: ev.t });
        return [];
      }
      case 'zab.syncDone': return this.onDone(ev);
      default: return [];
    }
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onDone(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const sid = f.int('node'), id = f.int('id');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const key = `${sid}:${id}`;
    const p = this.pending.get(key);
    if (!p) return [];
    this.pending.delete(key);
    const seq = this.histories.sequence(sid);
    const have = seq.length > 0 ? seq[seq.length - 1]!.zxid : 0;
    if (have >= p.committed) return [];
    return [{
      checker: NAME,
      t: ev.t,
      message: `server ${sid} completed sync ${id} at ${fmtMs(ev.t)} with its state at ${fmtZxid(have)}, but leader ${p.leader} ` +
        `had committed ${fmtZxid(p.committed)} when it processed the sync (at ${fmtMs(p.t)})`,
    }];
  }
}
