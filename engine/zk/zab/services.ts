// What the ZAB roles (leader, learner) need from the peer that hosts them: its identity and
// configuration, its durable epochs, its database and SyncRequestProcessor (both outlive
// roles), the bug flags it runs with, and ways to persist an epoch and to give up the role.
import type { NodeContext } from '../../sim/process.ts';
import type { BugFlag } from '../bugs.ts';
import type { EnsembleConfig } from '../config/types.ts';
import type { QuorumVerifier } from '../quorum/verifier.ts';
import type { EpochFile } from '../persistence/epochFiles.ts';
import type { SyncRequestProcessor } from '../persistence/syncProcessor.ts';
import type { ZkDatabase } from '../persistence/zkDatabase.ts';
import type { StateMachine } from '../txn/types.ts';
import type { Zxid } from '../zxid.ts';

export type ZabState = 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST';

export interface PeerServices {
  readonly ctx: NodeContext;
  readonly sid: number;
  readonly config: EnsembleConfig;
  readonly verifier: QuorumVerifier;
  /** tickTime in microseconds. */
  readonly tickUs: number;
  readonly db: ZkDatabase;
  readonly syncProcessor: SyncRequestProcessor;
  readonly stateMachine: StateMachine;
  /** Leader.startZkServer sets lastProcessedZxid = zxid(e, 0) as ZooKeeper does (see Broadcast.start). */
  readonly newEpochMarker: boolean;
  /** Whether a historical bug is re-introduced (engine/zk/bugs.ts). */
  bug(flag: BugFlag): boolean;
  acceptedEpoch(): number;
  currentEpoch(): number;
  /** ZK: QuorumPeer.getLastLoggedZxid — the database's lastProcessedZxid. */
  lastLoggedZxid(): Zxid;
  /** Persists an epoch file (temp, fsync, rename); `then` runs once it is durable. */
  persistEpoch(file: EpochFile, epoch: number, then: () => void): void;
  setZabState(s: ZabState): void;
  /** The role is over (error, timeout, lost quorum): back to LOOKING. */
  roleFailed(cause: string): void;
  /** The leader's election vote now names the new epoch (FLE's updateElectionVote). */
  updateElectionVote(epoch: number): void;
}
