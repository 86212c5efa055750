// Which sides the network is in at an event, and whether each can form a quorum: servers
// are on the same side when messages can flow both ways between them (directly or through
// others on that side); a side can elect a leader only if its live voters reach the quorum.
import { isQuorum, majority, type Ensemble } from './ensemble.ts';
import type { TraceIndex } from './index.ts';
import { blocked } from './links.ts';

export interface Side {
  members: number[];
  liveVoters: number[];
  canElect: boolean;
}

export function sidesAt(ix: TraceIndex, cursor: number): Side[] {
  const cuts = ix.links.cutsAt(cursor);
  const seen = new Set<number>();
  const sides: Side[] = [];
  for (const start of ix.nodes) {
    if (seen.has(start)) continue;
    const members: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const a = stack.pop()!;
      members.push(a);
      for (const b of ix.nodes) {
        if (seen.has(b) || blocked(cuts, a, b) || blocked(cuts, b, a)) continue;
        seen.add(b);
        stack.push(b);
      }
    }
    members.sort((x, y) => x - y);
    const liveVoters = members.filter((sid) => {
      const st = ix.states.at(sid, cursor).status;
      return ix.ensemble.voters.includes(sid) && st !== 'DOWN' && st !== 'OFF';
    });
    sides.push({ members, liveVoters, canElect: isQuorum(ix.ensemble, liveVoters) });
  }
  return sides;
}

/** Quorum facts of an n-voter majority ensemble. */
export function quorumFacts(n: number): { n: number; quorum: number; tolerated: number } {
  const quorum = majority(n);
  return { n, quorum, tolerated: n - quorum };
}

export function describeEnsemble(e: Ensemble): string {
  const obs = e.servers.length - e.voters.length;
  const q = e.groups ? e.verifier : `quorum ${e.quorumSize}`;
  return `${e.voters.length} voters${obs ? ` + ${obs} observer${obs > 1 ? 's' : ''}` : ''}, ${q}`;
}
