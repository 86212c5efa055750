// EpochsMonotonic: what a server has made durable in its acceptedEpoch and currentEpoch
// files never goes backwards, and currentEpoch <= acceptedEpoch holds for the durable
// values (a server accepts an epoch before it makes it current; ZooKeeper refuses to start
// otherwise). Durable values come from zk.epoch (the file was synced with this value) and
// zk.recover (what a (re)started server read from its disk). A recover reporting less than
// the last durable value means durable data was lost — e.g. an epoch written without fsync.
import { Fields, fmtMs, type Checker, type TraceEvent, type Violation } from './types.ts';

const NAME = 'EpochsMonotonic';

type EpochFile = 'acceptedEpoch' | 'currentEpoch';

interface Durable {
  epoch: number;
  /** When it became durable (or was read back at a restart). */
  t: number;
}

interface ServerEpochs {
  acceptedEpoch?: Durable;
  currentEpoch?: Durable;
  /** currentEpoch > acceptedEpoch is already reported (reported again only after it heals). */
  inverted: boolean;
}

export class EpochsMonotonic implements Checker {
  readonly name = NAME;
  private readonly servers = new Map<number, ServerEpochs>();

  observe(ev: TraceEvent): Violation[] {
    if (ev.e === 'zk.epoch') return this.onEpoch(ev);
    if (ev.e === 'zk.recover') return this.onRecover(ev);
    return [];
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onEpoch(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const sid = f.int('node');
    const file = f.str('file');
    const epoch = f.int('epoch');
    if (f.problem === undefined && file !== 'acceptedEpoch' && file !== 'currentEpoch') {
      f.problem = `field 'file' should be "acceptedEpoch" or "currentEpoch", got ${JSON.stringify(file)}`;
    }
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const s = this.server(sid);
    const out: Violation[] = [];
    const prev = s[file as EpochFile];
    if (prev && epoch < prev.epoch) {
      out.push({
        checker: NAME,
        t: ev.t,
        message: `server ${sid}'s durable ${file} went back from ${prev.epoch} (durable since ${fmtMs(prev.t)}) to ${epoch} at ${fmtMs(ev.t)}`,
      });
    }
    s[file as EpochFile] = { epoch, t: ev.t };
    return out.concat(this.checkOrder(sid, s, ev.t, 'after a write'));
  }

  private onRecover(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const sid = f.int('node');
    const read = { acceptedEpoch: f.int('acceptedEpoch'), currentEpoch: f.int('currentEpoch') };
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const s = this.server(sid);
    const out: Violation[] = [];
    for (const file of ['acceptedEpoch', 'currentEpoch'] as const) {
      const prev = s[file];
      if (prev && read[file] < prev.epoch) {
        out.push({
          checker: NAME,
          t: ev.t,
          message: `server ${sid} restarted at ${fmtMs(ev.t)} reading ${file} ${read[file]}, but ${file} ${prev.epoch} ` +
            `was durable since ${fmtMs(prev.t)}: durable data was lost`,
        });
      }
      s[file] = { epoch: read[file], t: ev.t };
    }
    return out.concat(this.checkOrder(sid, s, ev.t, 'as read at restart'));
  }

  private checkOrder(sid: number, s: ServerEpochs, t: number, when: string): Violation[] {
    const a = s.acceptedEpoch, c = s.currentEpoch;
    const inverted = a !== undefined && c !== undefined && c.epoch > a.epoch;
    const fresh = inverted && !s.inverted;
    s.inverted = inverted;
    if (!fresh) return [];
    return [{
      checker: NAME,
      t,
      message: `server ${sid}'s durable currentEpoch ${c!.epoch} is ahead of its durable acceptedEpoch ${a!.epoch} ` +
        `at ${fmtMs(t)} (${when}); a server must accept an epoch before it makes it current`,
    }];
  }

  private server(sid: number): ServerEpochs {
    let s = this.servers.get(sid);
    if (!s) this.servers.set(sid, (s = { inverted: false }));
    return s;
  }
}
