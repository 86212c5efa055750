// The order on votes that FastLeaderElection converges on, and which field decided it.
// ZooKeeper 3.8 compares peerEpoch (the candidate's persisted currentEpoch) FIRST, then
// zxid, then sid; a candidate of weight 0 never wins. So "highest zxid, then highest myid"
// is folklore: a vote with a higher peerEpoch and a lower zxid wins. The result also names
// the deciding field, so the trace can answer "why did 3 win?" without re-deriving it.
// `buggy1419` re-introduces the pre-ZOOKEEPER-1419 predicate, whose sid tie-break ignored
// the epoch: it is not a total order (A beats B and B beats A), and 5 nodes may never settle.
import type { Zxid } from '../zxid.ts';

export type DecidedBy = 'weight' | 'epoch' | 'zxid' | 'sid' | 'equal';

export interface OrderResult {
  /** true iff the new vote beats the current one (ZK: totalOrderPredicate returns true). */
  readonly wins: boolean;
  /** The field that settled it; 'equal' when all three are equal (the new vote does not win). */
  readonly decidedBy: DecidedBy;
}

/**
 * ZK 3.8: FastLeaderElection.totalOrderPredicate (FastLeaderElection.java:723-749).
 * `weightOfNew` is the current verifier's weight of `newId` (QuorumMaj: always 1).
 */
export function totalOrderPredicate(
  newId: number, newZxid: Zxid, newEpoch: number,
  curId: number, curZxid: Zxid, curEpoch: number,
  weightOfNew: number,
  buggy1419 = false,
): OrderResult {
  if (weightOfNew === 0) return { wins: false, decidedBy: 'weight' };
  if (buggy1419) return buggyPredicate(newId, newZxid, newEpoch, curId, curZxid, curEpoch);
  if (newEpoch !== curEpoch) return { wins: newEpoch > curEpoch, decidedBy: 'epoch' };
  if (newZxid !== curZxid) return { wins: newZxid > curZxid, decidedBy: 'zxid' };
  if (newId !== curId) return { wins: newId > curId, decidedBy: 'sid' };
  return { wins: false, decidedBy: 'equal' };
}

/**
 * Pre-ZOOKEEPER-1419 (ZooKeeper ≤ 3.4.3), commit 3487bc0dc:
 *   newEpoch > curEpoch || (newEpoch == curEpoch && newZxid > curZxid) || (newZxid == curZxid && newId > curId)
 * The last clause lets a lower-epoch vote win on sid alone.
 */
function buggyPredicate(
  newId: number, newZxid: Zxid, newEpoch: number,
  curId: number, curZxid: Zxid, curEpoch: number,
): OrderResult {
  if (newEpoch > curEpoch) return { wins: true, decidedBy: 'epoch' };
  if (newEpoch === curEpoch && newZxid > curZxid) return { wins: true, decidedBy: 'zxid' };
  if (newZxid === curZxid && newId > curId) return { wins: true, decidedBy: 'sid' };
  if (newEpoch !== curEpoch) return { wins: false, decidedBy: 'epoch' };
  if (newZxid !== curZxid) return { wins: false, decidedBy: 'zxid' };
  if (newId !== curId) return { wins: false, decidedBy: 'sid' };
  return { wins: false, decidedBy: 'equal' };
}
