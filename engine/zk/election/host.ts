// The contract between FastLeaderElection and the QuorumPeer that embeds it: what the
// election asks of the peer (ElectionHost), what it reports when a round ends (DecideInfo),
// and its tunables (FleOptions, defaulting to ZooKeeper's). The peer owns ServerState; the
// election owns logicalclock, the proposal and currentVote.
import type { DecidedVia, ElectionVerifier, ServerState, Vote, VoteTriple } from './types.ts';

export interface DecideInfo {
  /** ZK: setPeerState — LEADING if I am the leader, else FOLLOWING (participant) or OBSERVING. */
  readonly state: Exclude<ServerState, 'LOOKING'>;
  readonly agreeing: number[];
}

/** What the election needs from the QuorumPeer that embeds it. */
export interface ElectionHost {
  readonly sid: number;
  verifier(): ElectionVerifier;
  /** ZK: getLastSeenQuorumVerifier, only while it is a pending config of higher version than verifier(). */
  lastSeenVerifier?(): ElectionVerifier | undefined;
  getPeerState(): ServerState;
  /** ZK: getLearnerType() != PARTICIPANT. */
  isObserver(): boolean;
  /** (myid, lastLoggedZxid, currentEpoch) as on this server now; FLE maps it through getInitId etc. */
  initialVote(): VoteTriple;
  onDecided(vote: Vote, how: DecidedVia, info: DecideInfo): void;
  /** ZK: Leader.reportLookingSid, called when a LOOKING voter reaches a non-LOOKING me. */
  reportLookingSid?(sid: number): void;
}

export interface FleOptions {
  finalizeWaitMs?: number;
  minNotificationIntervalMs?: number;
  maxNotificationIntervalMs?: number;
  /** Bug flag: pre-ZOOKEEPER-1419 totalOrderPredicate. */
  bug1419?: boolean;
}
