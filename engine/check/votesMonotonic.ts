// VotesMonotonic: within one election round a server's proposal only ever rises in
// FastLeaderElection's total order — higher peerEpoch, then higher zxid, then higher sid —
// because updateProposal is called only for a vote that beats the current one (or when a
// later round resets it to the server's own vote). A "better vote" (fle.vote) that is not
// higher in that order is a broken comparison: ZOOKEEPER-1419's sid tie-break that ignored
// the epoch made votes beat each other in a cycle, so an ensemble could flip forever and
// never elect. The order is this checker's own, not the protocol code's.
import { Fields, fmtMs, type Checker, type TraceEvent, type Violation } from './types.ts';

const NAME = 'VotesMonotonic';

interface Vote {
  leader: number;
  zxid: number;
  peerEpoch: number;
}

function readVote(f: Fields, name: string): Vote | undefined {
  const o = f.obj(name);
  if (o === undefined) return undefined;
  const { leader, zxid, peerEpoch } = o as Record<string, unknown>;
  if (typeof leader !== 'number' || typeof zxid !== 'number' || typeof peerEpoch !== 'number') {
    f.problem ??= `field '${name}' should be a vote {leader, zxid, peerEpoch} of numbers, got ${JSON.stringify(o)}`;
    return undefined;
  }
  return { leader, zxid, peerEpoch };
}

/** Positive when a is higher in the election order (peerEpoch, zxid, sid). */
function compare(a: Vote, b: Vote): number {
  return a.peerEpoch - b.peerEpoch || a.zxid - b.zxid || a.leader - b.leader;
}

const fmtVote = (v: Vote) => `(epoch ${v.peerEpoch}, zxid 0x${v.zxid.toString(16)}, sid ${v.leader})`;

export class VotesMonotonic implements Checker {
  readonly name = NAME;
  /** `${node}:${logicalclock}` already reported: one message per server and round. */
  private readonly reported = new Set<string>();

  observe(ev: TraceEvent): Violation[] {
    if (ev.e !== 'fle.vote' || ev.because !== 'better vote') return [];
    const f = new Fields(ev);
    const node = f.int('node'), round = f.int('logicalclock');
    const from = readVote(f, 'from'), to = readVote(f, 'to');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    if (compare(to!, from!) > 0) return [];
    const key = `${node}:${round}`;
    if (this.reported.has(key)) return [];
    this.reported.add(key);
    return [{
      checker: NAME,
      t: ev.t,
      message: `server ${node} changed its proposal in round ${round} at ${fmtMs(ev.t)} from ${fmtVote(from!)} to ` +
        `${fmtVote(to!)}, which is not higher in (epoch, zxid, sid) order (it said: ${String(ev.decidedBy)})`,
    }];
  }

  finish(_endUs: number): Violation[] {
    return [];
  }
}
