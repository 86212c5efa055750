// QuorumPacket types between a leader and its learners, spelt like ZooKeeper's constants
// (ZK 3.8: Leader.java). Every packet is {type, zxid, ...}; what ZooKeeper carries in the
// `data` bytes is a named field here.
import type { ClientSync, ClientWrite, Txn } from '../txn/types.ts';
import type { Zxid } from '../zxid.ts';

/** The protocol version learners and leaders of 3.4+ announce (ZAB 1.0). */
export const ZAB_PROTOCOL_VERSION = 0x10000;

export type QuorumPacket =
  | { type: 'FOLLOWERINFO' | 'OBSERVERINFO'; zxid: Zxid; sid: number; protocolVersion: number }
  | { type: 'LEADERINFO'; zxid: Zxid; protocolVersion: number }
  /** `epoch`: the learner's currentEpoch when it accepted a new epoch, else -1. */
  | { type: 'ACKEPOCH'; zxid: Zxid; epoch: number }
  /** DIFF: zxid = the leader's maxCommittedLog; TRUNC: the zxid to truncate to. */
  | { type: 'DIFF' | 'TRUNC'; zxid: Zxid }
  /** SNAP: zxid = the leader's lastProcessedZxid; `snapshot` is its state image (ZK streams it after the packet). */
  | { type: 'SNAP'; zxid: Zxid; snapshot: unknown; digest: string }
  | { type: 'NEWLEADER'; zxid: Zxid }
  | { type: 'UPTODATE'; zxid: Zxid }
  | { type: 'ACK'; zxid: Zxid }
  | { type: 'PING'; zxid: Zxid }
  | { type: 'PROPOSAL'; zxid: Zxid; txn: Txn }
  | { type: 'COMMIT'; zxid: Zxid }
  /** ZK: INFORM carries the whole txn, since observers never saw the PROPOSAL. */
  | { type: 'INFORM'; zxid: Zxid; txn: Txn }
  /** A write or sync forwarded by a learner (ZK: FollowerRequestProcessor → Learner.request). */
  | { type: 'REQUEST'; zxid: Zxid; request: ClientWrite | ClientSync }
  /** ZK: Leader.sendSync — the answer to the learner's oldest pending sync (zxid 0, no id: FIFO). */
  | { type: 'SYNC'; zxid: Zxid };

export type QuorumPacketType = QuorumPacket['type'];

const TYPES = new Set<string>([
  'FOLLOWERINFO', 'OBSERVERINFO', 'LEADERINFO', 'ACKEPOCH', 'DIFF', 'TRUNC', 'SNAP', 'NEWLEADER', 'UPTODATE', 'ACK', 'PING',
  'PROPOSAL', 'COMMIT', 'INFORM', 'REQUEST', 'SYNC',
]);

export function isQuorumPacket(msg: { type: string }): msg is QuorumPacket {
  return TYPES.has(msg.type);
}

/** The connect tag (port) learners dial the leader on; ZooKeeper's quorum port. */
export const QUORUM_PORT_TAG = 'quorum';
