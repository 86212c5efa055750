// The leader's side of one learner connection (ZK 3.8: LearnerHandler.run), as a state
// machine: FOLLOWERINFO/OBSERVERINFO → LEADERINFO once the epoch is fixed → ACKEPOCH →
// sync (syncFollower: SNAP with the state image, or DIFF/TRUNC with PROPOSAL+COMMIT pairs;
// then startForwarding; then NEWLEADER) → ACK of NEWLEADER → UPTODATE once the leader
// serves → broadcast (ACKs to processAck, forwarded REQUESTs, PINGs). Read timeout:
// initLimit ticks until the NEWLEADER ack, then syncLimit ticks. Each packet received moves
// the learner's ack deadline to tick + syncLimit; the leader counts it as synced while
// tick <= that deadline. SyncLimitCheck: from the NEWLEADER ack on, the oldest PROPOSAL sent
// and not yet acked must be younger than syncLimit ticks at every ping, else the learner is
// dropped (`zab.proposalTimeout`).
import type { ConnId } from '../../net/types.ts';
import { epochOf, zxid, type Zxid } from '../zxid.ts';
import type { ForwardingTarget } from './broadcast.ts';
import type { Leader } from './leader.ts';
import type { QuorumPacket } from './packets.ts';
import { SyncLimitCheck } from './syncLimitCheck.ts';
import { syncFollower } from './syncMode.ts';

type Phase = 'info' | 'epoch' | 'ackepoch' | 'newleader' | 'startup' | 'broadcast' | 'dead';

export class LearnerHandler implements ForwardingTarget {
  sid = -1;
  learnerType: 'participant' | 'observer' = 'participant';
  phase: Phase = 'info';
  tickOfNextAckDeadline: number;
  /** ZK: sendingThreadStarted — pings go out only once sync has begun. */
  sending = false;
  private readonly timer: string;
  private readonly syncLimitCheck: SyncLimitCheck;

  constructor(private readonly leader: Leader, readonly conn: ConnId) {
    this.timer = `zab.lh.${conn}`;
    this.tickOfNextAckDeadline = leader.tickOfInitialAckDeadline();
    this.syncLimitCheck = new SyncLimitCheck(leader.syncLimitUs());
    this.armRead(leader.initLimitUs());
  }

  /** ZK: LearnerHandler.synced — alive and heard from recently enough. */
  synced(): boolean {
    return this.phase !== 'dead' && this.leader.tick <= this.tickOfNextAckDeadline;
  }

  isVoter(): boolean {
    return this.learnerType === 'participant' && this.leader.verifier.isVoter(this.sid);
  }

  isParticipant(): boolean {
    return this.learnerType === 'participant';
  }

  onPacket(p: QuorumPacket): void {
    if (this.phase === 'dead') return;
    const L = this.leader;
    this.armRead(this.phase === 'broadcast' || this.phase === 'startup' ? L.syncLimitUs() : L.initLimitUs());
    switch (this.phase) {
      case 'info':
        if (p.type !== 'FOLLOWERINFO' && p.type !== 'OBSERVERINFO') return this.drop(`first packet ${p.type} is not FOLLOWERINFO or OBSERVERINFO`);
        this.sid = p.sid;
        if (p.type === 'OBSERVERINFO') this.learnerType = 'observer';
        this.phase = 'epoch';
        L.getEpochToPropose(this.sid, epochOf(p.zxid), (epoch) => {
          if (this.phase !== 'epoch') return;
          this.phase = 'ackepoch';
          L.send(this.conn, { type: 'LEADERINFO', zxid: zxid(epoch, 0), protocolVersion: 0x10000 });
        });
        return;
      case 'ackepoch':
        if (p.type !== 'ACKEPOCH') return this.drop(`${p.type} is not ACKEPOCH`);
        this.phase = 'newleader';
        L.waitForEpochAck(this.sid, { currentEpoch: p.epoch, lastZxid: p.zxid }, (ok, why) => {
          if (this.phase !== 'newleader') return;
          if (!ok) return this.drop(why);
          this.sync(p.zxid);
        });
        return;
      case 'newleader':
        // ZK: the first packet after NEWLEADER must be its ACK.
        if (p.type !== 'ACK') return this.drop(`next packet was ${p.type}, not ACK of NEWLEADER`);
        this.phase = 'startup';
        L.waitForNewLeaderAck(this.sid, p.zxid, () => {
          if (this.phase !== 'startup') return;
          this.syncLimitCheck.start();
          this.armRead(L.syncLimitUs());
          L.waitForStartup(() => {
            if (this.phase !== 'startup') return;
            this.phase = 'broadcast';
            this.queuePacket({ type: 'UPTODATE', zxid: -1 });
          });
        });
        return;
      case 'startup':
      case 'broadcast':
        this.tickOfNextAckDeadline = L.tickOfNextAckDeadline();
        return this.onBroadcastPacket(p);
      case 'epoch':
        return; // ZK's handler thread is blocked in getEpochToPropose and reads nothing.
    }
  }

