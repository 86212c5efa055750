// The QuorumVerifier contract: given a set of server ids (acks, votes, synced
// learners), does it contain a quorum of the current configuration? Mirrors ZooKeeper's
// flexible.QuorumVerifier, with two deliberate tightenings so callers cannot miscount:
// containsQuorum ignores observers and unknown sids itself (ZooKeeper's QuorumMaj only
// counts set.size() and relies on SyncedLearnerTracker.addAck to filter), and weight()
// is 0 for anything that is not a voter (ZK's QuorumMaj.getWeight answers 1 for any id).
// Verifiers are immutable once built.

/** ZooKeeper's QuorumPeer.LearnerType, spelt as in zoo.cfg. */
export type LearnerType = 'participant' | 'observer';

/** One member of the ensemble as a verifier needs it. */
export interface QuorumMember {
  readonly sid: number;
  readonly type: LearnerType;
}

export interface MajorityDescription {
  readonly kind: 'majority';
  readonly voters: number[];
  readonly observers: number[];
  /** floor(N/2)+1 voters make a quorum. */
  readonly quorumSize: number;
  /** ceil(N/2)-1: how many voters may fail with a quorum left; -1 when N = 0. */
  readonly toleratedFailures: number;
}

export interface HierarchicalGroupDescription {
  readonly gid: number;
  readonly members: number[];
  /** Summed weight of the members. */
  readonly weight: number;
  /** Least weight of members that makes the group agree: floor(weight/2)+1; 0 if weight is 0. */
  readonly quorumWeight: number;
  /** false for weight-0 groups, which ZooKeeper leaves out of the group count. */
  readonly counted: boolean;
}

export interface HierarchicalDescription {
  readonly kind: 'hierarchical';
  readonly voters: number[];
  readonly observers: number[];
  readonly groups: HierarchicalGroupDescription[];
  /** Weight of every voter (default 1; 0 = never counts and is never electable). */
  readonly weights: Record<number, number>;
  /** Agreeing groups needed: floor(G/2)+1 with G the number of non-zero-weight groups. */
  readonly groupsNeeded: number;
  /** Largest k such that losing any k voters still leaves a quorum; -1 if none can form. */
  readonly toleratedFailures: number;
}

export type QuorumDescription = MajorityDescription | HierarchicalDescription;

export interface QuorumVerifier {
  readonly kind: QuorumDescription['kind'];
  /** True iff the voters in `set` form a quorum. Duplicates, observers and unknown sids never count. */
  containsQuorum(set: ReadonlySet<number> | Iterable<number>): boolean;
  /** Voting members (participants), ascending sid. */
  votingMembers(): number[];
  /** Observers, ascending sid. */
  observers(): number[];
  /** Voting weight of a server: 0 for observers, unknown sids and weight-0 voters. */
  weight(sid: number): number;
  isVoter(sid: number): boolean;
  /** A small plain object for the UI and traces. */
  describe(): QuorumDescription;
}

/** A set view of the argument without copying when it is already a Set. */
export function asSidSet(set: ReadonlySet<number> | Iterable<number>): ReadonlySet<number> {
  return set instanceof Set ? set : new Set(set);
}

export function isValidSid(sid: unknown): sid is number {
  return typeof sid === 'number' && Number.isSafeInteger(sid) && sid >= 0;
}
