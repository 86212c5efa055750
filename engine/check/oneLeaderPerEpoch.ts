// OneLeaderPerEpoch — TLA+ Leadership2 (Zab.tla's ghost `epochLeader`): over the whole run,
// at most one server establishes leadership of any epoch. "Established" is the leader's
// zab.established event: it received a quorum of ACKEPOCH for that epoch. The first server
// to establish epoch e owns it for the rest of the run, across crashes and restarts; the
// same server establishing it again is not a second leader and is not reported here.
import { Fields, fmtMs, type Checker, type TraceEvent, type Violation } from './types.ts';

const NAME = 'OneLeaderPerEpoch';

interface Owner {
  sid: number;
  t: number;
}

export class OneLeaderPerEpoch implements Checker {
  readonly name = NAME;
  private readonly owners = new Map<number, Owner>();

  observe(ev: TraceEvent): Violation[] {
    if (ev.e !== 'zab.established') return [];
    const f = new Fields(ev);
    const sid = f.int('node');
    const epoch = f.int('epoch');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const owner = this.owners.get(epoch);
    if (!owner) {
      this.owners.set(epoch, { sid, t: ev.t });
      return [];
    }
    if (owner.sid === sid) return [];
    return [{
      checker: NAME,
      t: ev.t,
      message: `epoch ${epoch} has two established leaders: ${owner.sid} (at ${fmtMs(owner.t)}) and ${sid} (at ${fmtMs(ev.t)})`,
    }];
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  /** Epoch → the server that established it first (for tests and summaries). */
  leaders(): ReadonlyMap<number, Readonly<Owner>> {
    return this.owners;
  }
}
