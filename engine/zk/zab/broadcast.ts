// The leader's broadcast (ZK 3.8: Leader.propose / processAck / tryToCommit / commit /
// inform / startForwarding, and the LeaderZooKeeperServer pipeline PrepRequestProcessor →
// ProposalRequestProcessor → CommitProcessor → ToBeApplied → FinalRequestProcessor).
// Invariants: zxids are zxid(epoch, 1), zxid(epoch, 2), ... in proposal order; a proposal
// commits only when a quorum of voters (the verifier's; observers never count, the leader's
// own ack is not required) acked it and the one before it is no longer outstanding, so
// commits are strictly in zxid order; committed proposals wait in toBeApplied until the
// apply stage (a zero-delay step, ZK's CommitProcessor thread) applies them in order.
import { fail } from '../../kernel/assert.ts';
import type { ClientWrite, RequestPrep, Txn } from '../txn/types.ts';
import { COUNTER_MAX, counterOf, zxid, type Zxid } from '../zxid.ts';
import type { QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';

export const APPLY_TIMER = 'zab.leader.apply';

export interface Proposal {
  readonly zxid: Zxid;
  readonly txn: Txn;
  readonly acks: Set<number>;
}

/** What the broadcast needs of a LearnerHandler. */
export interface ForwardingTarget {
  readonly sid: number;
  isParticipant(): boolean;
  queuePacket(p: QuorumPacket): void;
}

export class Broadcast {
  readonly outstandingProposals = new Map<Zxid, Proposal>();
  readonly toBeApplied: Proposal[] = [];
  lastCommitted: Zxid = 0;
  lastProposed: Zxid = 0;
  started = false;
  stopped = false;
  private epoch = 0;
  private prep: RequestPrep | undefined;
  private readonly forwardingFollowers = new Set<ForwardingTarget>();
  private readonly observingLearners = new Set<ForwardingTarget>();
  /** ZK: Leader.pendingSyncs — learner syncs waiting for the commit of this zxid. */
  private readonly pendingSyncs = new Map<Zxid, ForwardingTarget[]>();

  constructor(private readonly peer: PeerServices) {}

  get ctx() { return this.peer.ctx; }

  /**
   * ZK: Leader.startZkServer — lastCommitted = zxid(e, 0) and the database's
   * lastProcessedZxid = zxid(e, 0); requests flow. DEVIATION (default): the database keeps
   * its last txn's zxid unless `newEpochMarker` is on. With the marker, a learner that syncs
   * after this point gets SNAP(zxid(e,0)) and votes with that higher zxid in the next
   * election; the sim's followers are refused and retry 100 ms later far more often than
   * real ones (whose JVMs decide well before the leader), which makes the election
   * scenarios' "highest surviving sid wins" (measured on real 3.8.0) fail in 6–40 % of seeds.
   */
  start(epoch: number): void {
    this.epoch = epoch;
    this.lastCommitted = zxid(epoch, 0);
    if (this.peer.newEpochMarker) this.peer.db.lastProcessedZxid = zxid(epoch, 0);
    this.prep = this.peer.stateMachine.newPrep(this.peer.db.state);
    this.started = true;
  }

  /** ZK: PrepRequestProcessor then ProposalRequestProcessor. False when not serving. */
  submit(req: ClientWrite): boolean {
    if (!this.started || this.stopped || !this.prep) return false;
    const last = Math.max(this.lastProposed, zxid(this.epoch, 0));
    if (counterOf(last) >= COUNTER_MAX) {
      // ZOOKEEPER-1277: the counter would roll over; force a new epoch.
      this.peer.roleFailed('zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start');
      return false;
    }
    const z = last + 1;
    this.propose(z, this.prep.prepare(req, z));
    return true;
  }

  /** ZK: Leader.propose — outstandingProposals, PROPOSAL to forwarding followers, own log + ack. */
  private propose(z: Zxid, txn: Txn): void {
    const p: Proposal = { zxid: z, txn, acks: new Set() };
    this.lastProposed = z;
    this.outstandingProposals.set(z, p);
    if (this.ctx.tracing) this.ctx.trace('zab.propose', { zxid: z, txn });
    for (const f of this.forwardingFollowers) f.queuePacket({ type: 'PROPOSAL', zxid: z, txn });
    // ZK: SyncRequestProcessor → AckRequestProcessor: the leader acks its own proposal once durable.
    this.peer.syncProcessor.submit({ zxid: z, txn, onDurable: () => { if (!this.stopped) this.processAck(this.peer.sid, z); } });
  }

  /** ZK: Leader.processAck. */
  processAck(sid: number, z: Zxid): void {
    if (counterOf(z) === 0) return; // NEWLEADER/UPTODATE acks
    if (this.ctx.tracing) this.ctx.trace('zab.ackRecv', { from: sid, zxid: z });
    if (this.outstandingProposals.size === 0) return;
    if (this.lastCommitted >= z) return;
    const p = this.outstandingProposals.get(z);
    if (!p) return; // "Trying to commit future proposal"
    p.acks.add(sid);
    this.tryToCommit(p);
  }

  /** ZK: Leader.tryToCommit — strictly in order, with a quorum of the verifier. */
  private tryToCommit(p: Proposal): boolean {
    if (this.outstandingProposals.has(p.zxid - 1)) return false;
    if (!this.peer.verifier.containsQuorum(p.acks)) return false;
    if (p.zxid !== this.lastCommitted + 1) fail(`commit of 0x${p.zxid.toString(16)} out of order after 0x${this.lastCommitted.toString(16)}`);
    this.outstandingProposals.delete(p.zxid);
    this.toBeApplied.push(p);
    this.lastCommitted = p.zxid;
    if (this.ctx.tracing) this.ctx.trace('zab.commit', { zxid: p.zxid, acks: [...p.acks].sort((a, b) => a - b) });
    for (const f of this.forwardingFollowers) f.queuePacket({ type: 'COMMIT', zxid: p.zxid });
    for (const o of this.observingLearners) o.queuePacket({ type: 'INFORM', zxid: p.zxid, txn: p.txn });
    if (!this.ctx.hasTimer(APPLY_TIMER)) this.ctx.setTimer(APPLY_TIMER, 0);
    const syncs = this.pendingSyncs.get(p.zxid);
    if (syncs) {
      this.pendingSyncs.delete(p.zxid);
      for (const h of syncs) h.queuePacket({ type: 'SYNC', zxid: 0 });
    }
    return true;
  }

  /**
   * ZK: Leader.processSync — a learner's forwarded sync is answered at once when nothing is
   * outstanding, else right after the commit of the last proposal (behind its COMMIT/INFORM
   * on the same connection, so the learner has applied it when the SYNC arrives).
   */
  processSync(h: ForwardingTarget, id: number): void {
    const waitFor = this.outstandingProposals.size === 0 ? null : this.lastProposed;
    if (this.ctx.tracing) this.ctx.trace('zab.syncRequest', { learner: h.sid, id, committed: this.lastCommitted, waitFor });
    if (waitFor === null) return h.queuePacket({ type: 'SYNC', zxid: 0 });
    let list = this.pendingSyncs.get(waitFor);
    if (!list) this.pendingSyncs.set(waitFor, (list = []));
    list.push(h);
  }

  /** ZK: CommitProcessor → FinalRequestProcessor → ToBeAppliedRequestProcessor. */
  applyCommitted(): void {
    if (this.stopped) return;
    while (this.toBeApplied.length > 0) {
      const p = this.toBeApplied.shift()!;
      this.peer.db.apply(p.zxid, p.txn, 'commit');
      this.prep?.applied(p.zxid);
    }
  }

  /**
   * ZK: Leader.startForwarding — queues what a learner synced up to `lastSeenZxid` still
   * misses: committed-not-applied proposals (PROPOSAL + COMMIT) and, for participants, the
   * outstanding ones (PROPOSAL); then it receives every later PROPOSAL/COMMIT (or INFORM).
   */
  startForwarding(h: ForwardingTarget, lastSeenZxid: Zxid): Zxid {
    if (this.lastProposed > lastSeenZxid) {
      for (const p of this.toBeApplied) {
        if (p.zxid <= lastSeenZxid) continue;
        h.queuePacket({ type: 'PROPOSAL', zxid: p.zxid, txn: p.txn });
        h.queuePacket({ type: 'COMMIT', zxid: p.zxid });
      }
      if (h.isParticipant()) {
        const zxids = [...this.outstandingProposals.keys()].sort((a, b) => a - b);
        for (const z of zxids) if (z > lastSeenZxid) h.queuePacket({ type: 'PROPOSAL', zxid: z, txn: this.outstandingProposals.get(z)!.txn });
      }
    }
    if (h.isParticipant()) this.forwardingFollowers.add(h);
    else this.observingLearners.add(h);
    return this.lastProposed;
  }

  removeLearner(h: ForwardingTarget): void {
    this.forwardingFollowers.delete(h);
    this.observingLearners.delete(h);
  }

  stop(): void {
    this.stopped = true;
    this.ctx.cancelTimer(APPLY_TIMER);
    this.forwardingFollowers.clear();
    this.observingLearners.clear();
    this.pendingSyncs.clear();
  }
}
