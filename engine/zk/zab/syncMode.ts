// How a leader synchronises a learner (ZK 3.8: LearnerHandler.syncFollower and
// queueCommittedProposals), as a pure function of the learner's last zxid p, the leader's
// lastProcessedZxid L, its committedLog [min, max] (= [L, L] when empty) and its on-disk log:
//   (1) p == L                          → empty DIFF
//   (2) p > max, p not a new-epoch zxid → TRUNC(max)
//   (3) min ≤ p ≤ max                   → walk committedLog: entry == p ⇒ DIFF(max); first entry
//       > p: new-epoch peer ⇒ DIFF(max), other epoch than p ⇒ SNAP (never TRUNC across epochs),
//       same epoch ⇒ TRUNC(previous entry); then every later entry as PROPOSAL + COMMIT
//   (4) p < min → the same walk over the on-disk log (when it holds p and is smaller than
//       snapshotSizeFactor × the snapshot), then committedLog; a gap between them ⇒ SNAP
//   (5) otherwise SNAP.
// The plan lists the packets to queue before startForwarding (op packet, PROPOSAL/COMMIT
// pairs) and currentZxid, the last zxid queued (ZK's startForwarding argument).
import { counterOf, epochOf, zxidHex, type Zxid } from '../zxid.ts';
import type { Txn, ZxidTxn } from '../txn/types.ts';

export type SyncModeName = 'DIFF' | 'TRUNC' | 'SNAP';

export type QueuedSyncPacket =
  | { type: 'DIFF' | 'TRUNC' | 'COMMIT'; zxid: Zxid }
  | { type: 'PROPOSAL'; zxid: Zxid; txn: Txn };

export interface SyncInput {
  peerLastZxid: Zxid;
  /** The leader's lastProcessedZxid. */
  lastProcessedZxid: Zxid;
  committedLog: readonly ZxidTxn[];
  /** ZK: getProposalsFromTxnLog(p, sizeLimit) — empty when the log cannot serve p. */
  txnLogFrom: (zxid: Zxid) => readonly ZxidTxn[];
  /** What case (1) compares p with; L unless bug ZOOKEEPER-1319 hands in a stale lastProposed. */
  inSyncZxid?: Zxid;
  /** Bug ZOOKEEPER-1154: in case (3) always DIFF, never TRUNC or SNAP. */
  alwaysDiffInCommittedLog?: boolean;
}

export interface SyncPlan {
  mode: SyncModeName;
  /** The zxid of the DIFF/TRUNC packet; for SNAP the leader's lastProcessedZxid. */
  zxid: Zxid;
  /** Packets queued after the sync decision (empty for SNAP). */
  packets: QueuedSyncPacket[];
  /** ZK: currentZxid — the last zxid the learner will have; startForwarding's argument. */
  currentZxid: Zxid;
  minCommittedLog: Zxid;
  maxCommittedLog: Zxid;
  why: string;
}

