// Trace events of the ZooKeeper server (namespaces `zk.` and `zab.`), the contract with the
// checkers and the UI. Every event also carries `t` and `node` (the server's sid).
//
// zk.recover   {node, acceptedEpoch, currentEpoch, lastZxid}       what a (re)started server read from disk
// zk.refuse    {node, reason}                                      the server refuses to start (bad epoch files)
// zk.state     {node, state, prev, cause}                          ServerState change and why, in words
// zk.zabState  {node, zabState}                                    ELECTION | DISCOVERY | SYNCHRONIZATION | BROADCAST
// zk.epoch     {node, file, epoch}                                 acceptedEpoch/currentEpoch is durable on disk
// zab.epochProposed  {node, epoch, connecting}                     leader fixed the new epoch (quorum of FOLLOWERINFO)
// zab.established    {node, epoch, acked}                          leader: quorum of ACKEPOCH — leader established
// zab.newLeaderAcked {node, epoch, acked}                          leader: quorum acked NEWLEADER; starts serving
// zab.syncMode       {node, learner, mode, zxid, peerLastZxid, leaderLastZxid, minCommittedLog,
//                     maxCommittedLog, queued, why}     how the leader syncs a learner (LearnerHandler.
//                     syncFollower): mode DIFF|TRUNC|SNAP; zxid = the DIFF/TRUNC packet's zxid (TRUNC:
//                     the target), or for SNAP the leader's lastProcessedZxid; the learner's and the
//                     leader's last zxids and the committedLog window compared; queued = packets
//                     queued with the decision: the DIFF/TRUNC packet plus a PROPOSAL and a COMMIT
//                     per txn from the logs (0 for SNAP; startForwarding's are not counted)
// zab.uptodate       {node, leader, epoch}                         learner got UPTODATE; serves clients
// zab.learnerDropped {node, learner, reason}                       leader dropped a learner handler
// zab.quorumLost     {node, epoch, synced}                         leader lost its quorum and steps down
// zab.discoveryFailed {node, epoch, phase, waitedMs}               leader's wait exceeded initLimit ticks
//
// Broadcast, persistence and recovery (zxids are numbers, epoch·2^32 + counter):
// zab.propose  {node, zxid, txn}          the leader assigned zxid to txn and sent PROPOSAL to its
//                                         forwarding followers (Leader.propose)
// zab.logged   {node, zxid}               txn zxid is durable in this server's log (fsync done);
//                                         leader, followers and observers alike
// zab.ackRecv  {node, from, zxid}         the leader processed an ACK of proposal zxid from `from`
//                                         (its own ack has from = node); late or unknown acks too
// zab.commit   {node, zxid, acks}         the leader committed zxid: a quorum of the verifier acked
//                                         (acks = every sid that had acked), strictly in zxid order;
//                                         COMMIT to followers and INFORM to observers follow
// zab.apply    {node, zxid, txn, digest, via}  the server applied txn at zxid to its state; digest
//                                         is the state's digest after it. via: commit (delivered in
//                                         broadcast: leader commit, COMMIT, INFORM), sync (applied
//                                         while syncing with a leader; committed in its history),
//                                         replay (re-read from the own log at a restart, a fast-
//                                         forward or a reload — possibly never committed, then later
//                                         removed by zab.trunc or a SNAP). Same zxid ⇒ same txn on
//                                         every server; same zxid ⇒ same digest unless histories differ.
// zab.trunc    {node, toZxid, dropped}    a learner cut its log after toZxid (TRUNC), dropping the
//                                         txns `dropped`; its state is reloaded (zab.recovered follows)
// zab.snapshot {node, zxid}               a snapshot of the state at zxid is durable on disk
// zab.recovered {node, cause, snapshotZxid, replayed, truncatedBytes, lastZxid, digest}  the state
//                                         was rebuilt from disk. cause: restart (newest valid snapshot +
//                                         every logged txn above it), reload (after TRUNC or a cut-short
//                                         SNAP sync), fastForward (a role ended, ZooKeeperServer.shutdown:
//                                         logged txns above the state replayed; snapshotZxid = where the
//                                         state was). The replayed zab.apply events (via replay) precede
//                                         it; truncatedBytes = bytes of a torn/corrupt log tail cut off;
//                                         digest = the state's at lastZxid.
// zab.snapSync {node, from, zxid, digest}  a learner replaced its state with leader `from`'s SNAP
//                                         image at zxid (the leader's lastProcessedZxid); no per-txn
//                                         zab.apply. A server's state starts over at node.start (then
//                                         zab.recovered), zab.trunc (then zab.recovered) and zab.snapSync.
// zab.proposalTimeout {node, learner, zxid}  the leader dropped a learner whose oldest unacked
//                                         PROPOSAL (zxid) is syncLimit ticks old (SyncLimitCheck)
//
// Client syncs (ZK: OpCode.sync; `id` names the request):
// zab.syncStart {node, id}                a server took a client sync; a learner forwards it in a
//                                         REQUEST and keeps it pending, a leader completes it at once
// zab.syncRequest {node, learner, id, committed, waitFor}  the leader processed learner's sync:
//                                         committed = its lastCommitted then; waitFor = null (SYNC
//                                         sent now: nothing outstanding) or the last proposed zxid,
//                                         whose commit releases the SYNC (Leader.processSync)
// zab.syncDone {node, id, zxid}           the sync completed here (a learner: the leader's SYNC came
//                                         back, matched FIFO); zxid = the last txn applied here then
import { z } from 'zod';

