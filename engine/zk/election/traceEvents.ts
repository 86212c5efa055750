// The election's trace events, field by field, with zod schemas the trace reader registers.
// Every event also carries `t` (virtual µs) and `node` (the sid that emitted it). Votes are
// `{leader, zxid, peerEpoch}` numbers; LONG_MIN (-2^53+1) stands for Java's Long.MIN_VALUE.
//
// fle.round    {logicalclock, proposal}                    lookForLeader began a round (logicalclock++).
// fle.send     {to: sid[], vote, logicalclock, reason}     sendNotifications; reason: round-start |
//              new-round | adopted | timeout.
// fle.recv     {from, n, action, logicalclock, cmp?}       a notification reached the election.
//              logicalclock is mine when it arrived. action:
//                ignored-not-voter      sender (or its proposed leader) not a voter; a non-voter sender
//                                       is answered at once (fle.reply reason non-voter-sender)
//                ignored-not-looking    I am out of election, the sender is LOOKING: answered
//                dropped-both-out-of-election
//                queued                 I am LOOKING but no round is running yet: kept for the next
//                ignored-own-zxid-minus-1 / ignored-zxid-minus-1   empty (-1) server: LOOKING ignored
//                ignored-old-round      LOOKING, n.electionEpoch < logicalclock
//                ignored-observing      state OBSERVING
//                new-round              LOOKING from a later round: recvset cleared, compared with my
//                                       INITIAL vote (cmp.current)
//                adopted / kept         same round, compared with my proposal
//                recorded               FOLLOWING/LEADING: stored (fle.tally / fle.outofelection follow)
//                consumed-in-finalize   polled during the finalize wait, not better: lost
//                put-back               polled during the finalize wait, better: wait interrupted
//              cmp {received, current, decidedBy: epoch|zxid|sid|weight|equal, winner: received|current}
// fle.vote     {from, to, decidedBy, because, logicalclock} my proposal changed; because: 'higher round'
//              (a later round reset it) | 'better vote'.
// fle.tally    {proposal, logicalclock, recvset, agreeing, quorum, target?, checkLeader?}  recvset
//              changed; agreeing = sids whose entry equals the target (my proposal in this round, or
//              — with `target` — the vote of a FOLLOWING/LEADING notification of this round).
// fle.outofelection {logicalclock, target, outofelection, agreeing, quorum, checkLeader}
// fle.finalize {phase: wait|interrupted|done, logicalclock, proposal, agreeing?}
// fle.timeout  {intervalMs, action: resend|connectAll, nextIntervalMs}  no notification for intervalMs.
// fle.decide   {leader, vote, via: recvset|outofelection, agreeing, logicalclock, state}
// fle.reply    {to, vote, state, electionEpoch, reason: non-voter-sender | sender-behind |
//              i-am-out-of-election}
// fle.updateVote {vote, peerEpoch}   currentVote.peerEpoch refreshed after sync (ZOOKEEPER-1732)
// fle.shutdown {logicalclock}
// qcm.conn     {peer, conn?, action, initiator?, reason?}  action: dial | dial-failed | invalid-sid |
//              lost-challenge (I dialled a higher sid: hello sent, hung up) | dial-back (a lower sid
//              dialled me: hung up, dialling it) | established | replaced (older connection finished)
//              | lost (closed under me) | self-id (a peer claims my sid; ignored)
// qcm.queueDrop {to, dropped, kept}  the send queue (capacity 1) dropped an unsent message
// qcm.resend   {to, conn, msg}       lastMessageSent re-sent on a new connection
// qcm.recvDrop {from, type}          the receive queue (capacity 100) dropped its oldest message
// qcm.malformed {from, type}
import { z } from 'zod';
import { SERVER_STATES } from './types.ts';

export const RECV_ACTIONS = [
  'ignored-not-voter', 'ignored-not-looking', 'dropped-both-out-of-election', 'queued',
  'ignored-own-zxid-minus-1', 'ignored-zxid-minus-1', 'ignored-old-round', 'ignored-observing',
  'new-round', 'adopted', 'kept', 'recorded', 'consumed-in-finalize', 'put-back',
] as const;
export type RecvAction = (typeof RECV_ACTIONS)[number];
export const SEND_REASONS = ['round-start', 'new-round', 'adopted', 'timeout'] as const;
export type SendReason = (typeof SEND_REASONS)[number];
export const REPLY_REASONS = ['non-voter-sender', 'sender-behind', 'i-am-out-of-election'] as const;
export type ReplyReason = (typeof REPLY_REASONS)[number];
export const QCM_CONN_ACTIONS = [
  'dial', 'dial-failed', 'invalid-sid', 'lost-challenge', 'dial-back', 'established', 'replaced', 'lost', 'self-id',
] as const;

