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
// zab.syncMode       {node, learner, mode, peerLastZxid, leaderLastZxid, why}  how the leader syncs a learner
// zab.uptodate       {node, leader, epoch}                         learner got UPTODATE; serves clients
// zab.learnerDropped {node, learner, reason}                       leader dropped a learner handler
// zab.quorumLost     {node, epoch, synced}                         leader lost its quorum and steps down
// zab.discoveryFailed {node, epoch, phase, waitedMs}               leader's wait exceeded initLimit ticks
import { z } from 'zod';

const sid = z.number().int();
const sids = z.array(sid);
const state = z.enum(['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING']);
const base = { node: sid };

export const zkTraceSchemas = {
  'zk.recover': z.object({ ...base, acceptedEpoch: z.number().int(), currentEpoch: z.number().int(), lastZxid: z.number() }).strict(),
  'zk.refuse': z.object({ ...base, reason: z.string() }).strict(),
  'zk.state': z.object({ ...base, state, prev: state.nullable(), cause: z.string() }).strict(),
  'zk.zabState': z.object({ ...base, zabState: z.enum(['ELECTION', 'DISCOVERY', 'SYNCHRONIZATION', 'BROADCAST']) }).strict(),
  'zk.epoch': z.object({ ...base, file: z.enum(['acceptedEpoch', 'currentEpoch']), epoch: z.number().int() }).strict(),
  'zab.epochProposed': z.object({ ...base, epoch: z.number().int(), connecting: sids }).strict(),
  'zab.established': z.object({ ...base, epoch: z.number().int(), acked: sids }).strict(),
  'zab.newLeaderAcked': z.object({ ...base, epoch: z.number().int(), acked: sids }).strict(),
  'zab.syncMode': z.object({ ...base, learner: sid, mode: z.enum(['DIFF', 'TRUNC', 'SNAP']), peerLastZxid: z.number(), leaderLastZxid: z.number(), why: z.string() }).strict(),
  'zab.uptodate': z.object({ ...base, leader: sid, epoch: z.number().int() }).strict(),
  'zab.learnerDropped': z.object({ ...base, learner: sid, reason: z.string() }).strict(),
  'zab.quorumLost': z.object({ ...base, epoch: z.number().int(), synced: sids }).strict(),
  'zab.discoveryFailed': z.object({ ...base, epoch: z.number().int(), phase: z.string(), waitedMs: z.number() }).strict(),
} as const;