const sid = z.number().int();
const sids = z.array(sid);
const state = z.enum(['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING']);
const base = { node: sid };
const zxidNum = z.number().int().nonnegative();
const txn = z.looseObject({ type: z.string() });
const digest = z.string().regex(/^[0-9a-f]{8}$/);

export const zkTraceSchemas = {
  'zk.recover': z.object({ ...base, acceptedEpoch: z.number().int(), currentEpoch: z.number().int(), lastZxid: z.number() }).strict(),
  'zk.refuse': z.object({ ...base, reason: z.string() }).strict(),
  'zk.state': z.object({ ...base, state, prev: state.nullable(), cause: z.string() }).strict(),
  'zk.zabState': z.object({ ...base, zabState: z.enum(['ELECTION', 'DISCOVERY', 'SYNCHRONIZATION', 'BROADCAST']) }).strict(),
  'zk.epoch': z.object({ ...base, file: z.enum(['acceptedEpoch', 'currentEpoch']), epoch: z.number().int() }).strict(),
  'zab.epochProposed': z.object({ ...base, epoch: z.number().int(), connecting: sids }).strict(),
  'zab.established': z.object({ ...base, epoch: z.number().int(), acked: sids }).strict(),
  'zab.newLeaderAcked': z.object({ ...base, epoch: z.number().int(), acked: sids }).strict(),
  'zab.syncMode': z.object({
    ...base, learner: sid, mode: z.enum(['DIFF', 'TRUNC', 'SNAP']), zxid: z.number(), peerLastZxid: z.number(), leaderLastZxid: z.number(),
    minCommittedLog: z.number(), maxCommittedLog: z.number(), queued: z.number().int().nonnegative(), why: z.string(),
  }).strict(),
  'zab.uptodate': z.object({ ...base, leader: sid, epoch: z.number().int() }).strict(),
  'zab.learnerDropped': z.object({ ...base, learner: sid, reason: z.string() }).strict(),
  'zab.quorumLost': z.object({ ...base, epoch: z.number().int(), synced: sids }).strict(),
  'zab.discoveryFailed': z.object({ ...base, epoch: z.number().int(), phase: z.string(), waitedMs: z.number() }).strict(),
  'zab.propose': z.object({ ...base, zxid: zxidNum, txn }).strict(),
  'zab.logged': z.object({ ...base, zxid: zxidNum }).strict(),
  'zab.ackRecv': z.object({ ...base, from: sid, zxid: zxidNum }).strict(),
  'zab.commit': z.object({ ...base, zxid: zxidNum, acks: sids }).strict(),
  'zab.apply': z.object({ ...base, zxid: zxidNum, txn, digest, via: z.enum(['commit', 'sync', 'replay']) }).strict(),
  'zab.trunc': z.object({ ...base, toZxid: zxidNum, dropped: z.array(zxidNum) }).strict(),
  'zab.snapshot': z.object({ ...base, zxid: zxidNum }).strict(),
  'zab.recovered': z.object({
    ...base, cause: z.enum(['restart', 'reload', 'fastForward']), snapshotZxid: zxidNum, replayed: z.number().int().nonnegative(),
    truncatedBytes: z.number().int().nonnegative(), lastZxid: zxidNum, digest,
  }).strict(),
  'zab.snapSync': z.object({ ...base, from: sid, zxid: zxidNum, digest }).strict(),
  'zab.proposalTimeout': z.object({ ...base, learner: sid, zxid: zxidNum }).strict(),
  'zab.syncStart': z.object({ ...base, id: z.number().int() }).strict(),
  'zab.syncRequest': z.object({ ...base, learner: sid, id: z.number().int(), committed: zxidNum, waitFor: zxidNum.nullable() }).strict(),
  'zab.syncDone': z.object({ ...base, id: z.number().int(), zxid: zxidNum }).strict(),
} as const;