export function syncFollower(input: SyncInput): SyncPlan {
  const p = input.peerLastZxid;
  const L = input.lastProcessedZxid;
  const log = input.committedLog;
  const isPeerNewEpochZxid = counterOf(p) === 0;
  let min = log[0]?.zxid ?? L;
  let max = log[log.length - 1]?.zxid ?? L;
  if (log.length === 0) min = max = L;
  const q = new Queue(p, isPeerNewEpochZxid, input.alwaysDiffInCommittedLog ?? false);
  let currentZxid = p;
  let needSnap = true;
  let why: string;
  const hx = zxidHex;
  if ((input.inSyncZxid ?? L) === p) {
    q.op('DIFF', p);
    needSnap = false;
    why = `learner is in sync: peerLastZxid ${hx(p)} == lastProcessedZxid ${hx(input.inSyncZxid ?? L)}`;
  } else if (p > max && !isPeerNewEpochZxid) {
    q.op('TRUNC', max);
    currentZxid = max;
    needSnap = false;
    why = `learner is ahead: peerLastZxid ${hx(p)} > maxCommittedLog ${hx(max)}`;
  } else if (max >= p && min <= p) {
    currentZxid = q.committed(log, p, undefined, max);
    needSnap = q.aborted;
    why = q.aborted
      ? `peerLastZxid ${hx(p)} is in committedLog [${hx(min)}, ${hx(max)}] but the next entry is of another epoch: no TRUNC across epochs`
      : `peerLastZxid ${hx(p)} is in committedLog [${hx(min)}, ${hx(max)}]`;
  } else if (p < min) {
    const fromLog = input.txnLogFrom(p);
    why = `peerLastZxid ${hx(p)} < minCommittedLog ${hx(min)} and the on-disk log cannot serve it (missing, or larger than snapshotSizeFactor × snapshot)`;
    if (fromLog.length > 0) {
      currentZxid = q.committed(fromLog, p, min, max);
      if (q.aborted || currentZxid < min) {
        why = `peerLastZxid ${hx(p)} < minCommittedLog ${hx(min)}: the on-disk log ends at ${hx(currentZxid)}, a gap before committedLog`;
        q.reset();
        currentZxid = p;
      } else {
        currentZxid = q.committed(log, currentZxid, undefined, max);
        needSnap = q.aborted;
        why = `peerLastZxid ${hx(p)} < minCommittedLog ${hx(min)}: sent from the on-disk log, then committedLog`;
      }
    }
  } else {
    why = `unhandled: peerLastZxid ${hx(p)}, committedLog [${hx(min)}, ${hx(max)}], lastProcessedZxid ${hx(L)}`;
  }
  if (!needSnap && q.needOp) {
    needSnap = true; // ZK: "fall back to use snapshot"
    why = `${why}; no DIFF/TRUNC could be chosen`;
  }
  if (needSnap) return { mode: 'SNAP', zxid: L, packets: [], currentZxid: L, minCommittedLog: min, maxCommittedLog: max, why };
  const op = q.packets[0];
  const mode = op?.type === 'TRUNC' ? 'TRUNC' : 'DIFF';
  return { mode, zxid: op?.zxid ?? p, packets: q.packets, currentZxid, minCommittedLog: min, maxCommittedLog: max, why };
}

/** ZK: LearnerHandler.queuedPackets and needOpPacket, with queueCommittedProposals. */
class Queue {
  packets: QueuedSyncPacket[] = [];
  needOp = true;
  aborted = false;

  constructor(private readonly p: Zxid, private readonly newEpochPeer: boolean, private readonly bug1154: boolean) {}

  op(type: 'DIFF' | 'TRUNC', zxid: Zxid): void {
    this.packets.push({ type, zxid });
    this.needOp = false;
  }

  reset(): void {
    this.packets = [];
    this.needOp = true;
    this.aborted = false;
  }

  /** ZK: queueCommittedProposals(itr, peerLastZxid, maxZxid, lastCommittedZxid). */
  committed(itr: readonly ZxidTxn[], peerLastZxid: Zxid, maxZxid: Zxid | undefined, lastCommittedZxid: Zxid): Zxid {
    this.aborted = false;
    let queuedZxid = peerLastZxid;
    let prevProposalZxid = -1;
    for (const prop of itr) {
      const z = prop.zxid;
      if (maxZxid !== undefined && z > maxZxid) break;
      if (z < peerLastZxid) {
        prevProposalZxid = z;
        continue;
      }
      if (this.needOp) {
        if (z === peerLastZxid) {
          this.op('DIFF', lastCommittedZxid);
          continue;
        }
        if (this.newEpochPeer || this.bug1154) {
          this.op('DIFF', lastCommittedZxid);
        } else if (z > peerLastZxid) {
          if (epochOf(z) !== epochOf(peerLastZxid)) {
            this.aborted = true; // ZK: "Cannot send TRUNC to peer sid: ... peer zxid is from different epoch"
            return queuedZxid;
          }
          this.op('TRUNC', prevProposalZxid);
        }
      }
      if (z <= queuedZxid) continue;
      this.packets.push({ type: 'PROPOSAL', zxid: z, txn: prop.txn }, { type: 'COMMIT', zxid: z });
      queuedZxid = z;
    }
    if (this.needOp && this.newEpochPeer) this.op('DIFF', lastCommittedZxid);
    return queuedZxid;
  }
}
