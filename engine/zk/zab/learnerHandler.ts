// The leader's side of one learner connection (ZK 3.8: LearnerHandler.run), as a state
// machine: FOLLOWERINFO/OBSERVERINFO → LEADERINFO once the epoch is fixed → ACKEPOCH →
// sync (DIFF/TRUNC/SNAP, then NEWLEADER) → ACK of NEWLEADER → UPTODATE once the leader
// serves → broadcast (PINGs, ACKs). Read timeout: initLimit ticks until the NEWLEADER ack,
// then syncLimit ticks. Each packet received moves the learner's ack deadline to
// tick + syncLimit; the leader counts it as synced while tick <= that deadline.
import type { ConnId } from '../../net/types.ts';
import { epochOf, zxid, type Zxid } from '../zxid.ts';
import type { Leader } from './leader.ts';
import type { QuorumPacket } from './packets.ts';
import { chooseSyncMode } from './syncMode.ts';

type Phase = 'info' | 'epoch' | 'ackepoch' | 'newleader' | 'startup' | 'broadcast' | 'dead';

export class LearnerHandler {
  sid = -1;
  learnerType: 'participant' | 'observer' = 'participant';
  phase: Phase = 'info';
  tickOfNextAckDeadline: number;
  /** ZK: sendingThreadStarted — pings go out only once sync has begun. */
  sending = false;
  private readonly timer: string;

  constructor(private readonly leader: Leader, readonly conn: ConnId) {
    this.timer = `zab.lh.${conn}`;
    this.tickOfNextAckDeadline = leader.tickOfInitialAckDeadline();
    this.armRead(leader.initLimitUs());
  }

  /** ZK: LearnerHandler.synced — alive and heard from recently enough. */
  synced(): boolean {
    return this.phase !== 'dead' && this.leader.tick <= this.tickOfNextAckDeadline;
  }

  isVoter(): boolean {
    return this.learnerType === 'participant' && this.leader.verifier.isVoter(this.sid);
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
          this.armRead(L.syncLimitUs());
          L.waitForStartup(() => {
            if (this.phase !== 'startup') return;
            this.phase = 'broadcast';
            L.send(this.conn, { type: 'UPTODATE', zxid: -1 });
          });
        });
        return;
      case 'startup':
      case 'broadcast':
        this.tickOfNextAckDeadline = L.tickOfNextAckDeadline();
        return;
      case 'epoch':
        return; // ZK's handler thread is blocked in getEpochToPropose and reads nothing.
    }
  }

  /** ZK: LearnerHandler.syncFollower, then NEWLEADER; the real sync arrives with ZAB broadcast. */
  private sync(peerLastZxid: Zxid): void {
    const L = this.leader;
    const decision = chooseSyncMode(peerLastZxid, L.lastProcessedZxid());
    L.traceSync(this.sid, peerLastZxid, decision);
    this.sending = true;
    L.send(this.conn, { type: decision.mode, zxid: decision.zxid });
    L.send(this.conn, { type: 'NEWLEADER', zxid: zxid(L.epoch, 0) });
  }

  ping(lastProposed: Zxid): void {
    if (this.sending && this.phase !== 'dead') this.leader.send(this.conn, { type: 'PING', zxid: lastProposed });
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
