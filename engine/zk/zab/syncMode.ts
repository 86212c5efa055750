// Which way a leader synchronises a learner (ZK 3.8: LearnerHandler.syncFollower). Until
// the leader keeps a committed log (the broadcast work), the decision compares the
// learner's last zxid with the leader's last processed zxid only: equal ⇒ empty DIFF;
// learner ahead ⇒ TRUNC to the leader's zxid; learner behind ⇒ SNAP.
import type { Zxid } from '../zxid.ts';

export interface SyncDecision {
  mode: 'DIFF' | 'TRUNC' | 'SNAP';
  zxid: Zxid;
  why: string;
}

export function chooseSyncMode(peerLastZxid: Zxid, leaderLastZxid: Zxid): SyncDecision {
  if (peerLastZxid === leaderLastZxid) return { mode: 'DIFF', zxid: leaderLastZxid, why: 'learner is in sync (peerLastZxid == lastProcessedZxid)' };
  if (peerLastZxid > leaderLastZxid) return { mode: 'TRUNC', zxid: leaderLastZxid, why: 'learner is ahead of the leader' };
  return { mode: 'SNAP', zxid: leaderLastZxid, why: 'learner is behind and the leader keeps no committed log yet' };
}
