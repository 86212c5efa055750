// QuorumMaj: the default ZooKeeper quorum system. A set is a quorum iff it holds more
// than half of the voting members: |set ∩ voters| > floor(N/2). Observers are members
// of the ensemble but never vote. Invariant: any two quorums share a voter, because
// two sets of more than N/2 voters each cannot be disjoint.
import { assert } from '../../kernel/assert.ts';
import {
  asSidSet, isValidSid,
  type LearnerType, type MajorityDescription, type QuorumMember, type QuorumVerifier,
} from './verifier.ts';

export class QuorumMaj implements QuorumVerifier {
  readonly kind = 'majority';
  /** floor(N/2): a quorum needs strictly more voters than this. ZK 3.8: QuorumMaj.half */
  readonly half: number;
  private readonly voters: ReadonlySet<number>;
  private readonly voterList: readonly number[];
  private readonly observerList: readonly number[];

  constructor(members: Iterable<QuorumMember>) {
    const seen = new Map<number, LearnerType>();
    for (const m of members) {
      assert(isValidSid(m.sid), `QuorumMaj: bad sid ${String(m.sid)}`);
      assert(!seen.has(m.sid), `QuorumMaj: duplicate sid ${m.sid}`);
      seen.set(m.sid, m.type);
    }
    const sids = [...seen.keys()].sort((a, b) => a - b);
    this.voterList = sids.filter((sid) => seen.get(sid) === 'participant');
    this.observerList = sids.filter((sid) => seen.get(sid) === 'observer');
    this.voters = new Set(this.voterList);
    // ZK 3.8: QuorumMaj(Map) — half = votingMembers.size() / 2 (integer division).
    this.half = Math.floor(this.voterList.length / 2);
  }

  containsQuorum(set: ReadonlySet<number> | Iterable<number>): boolean {
    // ZK 3.8: QuorumMaj.containsQuorum is `ackSet.size() > half` and trusts its callers
    // to pass voters only; we count the intersection so a stray observer ack cannot help.
    let count = 0;
    for (const sid of asSidSet(set)) if (this.voters.has(sid)) count++;
    return count > this.half;
  }

  votingMembers(): number[] {
    return [...this.voterList];
  }

  observers(): number[] {
    return [...this.observerList];
  }

  weight(sid: number): number {
    return this.voters.has(sid) ? 1 : 0;
  }

  isVoter(sid: number): boolean {
    return this.voters.has(sid);
  }

  /** floor(N/2)+1 — N=3→2, 4→3, 5→3. */
  get quorumSize(): number {
    return this.half + 1;
  }

  /** ceil(N/2)-1 = N - quorumSize — 3→1, 4→1, 5→2; -1 for an empty ensemble. */
  get toleratedFailures(): number {
    return this.voterList.length - this.quorumSize;
  }

  describe(): MajorityDescription {
    return {
      kind: 'majority',
      voters: this.votingMembers(),
      observers: this.observers(),
      quorumSize: this.quorumSize,
      toleratedFailures: this.toleratedFailures,
    };
  }
}
