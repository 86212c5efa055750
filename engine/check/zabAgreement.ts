// ZabAgreement — no two servers ever apply different txns at the same zxid (the zxid form
// of TLA+ Agreement: one leader per epoch and unique counters make a zxid name one txn for
// the whole run, so any two applies of a zxid must agree, across crashes and epochs). It
// also compares the state digests zab.apply reports: the digest after zxid z summarises
// every txn up to z, so two servers that applied the same txn at z but report different
// digests hold different histories before it — divergence the txns alone may not show
// (a SNAP that shipped the wrong state, a replay that was not idempotent). Applies without
// a digest are compared by txn only. Each (server, zxid) is reported once.
import { Fields, fmtMs, type Checker, type TraceEvent, type Violation } from './types.ts';
import { fmtTxn, fmtZxid, readDigest, readTxn } from './zabFields.ts';

const NAME = 'Agreement';

interface Seen {
  sid: number;
  t: number;
}

interface First extends Seen {
  txn: string;
  /** The first digest reported after this txn, and by whom. */
  digest: (Seen & { value: string }) | undefined;
}

export class ZabAgreement implements Checker {
  readonly name = NAME;
  private readonly first = new Map<number, First>();
  private readonly reported = new Set<string>();

  observe(ev: TraceEvent): Violation[] {
    if (ev.e !== 'zab.apply') return [];
    const f = new Fields(ev);
    const sid = f.int('node');
    const z = f.int('zxid');
    const txn = readTxn(f);
    const digest = readDigest(f);
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const first = this.first.get(z);
    if (!first) {
      this.first.set(z, { sid, t: ev.t, txn, digest: digest === undefined ? undefined : { value: digest, sid, t: ev.t } });
      return [];
    }
    if (first.txn !== txn) return this.once(`${sid}|${z}|${txn}`, ev.t, differentTxns(z, first, sid, txn, ev.t));
    if (digest === undefined) return [];
    if (first.digest === undefined) {
      first.digest = { value: digest, sid, t: ev.t };
      return [];
    }
    if (first.digest.value === digest) return [];
    return this.once(`${sid}|${z}|digest`, ev.t, differentStates(z, first.digest, sid, digest, ev.t));
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private once(key: string, t: number, message: string): Violation[] {
    if (this.reported.has(key)) return [];
    this.reported.add(key);
    return [{ checker: NAME, t, message }];
  }
}

function differentTxns(z: number, first: First, sid: number, txn: string, t: number): string {
  const who = first.sid === sid ? `server ${sid} applied two different txns` : `servers ${first.sid} and ${sid} applied different txns`;
  return `${who} at ${fmtZxid(z)}: server ${first.sid} applied ${fmtTxn(first.txn)} at ${fmtMs(first.t)}, ` +
    `server ${sid} applied ${fmtTxn(txn)} at ${fmtMs(t)}`;
}

function differentStates(z: number, first: Seen & { value: string }, sid: number, digest: string, t: number): string {
  const other = first.sid === sid ? 'its own earlier state' : `server ${first.sid}'s`;
  return `server ${sid}'s state after ${fmtZxid(z)} differs from ${other}: digest ${digest} at ${fmtMs(t)}, ` +
    `${first.value} at ${fmtMs(first.t)}, although the txn at ${fmtZxid(z)} is the same — their histories before it differ`;
}
