// FastLeaderElection as an explicit state machine: ZooKeeper's lookForLeader thread (a loop
// blocked in recvqueue.poll) becomes phases — 'polling' with the notification timer
// `fle.poll`, 'finalizing' with the finalize timer `fle.finalize` — and its WorkerReceiver
// thread becomes `receive`, which runs in every server state. Invariants: timers run only
// while a round is active; every notification a LOOKING server accepts passes through
// `recvqueue` in FIFO order, also while no round is active yet (ZK's queue outlives rounds);
// leaving a round (decide, shutdown) clears it. Each step is traced under `fle.` (see
// traceEvents.ts) with the comparison that decided it.
// Host contract: the peer sets ServerState LOOKING before `lookForLeader()`, and adopts the
// state passed to `onDecided` synchronously inside that callback (ZK: setPeerState happens
// inside FLE before the round is left). Timer keys start with "fle."; route them to onTimer.
import { assert } from '../../kernel/assert.ts';
import type { NodeContext } from '../../sim/process.ts';
import { LONG_MIN } from '../zxid.ts';
import {
  FINALIZE_WAIT_MS, MAX_NOTIFICATION_INTERVAL_MS, MIN_NOTIFICATION_INTERVAL_MS, US_PER_MS,
} from './defaults.ts';
import type { ElectionTransport } from './quorumCnxManager.ts';
import type { ElectionHost, FleOptions } from './host.ts';
import type { RecvAction, ReplyReason, SendReason } from './traceEvents.ts';
import { totalOrderPredicate, type OrderResult } from './totalOrderPredicate.ts';
import {
  notificationMsg, Vote,
  type DecidedVia, type ElectionVerifier, type Notification, type ServerState, type VoteTriple,
} from './types.ts';
import { checkLeader, termPredicate, voteEntries } from './voteCounting.ts';

export type { DecideInfo, ElectionHost, FleOptions } from './host.ts';

export const FLE_POLL_TIMER = 'fle.poll';
export const FLE_FINALIZE_TIMER = 'fle.finalize';

export type FlePhase = 'idle' | 'polling' | 'finalizing' | 'stopped';


interface Cmp { readonly received: VoteTriple; readonly current: VoteTriple; readonly r: OrderResult }

export class FastLeaderElection {
  private lc = 0;
  /** ZK: proposedLeader / proposedZxid / proposedEpoch (starter: -1, -1, 0). */
  private proposal: VoteTriple = { leader: -1, zxid: -1, peerEpoch: 0 };
  /** ZK: QuorumPeer.currentVote — startLeaderElection's (myid, lastLoggedZxid, currentEpoch), then each decided vote. */
  private current: Vote;
  private phase_: FlePhase = 'idle';
  private readonly recvqueue: Notification[] = [];
  private readonly recvset = new Map<number, Vote>();
  private readonly outofelection = new Map<number, Vote>();
  private notTimeoutMs: number;
  private finalAgreeing: number[] = [];
  private pumping = false;
  private readonly finalizeWaitMs: number;
  private readonly minIntervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly bug1419: boolean;

  constructor(
    private readonly ctx: NodeContext,
    private readonly host: ElectionHost,
    private readonly transport: ElectionTransport,
    opts: FleOptions = {},
  ) {
    this.finalizeWaitMs = opts.finalizeWaitMs ?? FINALIZE_WAIT_MS;
    this.minIntervalMs = opts.minNotificationIntervalMs ?? MIN_NOTIFICATION_INTERVAL_MS;
    this.maxIntervalMs = opts.maxNotificationIntervalMs ?? MAX_NOTIFICATION_INTERVAL_MS;
    this.bug1419 = opts.bug1419 ?? false;
    this.notTimeoutMs = this.minIntervalMs;
    const init = host.initialVote();
    this.current = Vote.of(host.sid, init.zxid, -1, init.peerEpoch); // ZK 3.8: QuorumPeer.startLeaderElection
  }

