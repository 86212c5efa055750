// Brute-force helpers shared by the quorum tests: enumerate subsets of a small ensemble
// and derive fault tolerance from containsQuorum alone, independently of the verifiers'
// own quorumSize/toleratedFailures arithmetic.
import type { QuorumVerifier } from '../../../engine/zk/quorum/index.ts';

export function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) {
    out.push(items.filter((_, i) => (mask >> i) & 1));
  }
  return out;
}

/** Smallest number of voters whose loss leaves no quorum, minus one; -1 if none can form. */
export function bruteToleratedFailures(qv: QuorumVerifier): number {
  const voters = qv.votingMembers();
  let minBreak = Infinity;
  for (const removed of subsets(voters)) {
    const left = voters.filter((v) => !removed.includes(v));
    if (!qv.containsQuorum(left)) minBreak = Math.min(minBreak, removed.length);
  }
  return minBreak - 1;
}

export function intersects(a: readonly number[], b: readonly number[]): boolean {
  return a.some((x) => b.includes(x));
}

export function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}
