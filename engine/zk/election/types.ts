// Vocabulary of leader election: ServerState, Vote (with ZooKeeper 3.8's equality rule),
// Notification and the two election-channel wire messages. Votes are plain readonly
// objects; `Vote.equals` is the one place that decides whether two votes "agree", and it
// follows Vote.java exactly, including the version quirk (ZOOKEEPER-1732/1805/1818).
// Also the slice of QuorumVerifier the election calls (so tests may pass a tiny verifier).
import type { Message } from '../../net/types.ts';
import type { QuorumVerifier } from '../quorum/verifier.ts';
import type { Zxid } from '../zxid.ts';

/** ZK 3.8: QuorumPeer.ServerState (ordinals LOOKING 0, FOLLOWING 1, LEADING 2, OBSERVING 3). */
export type ServerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
export const SERVER_STATES: readonly ServerState[] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'];

/** How a round ended: a quorum of agreeing votes in this round, or a quorum of servers already out of election. */
export type DecidedVia = 'recvset' | 'outofelection';

/** What election needs of a quorum verifier: the part of QuorumVerifier it calls. */
export type ElectionVerifier = Pick<QuorumVerifier, 'containsQuorum' | 'votingMembers' | 'weight' | 'isVoter'>;

/**
 * ZK 3.8: Vote. `leader` is Vote.id (the proposed leader's sid). `version` is 0 for votes a
 * server builds for itself and for LOOKING entries of recvset; votes built from a
 * notification's fields with `n.version` carry the sender's format version (2 in 3.8).
 */
export interface Vote {
  readonly version: number;
  readonly leader: number;
  readonly zxid: Zxid;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: ServerState;
}

/** The part of a vote that totalOrderPredicate compares (and the trace shows). */
export interface VoteTriple {
  readonly leader: number;
  readonly zxid: Zxid;
  readonly peerEpoch: number;
}

export const Vote = {
  /** ZK 3.8: the Vote constructors; missing fields default as Vote.java's do (-1, LOOKING, version 0). */
  of(leader: number, zxid: Zxid, electionEpoch = -1, peerEpoch = -1, state: ServerState = 'LOOKING', version = 0): Vote {
    return { version, leader, zxid, electionEpoch, peerEpoch, state };
  },

  /**
   * ZK 3.8: Vote.equals (Vote.java:107-152). If either side is LOOKING: id, zxid,
   * electionEpoch and peerEpoch must match. Otherwise (both out of election) zxid and
   * electionEpoch are skipped (ZOOKEEPER-1805), and if exactly one side has version > 0
   * even peerEpoch is skipped (mixed-version rolling upgrades, ZOOKEEPER-1732): id only.
   * Note: FastLeaderElection stores FOLLOWING/LEADING votes in recvset with version 0 but
   * compares them against a target built with n.version (2), so in recvset they match on
   * the id alone (FastLeaderElection.java:1152-1153).
   */
  equals(a: Vote, b: Vote): boolean {
    if (a.state === 'LOOKING' || b.state === 'LOOKING') {
      return a.leader === b.leader && a.zxid === b.zxid
        && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
    }
    if ((a.version > 0) !== (b.version > 0)) return a.leader === b.leader;
    return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
  },

  triple(v: VoteTriple): VoteTriple {
    return { leader: v.leader, zxid: v.zxid, peerEpoch: v.peerEpoch };
  },
} as const;

/** ZK 3.8: FastLeaderElection.Notification. `sid` is the sender, taken from the connection. */
export interface Notification {
  readonly version: number;
  readonly leader: number;
  readonly zxid: Zxid;
  readonly electionEpoch: number;
  readonly state: ServerState;
  readonly sid: number;
  readonly peerEpoch: number;
  /** The sender's quorum config (3.8 sends qv.toString()); we carry it only when reconfig needs it. */
  readonly config?: string;
}

/** ZK 3.8: Notification.CURRENTVERSION; every 3.8 notification carries it. */
export const NOTIFICATION_VERSION = 2;

/** ZK 3.8: FastLeaderElection.buildMsg — state, leader, zxid, electionEpoch, peerEpoch, version, config. */
export interface NotificationMsg extends Message {
  readonly type: 'NOTIFICATION';
  readonly state: ServerState;
  readonly leader: number;
  readonly zxid: Zxid;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly version: number;
  readonly config?: string;
}

/** ZK 3.8: QuorumCnxManager.PROTOCOL_VERSION_V1 (the initiator's first long). */
export const QCM_PROTOCOL_VERSION_V1 = -65536;

/** ZK 3.8: QuorumCnxManager.startConnection's initial message: protocol version, my sid, my election address. */
export interface QcmHelloMsg extends Message {
  readonly type: 'QCM_HELLO';
  readonly sid: number;
  readonly protocolVersion: number;
}

export function notificationMsg(state: ServerState, v: VoteTriple, electionEpoch: number): NotificationMsg {
  return {
    type: 'NOTIFICATION', state, leader: v.leader, zxid: v.zxid, electionEpoch,
    peerEpoch: v.peerEpoch, version: NOTIFICATION_VERSION,
  };
}

/** Reads a NOTIFICATION off the wire; undefined if malformed (ZK logs and skips it). */
export function parseNotification(sid: number, m: Message): Notification | undefined {
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
  if (m.type !== 'NOTIFICATION') return undefined;
  const { state, leader, zxid, electionEpoch, peerEpoch, version, config } = m as Partial<NotificationMsg>;
  if (!SERVER_STATES.includes(state as ServerState)) return undefined; // ZK: unknown ordinal ⇒ `continue`
  if (!num(leader) || !num(zxid) || !num(electionEpoch) || !num(peerEpoch) || !num(version)) return undefined;
  const n: Notification = { version, leader, zxid, electionEpoch, state: state as ServerState, sid, peerEpoch };
  return typeof config === 'string' ? { ...n, config } : n;
}