  /** ZK: the loop at the end of LearnerHandler.run. */
  private onBroadcastPacket(p: QuorumPacket): void {
    switch (p.type) {
      case 'ACK':
        this.syncLimitCheck.updateAck(p.zxid);
        this.leader.broadcast.processAck(this.sid, p.zxid);
        return;
      case 'REQUEST':
        if (p.request.op === 'sync') this.leader.broadcast.processSync(this, p.request.id);
        else this.leader.broadcast.submit(p.request);
        return;
      default:
        return; // PING: session touches (no sessions yet)
    }
  }

  /** ZK: syncFollower + startForwarding, the SNAP image ahead of the queue, then NEWLEADER. */
  private sync(peerLastZxid: Zxid): void {
    const L = this.leader;
    const db = L.peer.db;
    const plan = syncFollower({
      peerLastZxid,
      lastProcessedZxid: db.lastProcessedZxid,
      committedLog: db.committedLog,
      txnLogFrom: (z) => db.proposalsFromTxnLog(z, db.txnLogSizeLimit()),
      inSyncZxid: L.peer.bug('sync-1319') ? L.broadcast.lastProposed : undefined,
      alwaysDiffInCommittedLog: L.peer.bug('sync-1154'),
    });
    L.traceSync(this.sid, peerLastZxid, plan);
    this.sending = true;
    if (plan.mode === 'SNAP') {
      L.send(this.conn, { type: 'SNAP', zxid: plan.zxid, snapshot: db.state.snapshot(), digest: db.state.digest() });
    }
    for (const q of plan.packets) this.queuePacket(q);
    L.broadcast.startForwarding(this, plan.currentZxid);
    this.queuePacket({ type: 'NEWLEADER', zxid: zxid(L.epoch, 0) });
  }

  /** ZK: queuePacket + the sender thread. */
  queuePacket(p: QuorumPacket): void {
    if (this.phase === 'dead') return;
    if (p.type === 'PROPOSAL') this.syncLimitCheck.updateProposal(p.zxid, this.leader.ctx.now());
    this.leader.send(this.conn, p);
  }

  /** ZK: LearnerHandler.ping — also where SyncLimitCheck is enforced. */
  ping(lastProposed: Zxid): void {
    if (!this.sending || this.phase === 'dead') return;
    if (this.syncLimitCheck.check(this.leader.ctx.now())) {
      this.leader.send(this.conn, { type: 'PING', zxid: lastProposed });
      return;
    }
    this.leader.ctx.trace('zab.proposalTimeout', { learner: this.sid, zxid: this.syncLimitCheck.oldestZxid });
    this.drop('Closing connection to peer due to transaction timeout.');
  }

  onTimer(key: string): boolean {
    if (key !== this.timer) return false;
    this.drop(`read timed out (${this.phase})`);
    return true;
  }

  /** Ends this handler: its connection is closed, it no longer counts. */
  drop(reason: string): void {
    if (this.phase === 'dead') return;
    this.phase = 'dead';
    this.leader.handlerDied(this, reason);
  }

  stopTimers(): void {
    this.leader.ctx.cancelTimer(this.timer);
  }

  private armRead(us: number): void {
    this.leader.ctx.setTimer(this.timer, us);
  }
}