  get logicalclock(): number { return this.lc; }
  get phase(): FlePhase { return this.phase_; }
  get currentVote(): Vote { return this.current; }
  /** ZK: getVote — the current proposal. */
  getVote(): VoteTriple { return this.proposal; }
  setCurrentVote(v: Vote): void { this.current = v; }

  // ---- the round -------------------------------------------------------------------------

  /** ZK 3.8: lookForLeader — start a round; the rest happens in receive/onTimer. */
  lookForLeader(): void {
    assert(this.phase_ === 'idle', `lookForLeader while ${this.phase_}`);
    assert(this.host.getPeerState() === 'LOOKING', 'lookForLeader: the peer must be LOOKING');
    this.recvset.clear();
    this.outofelection.clear();
    this.notTimeoutMs = this.minIntervalMs;
    this.lc++;
    this.proposal = this.initVote();
    if (this.ctx.tracing) this.ctx.trace('fle.round', { logicalclock: this.lc, proposal: Vote.triple(this.proposal) });
    this.sendNotifications('round-start');
    this.phase_ = 'polling';
    this.armPoll();
    this.pump();
  }

  /** ZK 3.8: QuorumPeer.updateElectionVote — leader in startZkServer, learners after UPTODATE. */
  updateElectionVote(newEpoch: number): void {
    const c = this.current;
    this.current = Vote.of(c.leader, c.zxid, c.electionEpoch, newEpoch, c.state);
    if (this.ctx.tracing) this.ctx.trace('fle.updateVote', { vote: Vote.triple(this.current), peerEpoch: newEpoch });
  }

  /** ZK 3.8: FastLeaderElection.shutdown — also halts the connection manager. */
  shutdown(): void {
    if (this.phase_ === 'stopped') return;
    this.leave();
    this.phase_ = 'stopped';
    this.proposal = { leader: -1, zxid: -1, peerEpoch: this.proposal.peerEpoch };
    this.transport.halt();
    if (this.ctx.tracing) this.ctx.trace('fle.shutdown', { logicalclock: this.lc });
  }

  onTimer(key: string): void {
    if (key === FLE_POLL_TIMER) this.onPollTimeout();
    else if (key === FLE_FINALIZE_TIMER) this.onFinalizeDone();
    else assert(false, `FastLeaderElection: unknown timer ${key}`);
  }

  // ---- WorkerReceiver ----------------------------------------------------------------------

  /** ZK 3.8: Messenger.WorkerReceiver.run — every notification the connection manager delivers. */
  receive(n: Notification): void {
    if (this.phase_ === 'stopped') return;
    if (!this.validVoter(n.sid)) {
      this.traceRecv(n, 'ignored-not-voter');
      this.reply(n.sid, this.current, this.lc, this.host.getPeerState(), 'non-voter-sender');
      return;
    }
    const myState = this.host.getPeerState();
    if (myState === 'LOOKING') {
      // ZK offers first, then (same thread) answers a LOOKING sender whose round is behind mine.
      // Processing such a notification never changes my proposal or round, so the order is moot.
      const behind = n.state === 'LOOKING' && n.electionEpoch < this.lc;
      this.recvqueue.push(n);
      if (this.phase_ === 'idle') this.traceRecv(n, 'queued');
      this.pump();
      if (behind) this.reply(n.sid, this.proposal, this.lc, this.host.getPeerState(), 'sender-behind');
    } else if (n.state === 'LOOKING') {
      this.traceRecv(n, 'ignored-not-looking');
      this.host.reportLookingSid?.(n.sid);
      this.reply(n.sid, this.current, this.current.electionEpoch, myState, 'i-am-out-of-election');
    } else {
      this.traceRecv(n, 'dropped-both-out-of-election');
    }
  }

