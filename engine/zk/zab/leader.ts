// The leader role (ZK 3.8: Leader.lead). Discovery: getEpochToPropose collects a quorum of
// FOLLOWERINFO (the leader included), fixes epoch = max(acceptedEpoch)+1 and persists it as
// acceptedEpoch before any LEADERINFO goes out (ZOOKEEPER-1291); waitForEpochAck collects a
// quorum of ACKEPOCH — the leader is then *established* — and the leader persists
// currentEpoch; waitForNewLeaderAck collects a quorum of NEWLEADER acks, after which the
// leader serves and sends UPTODATE. Each wait has its own initLimit*tick budget; running
// out sends the leader back to LOOKING. Broadcast (broadcast.ts) starts with startZkServer;
// every tick/2 the leader pings every learner, and every tick checks that {leader} ∪
// synced voters is still a quorum. Blocking waits become callbacks kept until the
// condition holds. lead() first takes a snapshot, as ZK's loadData does.
import type { ConnId, Message } from '../../net/types.ts';
import type { QuorumVerifier } from '../quorum/verifier.ts';
import { zxid, type Zxid } from '../zxid.ts';
import { APPLY_TIMER, Broadcast } from './broadcast.ts';
import { LearnerHandler } from './learnerHandler.ts';
import type { QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';
import type { SyncPlan } from './syncMode.ts';

const WAIT_TIMER = 'zab.leader.wait';
const TICK_TIMER = 'zab.leader.tick';

export interface StateSummary {
  currentEpoch: number;
  lastZxid: Zxid;
}

export class Leader {
  tick = 0;
  epoch = -1;
  private tickSkip = true;
  private waitingForNewEpoch = true;
  private persistingEpoch = false;
  private electionFinished = false;
  private quorumFormed = false;
  private started = false;
  private stopped = false;
  private summary!: StateSummary;
  readonly broadcast: Broadcast;
  private readonly connecting = new Set<number>();
  private readonly electing = new Set<number>();
  private readonly newLeaderAcks = new Set<number>();
  private readonly handlers = new Map<ConnId, LearnerHandler>();
  private epochWaiters: ((epoch: number) => void)[] = [];
  private ackWaiters: (() => void)[] = [];
  private newLeaderWaiters: (() => void)[] = [];
  private startupWaiters: (() => void)[] = [];
  private waitPhase = '';
  private waitStartedUs = 0;

  constructor(readonly peer: PeerServices) {
    this.broadcast = new Broadcast(peer);
  }

  get ctx() { return this.peer.ctx; }
  get verifier(): QuorumVerifier { return this.peer.verifier; }
  initLimitUs(): number { return this.peer.config.initLimit * this.peer.tickUs; }
  syncLimitUs(): number { return this.peer.config.syncLimit * this.peer.tickUs; }
  tickOfInitialAckDeadline(): number { return this.tick + this.peer.config.initLimit + this.peer.config.syncLimit; }
  tickOfNextAckDeadline(): number { return this.tick + this.peer.config.syncLimit; }
  lastProcessedZxid(): Zxid { return this.peer.db.lastProcessedZxid; }
  /** Serving: started and not stopped (ZK: the LeaderZooKeeperServer is running). */
  serving(): boolean { return this.broadcast.started && !this.stopped; }

  lead(): void {
    const p = this.peer;
    p.setZabState('DISCOVERY');
    this.tick = 0;
    p.db.takeSnapshot(); // ZK: Leader.lead → zk.loadData() → "Make a clean snapshot"
    this.summary = { currentEpoch: p.currentEpoch(), lastZxid: p.lastLoggedZxid() };
    this.armWait('getEpochToPropose');
    this.getEpochToPropose(p.sid, p.acceptedEpoch(), (epoch) => {
      // ZOOKEEPER-1319: lead() sets lastProposed = zxid(e, 0); the bug leaves it at 0.
      if (!p.bug('sync-1319')) this.broadcast.lastProposed = zxid(epoch, 0);
      this.armWait('waitForEpochAck');
      this.waitForEpochAck(p.sid, this.summary, () => {
        p.persistEpoch('currentEpoch', epoch, () => {
          if (this.stopped) return;
          p.setZabState('SYNCHRONIZATION');
          this.armWait('waitForNewLeaderAck');
          this.waitForNewLeaderAck(p.sid, zxid(epoch, 0), () => this.startZkServer());
        });
      });
    });
  }

  // ---- discovery (ZK: Leader.getEpochToPropose / waitForEpochAck / waitForNewLeaderAck) ----

  getEpochToPropose(sid: number, lastAcceptedEpoch: number, then: (epoch: number) => void): void {
    if (!this.waitingForNewEpoch) return then(this.epoch);
    this.epochWaiters.push(then);
    if (this.persistingEpoch) return; // ZK holds the lock while it writes acceptedEpoch
    if (lastAcceptedEpoch >= this.epoch) this.epoch = lastAcceptedEpoch + 1;
    if (this.verifier.isVoter(sid)) this.connecting.add(sid);
    if (this.connecting.has(this.peer.sid) && this.verifier.containsQuorum(this.connecting)) {
      this.persistingEpoch = true;
      this.peer.persistEpoch('acceptedEpoch', this.epoch, () => {
        if (this.stopped) return;
        this.waitingForNewEpoch = false;
        this.ctx.trace('zab.epochProposed', { epoch: this.epoch, connecting: sorted(this.connecting) });
        const waiters = this.epochWaiters;
        this.epochWaiters = [];
        for (const w of waiters) w(this.epoch);
      });
    }
  }

  waitForEpochAck(sid: number, ss: StateSummary, then: (ok: boolean, why: string) => void): void {
    if (this.electionFinished) return then(true, '');
    if (ss.currentEpoch !== -1) {
      const s = this.summary;
      if (ss.currentEpoch > s.currentEpoch || (ss.currentEpoch === s.currentEpoch && ss.lastZxid > s.lastZxid)) {
        return then(false, `follower is ahead of the leader (epoch ${ss.currentEpoch}, zxid ${ss.lastZxid})`);
      }
      if (ss.lastZxid !== -1 && this.verifier.isVoter(sid)) this.electing.add(sid);
    }
    this.ackWaiters.push(() => then(true, ''));
    if (this.electing.has(this.peer.sid) && this.verifier.containsQuorum(this.electing)) {
      this.electionFinished = true;
      this.ctx.trace('zab.established', { epoch: this.epoch, acked: sorted(this.electing) });
      this.release('ackWaiters');
    }
  }

  waitForNewLeaderAck(sid: number, ackZxid: Zxid, then: () => void): void {
    if (this.quorumFormed) return then();
    if (ackZxid !== zxid(this.epoch, 0)) return; // ZK: an ack of another epoch is not counted
    if (this.verifier.isVoter(sid)) this.newLeaderAcks.add(sid);
    this.newLeaderWaiters.push(then);
    if (this.verifier.containsQuorum(this.newLeaderAcks)) {
      this.quorumFormed = true;
      this.ctx.trace('zab.newLeaderAcked', { epoch: this.epoch, acked: sorted(this.newLeaderAcks) });
      this.release('newLeaderWaiters');
    }
  }

  waitForStartup(then: () => void): void {
    if (this.started) then();
    else this.startupWaiters.push(then);
  }

  private startZkServer(): void {
    this.ctx.cancelTimer(WAIT_TIMER);
    this.started = true;
    this.broadcast.start(this.epoch);
    this.peer.updateElectionVote(this.epoch);
    this.peer.setZabState('BROADCAST');
    this.release('startupWaiters');
    this.ctx.setTimer(TICK_TIMER, this.peer.tickUs / 2);
  }

  private release(which: 'ackWaiters' | 'newLeaderWaiters' | 'startupWaiters'): void {
    const waiters = this[which];
    this[which] = [];
    for (const w of waiters) w();
  }

  private armWait(phase: string): void {
    this.waitPhase = phase;
    this.waitStartedUs = this.ctx.now();
    this.ctx.setTimer(WAIT_TIMER, this.initLimitUs());
  }

  // ---- broadcast liveness (ZK: the loop at the end of Leader.lead) -----------------------

  private onTick(): void {
    if (!this.tickSkip) this.tick++;
    const synced = new Set<number>([this.peer.sid]);
    for (const h of this.handlers.values()) if (h.synced() && h.isVoter()) synced.add(h.sid);
    if (!this.tickSkip && !this.verifier.containsQuorum(synced)) {
      this.ctx.trace('zab.quorumLost', { epoch: this.epoch, synced: sorted(synced) });
      this.peer.roleFailed(`not sufficient followers synced, only synced with sids: [${sorted(synced).join(',')}]`);
      return;
    }
    this.tickSkip = !this.tickSkip;
    for (const h of [...this.handlers.values()]) h.ping(this.broadcast.lastProposed);
    this.ctx.setTimer(TICK_TIMER, this.peer.tickUs / 2);
  }

  // ---- connections -----------------------------------------------------------------------

  onAccept(conn: ConnId): void {
    this.handlers.set(conn, new LearnerHandler(this, conn));
  }

  owns(conn: ConnId): boolean {
    return this.handlers.has(conn);
  }

  onMessage(conn: ConnId, msg: Message): void {
    this.handlers.get(conn)?.onPacket(msg as unknown as QuorumPacket);
  }

  onClose(conn: ConnId): void {
    this.handlers.get(conn)?.drop('connection closed');
  }

  onTimer(key: string): void {
    if (key === TICK_TIMER) return this.onTick();
    if (key === APPLY_TIMER) return this.broadcast.applyCommitted();
    if (key === WAIT_TIMER) {
      const waitedMs = (this.ctx.now() - this.waitStartedUs) / 1000;
      this.ctx.trace('zab.discoveryFailed', { epoch: this.epoch, phase: this.waitPhase, waitedMs });
      return this.peer.roleFailed(`timeout while in ${this.waitPhase} (initLimit ${this.peer.config.initLimit} ticks)`);
    }
    for (const h of this.handlers.values()) if (h.onTimer(key)) return;
  }

  handlerDied(h: LearnerHandler, reason: string): void {
    h.stopTimers();
    this.broadcast.removeLearner(h);
    this.handlers.delete(h.conn);
    this.ctx.close(h.conn);
    this.ctx.trace('zab.learnerDropped', { learner: h.sid, reason });
  }

  send(conn: ConnId, p: QuorumPacket): void {
    this.ctx.send(conn, p);
  }

  traceSync(sid: number, peerLastZxid: Zxid, d: SyncPlan): void {
    this.ctx.trace('zab.syncMode', {
      learner: sid, mode: d.mode, zxid: d.zxid, peerLastZxid, leaderLastZxid: this.lastProcessedZxid(),
      minCommittedLog: d.minCommittedLog, maxCommittedLog: d.maxCommittedLog, queued: d.packets.length, why: d.why,
    });
  }

  /** Leaving the role: every learner connection closes, every timer stops. */
  shutdown(): void {
    this.stopped = true;
    this.broadcast.stop();
    this.ctx.cancelTimer(WAIT_TIMER);
    this.ctx.cancelTimer(TICK_TIMER);
    for (const h of [...this.handlers.values()]) {
      h.stopTimers();
      this.ctx.close(h.conn);
    }
    this.handlers.clear();
  }
}

function sorted(s: Iterable<number>): number[] {
  return [...s].sort((a, b) => a - b);
}
