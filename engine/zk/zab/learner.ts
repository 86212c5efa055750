// A follower or observer (ZK 3.8: Learner, Follower.followLeader, Observer.observeLeader).
// connectToLeader: up to 5 attempts, 100 ms apart, within initLimit ticks (or
// connectToLearnerMasterLimit); then FOLLOWERINFO/OBSERVERINFO with acceptedEpoch;
// LEADERINFO(e): e > acceptedEpoch ⇒ persist acceptedEpoch = e, then ACKEPOCH carrying the
// old currentEpoch and lastLoggedZxid; e == acceptedEpoch ⇒ ACKEPOCH(-1); e < acceptedEpoch
// ⇒ give up. Then synchronisation (learnerSync.ts) up to UPTODATE, then broadcast
// (follower.ts). Read timeout: initLimit ticks until NEWLEADER is acked, syncLimit ticks
// after; silence or EOF ⇒ LOOKING. While the sync writes to disk the learner reads nothing:
// packets wait, in order, and no read timeout runs.
import type { ConnId, Message } from '../../net/types.ts';
import type { ClientSync, ClientWrite, ZxidTxn } from '../txn/types.ts';
import { epochOf, zxid, zxidHex, type Zxid } from '../zxid.ts';
import { LearnerZab } from './follower.ts';
import { LearnerSync, type SyncHost } from './learnerSync.ts';
import { QUORUM_PORT_TAG, ZAB_PROTOCOL_VERSION, type QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';

const READ_TIMER = 'zab.learner.read';
const RETRY_TIMER = 'zab.learner.retry';
const CONNECT_TRIES_MAX = 5;
const RETRY_DELAY_US = 100_000; // ZK: leaderConnectDelayDuringRetryMs

type Phase = 'connecting' | 'leaderinfo' | 'sync' | 'broadcast' | 'stopped';

export class Learner implements SyncHost {
  private phase: Phase = 'connecting';
  private conn: ConnId | undefined;
  private tries = 0;
  private connectStartUs = 0;
  newEpoch = -1;
  private readTimeoutUs: number;
  private blocked = false;
  private readonly buffered: QuorumPacket[] = [];
  private sync: LearnerSync | undefined;
  private readonly zab: LearnerZab;

  constructor(
    private readonly peer: PeerServices,
    readonly leaderSid: number,
    readonly kind: 'follower' | 'observer',
  ) {
    this.readTimeoutUs = peer.config.initLimit * peer.tickUs;
    this.zab = new LearnerZab(peer, this, kind);
  }

  get ctx() { return this.peer.ctx; }

  start(): void {
    this.peer.setZabState('DISCOVERY');
    this.connectStartUs = this.ctx.now();
    this.attempt();
  }

  /** Serving clients: synced and in broadcast. */
  serving(): boolean {
    return this.phase === 'broadcast';
  }

  /** ZK: FollowerRequestProcessor → Learner.request — forwards a write to the leader. */
  forward(req: ClientWrite): boolean {
    if (this.phase !== 'broadcast') return false;
    this.send({ type: 'REQUEST', zxid: -1, request: req });
    return true;
  }

  /** ZK: FollowerRequestProcessor, OpCode.sync — pendingSyncs, then forwarded to the leader. */
  forwardSync(req: ClientSync): boolean {
    if (this.phase !== 'broadcast') return false;
    this.zab.syncStarted(req.id);
    this.send({ type: 'REQUEST', zxid: -1, request: req });
    return true;
  }

  /** A SNAP or TRUNC replaced the state and the sync ended before NEWLEADER saved it. */
  syncInterrupted(): boolean {
    return this.phase !== 'broadcast' && (this.sync?.stateUnsaved ?? false);
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
    const p = msg as unknown as QuorumPacket;
    if (this.blocked) {
      this.buffered.push(p);
      return;
    }
    this.armRead();
    this.process(p);
  }

  private process(p: QuorumPacket): void {
    switch (this.phase) {
      case 'leaderinfo':
        if (p.type === 'LEADERINFO') this.onLeaderInfo(p.zxid);
        return;
      case 'sync':
        return this.sync!.onPacket(p);
      case 'broadcast':
        return this.zab.onPacket(p);
      default:
        return;
    }
  }

  private onLeaderInfo(leaderZxid: number): void {
    const e = epochOf(leaderZxid);
    const accepted = this.peer.acceptedEpoch();
    this.newEpoch = e;
    this.phase = 'sync';
    this.sync = new LearnerSync(this.peer, this);
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

  // ---- SyncHost ----------------------------------------------------------------------------

  alive(): boolean {
    return this.phase !== 'stopped' && this.conn !== undefined;
  }

  block(): void {
    this.blocked = true;
    this.ctx.cancelTimer(READ_TIMER);
  }

  unblock(): void {
    this.blocked = false;
    this.armRead();
    while (!this.blocked && this.buffered.length > 0 && this.alive()) this.process(this.buffered.shift()!);
  }

  newLeaderAcked(): void {
    this.readTimeoutUs = this.peer.config.syncLimit * this.peer.tickUs;
  }

  serve(): void {
    this.phase = 'broadcast';
    this.send({ type: 'ACK', zxid: zxid(this.newEpoch, 0) });
    this.peer.setZabState('BROADCAST');
    this.peer.updateElectionVote(this.newEpoch);
    this.ctx.trace('zab.uptodate', { leader: this.leaderSid, epoch: this.newEpoch });
  }

  logRequest(t: ZxidTxn): void { this.zab.logRequest(t); }
  commit(z: Zxid): void { this.zab.commit(z); }
  commitRequest(t: ZxidTxn): void { this.zab.commitRequest(t); }
  fail(cause: string): void { this.peer.roleFailed(cause); }

  send(p: QuorumPacket): void {
    if (this.conn !== undefined) this.ctx.send(this.conn, p);
  }

  private armRead(): void {
    this.ctx.setTimer(READ_TIMER, this.readTimeoutUs);
  }

  shutdown(): void {
    this.phase = 'stopped';
    this.blocked = false;
    this.buffered.length = 0;
    this.ctx.cancelTimer(READ_TIMER);
    this.ctx.cancelTimer(RETRY_TIMER);
    if (this.conn !== undefined) this.ctx.close(this.conn);
    this.conn = undefined;
  }
}