  /** The lookForLeader loop's recvqueue.poll: hand queued notifications to the active phase. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.recvqueue.length > 0 && (this.phase_ === 'polling' || this.phase_ === 'finalizing')) {
        const n = this.recvqueue.shift()!;
        if (this.phase_ === 'polling') this.onPolled(n);
        else this.onFinalizePolled(n);
      }
    } finally {
      this.pumping = false;
    }
  }

  // ---- lookForLeader loop body -----------------------------------------------------------

  private onPolled(n: Notification): void {
    if (!this.validVoter(n.sid) || !this.validVoter(n.leader)) {
      this.traceRecv(n, 'ignored-not-voter');
    } else if (n.state === 'LOOKING') {
      this.onLooking(n);
      return;
    } else if (n.state === 'OBSERVING') {
      this.traceRecv(n, 'ignored-observing');
    } else {
      this.onOutOfElection(n);
      return;
    }
    this.armPoll();
  }

  /** ZK 3.8: lookForLeader, case LOOKING (FastLeaderElection.java:1005-1068). */
  private onLooking(n: Notification): void {
    const init = this.initVote();
    if (init.zxid === -1) return this.ignore(n, 'ignored-own-zxid-minus-1');
    if (n.zxid === -1) return this.ignore(n, 'ignored-zxid-minus-1');
    if (n.electionEpoch > this.lc) {
      // A later round: join it, forget its recvset, and compare against my INITIAL vote.
      const cmp = this.compare(n, init);
      this.traceRecv(n, 'new-round', cmp);
      this.lc = n.electionEpoch;
      this.recvset.clear();
      this.setProposal(cmp.r.wins ? Vote.triple(n) : init, cmp.r, 'higher round');
      this.sendNotifications('new-round');
    } else if (n.electionEpoch < this.lc) {
      return this.ignore(n, 'ignored-old-round');
    } else {
      const cmp = this.compare(n, this.proposal);
      this.traceRecv(n, cmp.r.wins ? 'adopted' : 'kept', cmp);
      if (cmp.r.wins) {
        this.setProposal(Vote.triple(n), cmp.r, 'better vote');
        this.sendNotifications('adopted');
      }
    }
    // "don't care about the version if it's in LOOKING state"
    this.recvset.set(n.sid, Vote.of(n.leader, n.zxid, n.electionEpoch, n.peerEpoch));
    const p = this.proposal;
    const t = termPredicate(this.recvset, Vote.of(p.leader, p.zxid, this.lc, p.peerEpoch), this.verifiers());
    this.traceTally(t.agreeing, t.quorum);
    if (!t.quorum) return this.armPoll();
    // Verify that no better vote is pending: the finalizeWait drain.
    this.phase_ = 'finalizing';
    this.finalAgreeing = t.agreeing;
    this.ctx.cancelTimer(FLE_POLL_TIMER);
    this.ctx.setTimer(FLE_FINALIZE_TIMER, this.finalizeWaitMs * US_PER_MS);
    if (this.ctx.tracing) this.ctx.trace('fle.finalize', { phase: 'wait', logicalclock: this.lc, proposal: Vote.triple(p), agreeing: t.agreeing });
  }

  /** ZK 3.8: the `while ((n = recvqueue.poll(finalizeWait)) != null)` loop (FastLeaderElection.java:1050-1055). */
  private onFinalizePolled(n: Notification): void {
    const cmp = this.compare(n, this.proposal);
    if (cmp.r.wins) {
      this.traceRecv(n, 'put-back', cmp);
      this.recvqueue.push(n); // recvqueue.put(n): back at the tail
      this.phase_ = 'polling';
      this.ctx.cancelTimer(FLE_FINALIZE_TIMER);
      if (this.ctx.tracing) this.ctx.trace('fle.finalize', { phase: 'interrupted', logicalclock: this.lc, proposal: Vote.triple(this.proposal) });
      this.armPoll();
    } else {
      // Consumed and lost: not recorded, no round check — each poll restarts the wait.
      this.traceRecv(n, 'consumed-in-finalize', cmp);
      this.ctx.setTimer(FLE_FINALIZE_TIMER, this.finalizeWaitMs * US_PER_MS);
    }
  }

