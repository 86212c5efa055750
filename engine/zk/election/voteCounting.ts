// Counting votes: which servers agree with a target vote (Vote.equals), whether they form a
// quorum under every verifier in force (the current one and, during a reconfig, the pending
// one), and checkLeader. Pure functions over the vote maps; the caller owns the maps.
// ZooKeeper ≤ 3.5 called the quorum test termPredicate; 3.8 spells it
// getVoteTracker(votes, vote).hasAllQuorums() (FastLeaderElection.java:761, SyncedLearnerTracker).
import { Vote, type ElectionVerifier, type ServerState } from './types.ts';

export interface Tally {
  /** Sids whose vote equals the target, ascending. */
  readonly agreeing: number[];
  /** SyncedLearnerTracker.hasAllQuorums over the agreeing sids. */
  readonly quorum: boolean;
}

/** A vote-map entry as the trace shows it. */
export interface VoteEntry {
  readonly sid: number;
  readonly leader: number;
  readonly zxid: number;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: ServerState;
}

/**
 * ZK 3.8: getVoteTracker + hasAllQuorums. SyncedLearnerTracker.addAck only records a sid in a
 * verifier's ack set if that verifier counts it as a voting member; each verifier must then
 * see a quorum.
 */
export function termPredicate(votes: ReadonlyMap<number, Vote>, target: Vote, verifiers: readonly ElectionVerifier[]): Tally {
  const agreeing: number[] = [];
  for (const [sid, v] of votes) if (Vote.equals(target, v)) agreeing.push(sid);
  agreeing.sort((a, b) => a - b);
  const quorum = verifiers.length > 0
    && verifiers.every((qv) => qv.containsQuorum(agreeing.filter((sid) => qv.isVoter(sid))));
  return { agreeing, quorum };
}

/**
 * ZK 3.8: FastLeaderElection.checkLeader (FastLeaderElection.java:793-815). If the leader is
 * someone else, it must have told us itself that it is LEADING; if it is me, the round must
 * be my current logicalclock ("if everyone else thinks I'm the leader, I must be the leader").
 */
export function checkLeader(
  votes: ReadonlyMap<number, Vote>, leader: number, electionEpoch: number, mySid: number, logicalclock: number,
): boolean {
  if (leader !== mySid) return votes.get(leader)?.state === 'LEADING';
  return logicalclock === electionEpoch;
}

export function voteEntries(votes: ReadonlyMap<number, Vote>): VoteEntry[] {
  return [...votes]
    .sort((a, b) => a[0] - b[0])
    .map(([sid, v]) => ({ sid, leader: v.leader, zxid: v.zxid, electionEpoch: v.electionEpoch, peerEpoch: v.peerEpoch, state: v.state }));
}
