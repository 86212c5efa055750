// A follower or observer (ZK 3.8: Learner, Follower.followLeader, Observer.observeLeader).
// connectToLeader: up to 5 attempts, 100 ms apart, within initLimit ticks (or
// connectToLearnerMasterLimit); then FOLLOWERINFO/OBSERVERINFO with acceptedEpoch;
// LEADERINFO(e): e > acceptedEpoch ⇒ persist acceptedEpoch = e, then ACKEPOCH carrying the
// old currentEpoch; e == acceptedEpoch ⇒ ACKEPOCH(-1); e < acceptedEpoch ⇒ give up.
// NEWLEADER ⇒ persist currentEpoch = e, then ACK; UPTODATE ⇒ ACK, serve. Read timeout:
// initLimit ticks until NEWLEADER, syncLimit ticks after; silence or EOF ⇒ LOOKING.
import type { ConnId, Message } from '../../net/types.ts';
import { epochOf, zxid, zxidHex } from '../zxid.ts';
import { QUORUM_PORT_TAG, ZAB_PROTOCOL_VERSION, type QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';

const READ_TIMER = 'zab.learner.read';
const RETRY_TIMER = 'zab.learner.retry';
const CONNECT_TRIES_MAX = 5;
const RETRY_DELAY_US = 100_000; // ZK: leaderConnectDelayDuringRetryMs

type Phase = 'connecting' | 'leaderinfo' | 'sync' | 'uptodate' | 'broadcast' | 'stopped';

export class Learner {
  private phase: Phase = 'connecting';
  private conn: ConnId | undefined;
  private tries = 0;
  private connectStartUs = 0;
  private newEpoch = -1;
  private readTimeoutUs: number;

  constructor(
    private readonly peer: PeerServices,
    readonly leaderSid: number,
    readonly kind: 'follower' | 'observer',
  ) {
    this.readTimeoutUs = peer.config.initLimit * peer.tickUs;
  }

  get ctx() { return this.peer.ctx; }

  start(): void {
    this.peer.setZabState('DISCOVERY');
    this.connectStartUs = this.ctx.now();
    this.attempt();
  }

  private connectBudgetUs(): number {
    const c = this.peer.config;
    return (c.connectToLearnerMasterLimit > 0 ? c.connectToLearnerMasterLimit : c.initLimit) * this.peer.tickUs;
  }

  private attempt(): void {
    const remaining = this.connectBudgetUs() - (this.ctx.now() - this.connectStartUs);
    if (remaining <= 0) return this.peer.roleFailed('connectToLeader exceeded on retries');
    this.tries++;
    this.ctx.connect(this.leaderSid, QUORUM_PORT_TAG, Math.min(this.connectBudgetUs(), remaining));
  }

  private attemptFailed(why: string): void {
    if (this.phase !== 'connecting') return;
    const remaining = this.connectBudgetUs() - (this.ctx.now() - this.connectStartUs);
    if (remaining <= RETRY_DELAY_US || this.tries >= CONNECT_TRIES_MAX) {
      return this.peer.roleFailed(`could not connect to leader ${this.leaderSid} (${why}, ${this.tries} tries)`);
    }
    this.ctx.setTimer(RETRY_TIMER, RETRY_DELAY_US);
  }

  onConnected(conn: ConnId): void {
    if (this.phase !== 'connecting') return this.ctx.close(conn);
    this.conn = conn;
    this.phase = 'leaderinfo';
    this.armRead();
    this.send({
      type: this.kind === 'observer' ? 'OBSERVERINFO' : 'FOLLOWERINFO',
      zxid: zxid(this.peer.acceptedEpoch(), 0),
      sid: this.peer.sid,
      protocolVersion: ZAB_PROTOCOL_VERSION,
    });
  }

  onConnectFailed(reason: string): void {
    this.attemptFailed(`connect ${reason}`);
  }

  owns(conn: ConnId): boolean {
    return conn === this.conn;
  }

  onClose(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    if (this.phase === 'connecting') return this.attemptFailed('connection closed');
    this.peer.roleFailed(`connection to leader ${this.leaderSid} closed`);
  }

  onTimer(key: string): void {
    if (key === RETRY_TIMER) return this.attempt();
    if (key === READ_TIMER) this.peer.roleFailed(`no packet from leader ${this.leaderSid} for ${this.readTimeoutUs / 1000} ms (read timeout)`);
  }

  onMessage(conn: ConnId, msg: Message): void {
    if (conn !== this.conn || this.phase === 'stopped') return;
    this.armRead();
    const p = msg as unknown as QuorumPacket;
    switch (p.type) {
      case 'LEADERINFO': return this.onLeaderInfo(p.zxid);
      case 'DIFF': case 'TRUNC': case 'SNAP':
        return; // the data transfer itself arrives with ZAB synchronisation
      case 'NEWLEADER': return this.onNewLeader();
      case 'UPTODATE': return this.onUpToDate();
      case 'PING':
        if (this.phase === 'broadcast') this.send({ type: 'PING', zxid: p.zxid });
        return;
      default:
        return;
    }
  }

  private onLeaderInfo(leaderZxid: number): void {
    if (this.phase !== 'leaderinfo') return;
    const e = epochOf(leaderZxid);
    const accepted = this.peer.acceptedEpoch();
    this.newEpoch = e;
    this.phase = 'sync';
    const ack = (epochField: number) => {
      this.peer.setZabState('SYNCHRONIZATION');
      this.send({ type: 'ACKEPOCH', zxid: this.peer.lastLoggedZxid(), epoch: epochField });
    };
    if (e > accepted) {
      const oldCurrent = this.peer.currentEpoch();
      this.peer.persistEpoch('acceptedEpoch', e, () => { if (this.phase === 'sync') ack(oldCurrent); });
    } else if (e === accepted) {
      ack(-1);
    } else {
      this.peer.roleFailed(`leader's epoch ${e} is less than our accepted epoch ${accepted} (${zxidHex(leaderZxid)})`);
    }
  }

  private onNewLeader(): void {
    if (this.phase !== 'sync') return;
    this.readTimeoutUs = this.peer.config.syncLimit * this.peer.tickUs;
    this.armRead();
    const e = this.newEpoch;
    this.peer.persistEpoch('currentEpoch', e, () => {
      if (this.phase === 'sync') {
        this.phase = 'uptodate';
        this.send({ type: 'ACK', zxid: zxid(e, 0) });
      }
    });
  }

  private onUpToDate(): void {
    if (this.phase !== 'uptodate') return;
    this.phase = 'broadcast';
    this.send({ type: 'ACK', zxid: zxid(this.newEpoch, 0) });
    this.peer.setZabState('BROADCAST');
    this.peer.updateElectionVote(this.newEpoch);
    this.ctx.trace('zab.uptodate', { leader: this.leaderSid, epoch: this.newEpoch });
  }

  private armRead(): void {
    this.ctx.setTimer(READ_TIMER, this.readTimeoutUs);
  }

  private send(p: QuorumPacket): void {
    if (this.conn !== undefined) this.ctx.send(this.conn, p);
  }

  shutdown(): void {
    this.phase = 'stopped';
    this.ctx.cancelTimer(READ_TIMER);
    this.ctx.cancelTimer(RETRY_TIMER);
    if (this.conn !== undefined) this.ctx.close(this.conn);
    this.conn = undefined;
  }
}