  private onFinalizeDone(): void {
    assert(this.phase_ === 'finalizing', `fle.finalize fired while ${this.phase_}`);
    const p = this.proposal;
    if (this.ctx.tracing) this.ctx.trace('fle.finalize', { phase: 'done', logicalclock: this.lc, proposal: Vote.triple(p) });
    this.decide(Vote.of(p.leader, p.zxid, this.lc, p.peerEpoch), 'recvset', this.finalAgreeing);
  }

  /** ZK 3.8: receivedFollowingNotification (FastLeaderElection.java:1146-1183); LEADING adds only the oracle. */
  private onOutOfElection(n: Notification): void {
    this.traceRecv(n, 'recorded');
    const target = Vote.of(n.leader, n.zxid, n.electionEpoch, n.peerEpoch, n.state, n.version);
    const endVote = Vote.of(n.leader, n.zxid, n.electionEpoch, n.peerEpoch);
    if (n.electionEpoch === this.lc) {
      // Stored WITHOUT n.version (5-arg Vote constructor), compared against a target WITH it.
      this.recvset.set(n.sid, Vote.of(n.leader, n.zxid, n.electionEpoch, n.peerEpoch, n.state));
      const t = termPredicate(this.recvset, target, this.verifiers());
      const ok = checkLeader(this.recvset, n.leader, n.electionEpoch, this.host.sid, this.lc);
      this.traceTally(t.agreeing, t.quorum, target, ok);
      if (t.quorum && ok) return this.decide(endVote, 'recvset', t.agreeing);
    }
    this.outofelection.set(n.sid, target);
    const t = termPredicate(this.outofelection, target, this.verifiers());
    const ok = checkLeader(this.outofelection, n.leader, n.electionEpoch, this.host.sid, this.lc);
    if (this.ctx.tracing) {
      this.ctx.trace('fle.outofelection', {
        logicalclock: this.lc, target: Vote.triple(target), outofelection: voteEntries(this.outofelection),
        agreeing: t.agreeing, quorum: t.quorum, checkLeader: ok,
      });
    }
    if (t.quorum && ok) {
      this.lc = n.electionEpoch;
      return this.decide(endVote, 'outofelection', t.agreeing);
    }
    this.armPoll();
  }

  /** ZK 3.8: setPeerState + leaveInstance + QuorumPeer.setCurrentVote(endVote). */
  private decide(vote: Vote, via: DecidedVia, agreeing: number[]): void {
    const state = vote.leader === this.host.sid ? 'LEADING' : this.host.isObserver() ? 'OBSERVING' : 'FOLLOWING';
    this.leave();
    this.current = vote;
    if (this.ctx.tracing) {
      this.ctx.trace('fle.decide', { leader: vote.leader, vote: Vote.triple(vote), via, agreeing, logicalclock: this.lc, state });
    }
    this.host.onDecided(vote, via, { state, agreeing });
  }

  private leave(): void {
    this.phase_ = 'idle';
    this.ctx.cancelTimer(FLE_POLL_TIMER);
    this.ctx.cancelTimer(FLE_FINALIZE_TIMER);
    this.recvqueue.length = 0; // leaveInstance: recvqueue.clear()
  }