const int = z.number().int();
const sid = int;
const state = z.enum(SERVER_STATES as [string, ...string[]]);
const decidedBy = z.enum(['weight', 'epoch', 'zxid', 'sid', 'equal']);
const vote = z.strictObject({ leader: int, zxid: int, peerEpoch: int });
const entry = z.strictObject({ sid, leader: int, zxid: int, electionEpoch: int, peerEpoch: int, state });
const notification = z.strictObject({
  version: int, leader: int, zxid: int, electionEpoch: int, state, sid, peerEpoch: int, config: z.string().optional(),
});
const msgSummary = z.strictObject({ state, leader: int, zxid: int, electionEpoch: int, peerEpoch: int });

function event<T extends z.ZodRawShape>(name: string, shape: T) {
  return z.strictObject({ t: int.nonnegative(), e: z.literal(name), node: int, ...shape });
}

export const fleTraceSchemas: Record<string, z.ZodType> = {
  'fle.round': event('fle.round', { logicalclock: int, proposal: vote }),
  'fle.send': event('fle.send', { to: z.array(sid), vote, logicalclock: int, reason: z.enum(SEND_REASONS) }),
  'fle.recv': event('fle.recv', {
    from: sid, n: notification, action: z.enum(RECV_ACTIONS), logicalclock: int,
    cmp: z.strictObject({ received: vote, current: vote, decidedBy, winner: z.enum(['received', 'current']) }).optional(),
  }),
  'fle.vote': event('fle.vote', {
    from: vote, to: vote, decidedBy, because: z.enum(['higher round', 'better vote']), logicalclock: int,
  }),
  'fle.tally': event('fle.tally', {
    proposal: vote, logicalclock: int, recvset: z.array(entry), agreeing: z.array(sid), quorum: z.boolean(),
    target: vote.optional(), checkLeader: z.boolean().optional(),
  }),
  'fle.outofelection': event('fle.outofelection', {
    logicalclock: int, target: vote, outofelection: z.array(entry), agreeing: z.array(sid), quorum: z.boolean(),
    checkLeader: z.boolean(),
  }),
  'fle.finalize': event('fle.finalize', {
    phase: z.enum(['wait', 'interrupted', 'done']), logicalclock: int, proposal: vote, agreeing: z.array(sid).optional(),
  }),
  'fle.timeout': event('fle.timeout', {
    intervalMs: int.positive(), action: z.enum(['resend', 'connectAll']), nextIntervalMs: int.positive(),
  }),
  'fle.decide': event('fle.decide', {
    leader: sid, vote, via: z.enum(['recvset', 'outofelection']), agreeing: z.array(sid), logicalclock: int,
    state: z.enum(['LEADING', 'FOLLOWING', 'OBSERVING']),
  }),
  'fle.reply': event('fle.reply', { to: sid, vote, state, electionEpoch: int, reason: z.enum(REPLY_REASONS) }),
  'fle.updateVote': event('fle.updateVote', { vote, peerEpoch: int }),
  'fle.shutdown': event('fle.shutdown', { logicalclock: int }),
};

export const qcmTraceSchemas: Record<string, z.ZodType> = {
  'qcm.conn': event('qcm.conn', {
    peer: sid, conn: int.optional(), action: z.enum(QCM_CONN_ACTIONS), initiator: z.boolean().optional(),
    reason: z.string().optional(),
  }),
  'qcm.queueDrop': event('qcm.queueDrop', { to: sid, dropped: msgSummary, kept: msgSummary }),
  'qcm.resend': event('qcm.resend', { to: sid, conn: int, msg: msgSummary }),
  'qcm.recvDrop': event('qcm.recvDrop', { from: sid, type: z.string() }),
  'qcm.malformed': event('qcm.malformed', { from: sid, type: z.string() }),
};

/** Both namespaces, for a reader that registers the election at once. */
export const electionTraceSchemas: Record<string, z.ZodType> = { ...fleTraceSchemas, ...qcmTraceSchemas };