  /** The poll timed out: nudge the others (or the connections) and back off. */
  private onPollTimeout(): void {
    assert(this.phase_ === 'polling', `fle.poll fired while ${this.phase_}`);
    const delivered = this.transport.haveDelivered();
    const next = Math.min(this.notTimeoutMs * 2, this.maxIntervalMs);
    if (this.ctx.tracing) {
      this.ctx.trace('fle.timeout', { intervalMs: this.notTimeoutMs, action: delivered ? 'resend' : 'connectAll', nextIntervalMs: next });
    }
    if (delivered) this.sendNotifications('timeout');
    else this.transport.connectAll();
    this.notTimeoutMs = next;
    this.armPoll();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private ignore(n: Notification, action: RecvAction): void {
    this.traceRecv(n, action);
    this.armPoll();
  }

  /** Each recvqueue.poll(notTimeout) restarts the wait. */
  private armPoll(): void {
    if (this.phase_ === 'polling') this.ctx.setTimer(FLE_POLL_TIMER, this.notTimeoutMs * US_PER_MS);
  }

  /** ZK 3.8: getInitId / getInitLastLoggedZxid / getPeerEpoch. */
  private initVote(): VoteTriple {
    const raw = this.host.initialVote();
    const observer = this.host.isObserver();
    return {
      leader: this.host.verifier().isVoter(this.host.sid) ? this.host.sid : LONG_MIN,
      zxid: observer ? LONG_MIN : raw.zxid,
      peerEpoch: observer ? LONG_MIN : raw.peerEpoch,
    };
  }

  private compare(n: VoteTriple, cur: VoteTriple): Cmp {
    const r = totalOrderPredicate(
      n.leader, n.zxid, n.peerEpoch, cur.leader, cur.zxid, cur.peerEpoch,
      this.host.verifier().weight(n.leader), this.bug1419,
    );
    return { received: Vote.triple(n), current: Vote.triple(cur), r };
  }

  private setProposal(to: VoteTriple, r: OrderResult, because: 'higher round' | 'better vote'): void {
    const from = this.proposal;
    this.proposal = Vote.triple(to);
    const same = from.leader === to.leader && from.zxid === to.zxid && from.peerEpoch === to.peerEpoch;
    if (!same && this.ctx.tracing) {
      this.ctx.trace('fle.vote', { from: Vote.triple(from), to: Vote.triple(to), decidedBy: r.decidedBy, because, logicalclock: this.lc });
    }
  }

  /** ZK 3.8: sendNotifications — to every current and next-config voter, me included. */
  private sendNotifications(reason: SendReason): void {
    const to = this.voters();
    if (this.ctx.tracing) this.ctx.trace('fle.send', { to, vote: Vote.triple(this.proposal), logicalclock: this.lc, reason });
    for (const sid of to) this.transport.toSend(sid, notificationMsg('LOOKING', this.proposal, this.lc));
  }

  private reply(to: number, v: VoteTriple, electionEpoch: number, state: ServerState, reason: ReplyReason): void {
    if (this.ctx.tracing) this.ctx.trace('fle.reply', { to, vote: Vote.triple(v), state, electionEpoch, reason });
    this.transport.toSend(to, notificationMsg(state, v, electionEpoch));
  }

  private verifiers(): ElectionVerifier[] {
    const next = this.host.lastSeenVerifier?.();
    return next ? [this.host.verifier(), next] : [this.host.verifier()];
  }

  /** ZK 3.8: QuorumPeer.getCurrentAndNextConfigVoters, ascending. */
  private voters(): number[] {
    const next = this.host.lastSeenVerifier?.();
    const current = this.host.verifier().votingMembers(); // ascending (QuorumVerifier contract)
    if (!next) return current;
    return [...new Set([...current, ...next.votingMembers()])].sort((a, b) => a - b);
  }

  private validVoter(sid: number): boolean {
    return this.verifiers().some((qv) => qv.isVoter(sid));
  }

  private traceRecv(n: Notification, action: RecvAction, cmp?: Cmp): void {
    if (!this.ctx.tracing) return;
    const fields: Record<string, unknown> = { from: n.sid, n: { ...n }, action, logicalclock: this.lc };
    if (cmp) {
      fields.cmp = {
        received: cmp.received, current: cmp.current, decidedBy: cmp.r.decidedBy,
        winner: cmp.r.wins ? 'received' : 'current',
      };
    }
    this.ctx.trace('fle.recv', fields);
  }

  private traceTally(agreeing: number[], quorum: boolean, target?: Vote, leaderOk?: boolean): void {
    if (!this.ctx.tracing) return;
    const fields: Record<string, unknown> = {
      proposal: Vote.triple(this.proposal), logicalclock: this.lc, recvset: voteEntries(this.recvset), agreeing, quorum,
    };
    if (target) {
      fields.target = Vote.triple(target);
      fields.checkLeader = leaderOk;
    }
    this.ctx.trace('fle.tally', fields);
  }
}
