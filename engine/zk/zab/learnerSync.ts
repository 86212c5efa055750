// A learner's synchronisation with its leader (ZK: Learner.syncWithLeader), from the
// DIFF/TRUNC/SNAP packet to UPTODATE:
//   DIFF  → the state is kept (ZOOKEEPER-2355: lastProcessedZxid unchanged); no snapshot
//   SNAP  → the state becomes the leader's image; lastProcessedZxid = the SNAP zxid
//   TRUNC → the log is cut after the zxid and the state reloaded from disk
//   PROPOSAL → packetsNotLogged. COMMIT → after SNAP/TRUNC (writeToTxnLog false) the head
//   is applied at once; after DIFF, or after NEWLEADER, it is remembered in packetsCommitted
//   NEWLEADER → (SNAP/TRUNC) a snapshot, durable; the committed prefix of packetsNotLogged
//   appended, applied and fsynced; then currentEpoch persisted; then ACK — ZK 3.8.6's order
//   (durable txns → currentEpoch → ACK) with 3.9.3's handling of proposals still pending:
//   they stay queued, so a COMMIT arriving after NEWLEADER finds them (no ZOOKEEPER-4394 NPE)
//   UPTODATE → ACK, serve; pending proposals logged (ACK after fsync); commits applied.
// While NEWLEADER is being made durable the learner reads nothing (ZK's thread is busy).
// Bug flags swap in historical orders: learner-4643 (3.8.4: currentEpoch, then the txns
// handed to the async logger, then ACK) and learner-3911 (currentEpoch, ACK, and the txns
// stay in memory until UPTODATE).
import type { ZxidTxn } from '../txn/types.ts';
import { zxid as makeZxid, type Zxid } from '../zxid.ts';
import type { QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';

/** What the sync needs of its Learner. */
export interface SyncHost {
  readonly kind: 'follower' | 'observer';
  readonly leaderSid: number;
  readonly newEpoch: number;
  send(p: QuorumPacket): void;
  /** Stops reading packets until `unblock` (ZK's learner thread is busy writing). */
  block(): void;
  unblock(): void;
  /** Still the live learner of this role (not shut down meanwhile). */
  alive(): boolean;
  /** NEWLEADER acked: the read timeout becomes syncLimit ticks. */
  newLeaderAcked(): void;
  /** UPTODATE: ACK it and serve (ZK: startServing, updateElectionVote). */
  serve(): void;
  /** ZK: FollowerZooKeeperServer.logRequest — pending, then ACK once durable. */
  logRequest(t: ZxidTxn): void;
  /** ZK: FollowerZooKeeperServer.commit — must match the pending head. */
  commit(z: Zxid): void;
  /** ZK: ObserverZooKeeperServer.commitRequest — log and apply. */
  commitRequest(t: ZxidTxn): void;
  fail(cause: string): void;
}

export class LearnerSync {
  mode: 'DIFF' | 'SNAP' | 'TRUNC' | undefined;
  /** SNAP or TRUNC replaced the state and NEWLEADER has not made it durable yet (ZOOKEEPER-3642). */
  stateUnsaved = false;
  private snapshotNeeded = true;
  private writeToTxnLog = false;
  private newLeaderSeen = false;
  private notLogged: ZxidTxn[] = [];
  private committed: Zxid[] = [];

  constructor(private readonly peer: PeerServices, private readonly host: SyncHost) {}

  onPacket(p: QuorumPacket): void {
    if (this.mode === undefined) return this.first(p);
    switch (p.type) {
      case 'PROPOSAL':
        this.notLogged.push({ zxid: p.zxid, txn: p.txn });
        return;
      case 'COMMIT':
        return this.commit(p.zxid);
      case 'INFORM':
        if (!this.writeToTxnLog) this.peer.db.apply(p.zxid, p.txn, 'sync');
        else {
          this.notLogged.push({ zxid: p.zxid, txn: p.txn });
          this.committed.push(p.zxid);
        }
        return;
      case 'NEWLEADER':
        return this.newLeader();
      case 'UPTODATE':
        if (!this.newLeaderSeen) return this.host.fail('UPTODATE before NEWLEADER');
        return this.upToDate();
      default:
        return;
    }
  }

  private first(p: QuorumPacket): void {
    const db = this.peer.db;
    switch (p.type) {
      case 'DIFF':
        this.mode = 'DIFF';
        this.snapshotNeeded = false;
        break;
      case 'SNAP':
        this.mode = 'SNAP';
        db.restoreSnapshot(this.host.leaderSid, p.zxid, p.snapshot);
        this.stateUnsaved = true;
        break;
      case 'TRUNC':
        this.mode = 'TRUNC';
        db.truncate(p.zxid);
        db.lastProcessedZxid = p.zxid; // ZK: setlastProcessedZxid(qp.getZxid())
        break;
      default:
        return this.host.fail(`Got unexpected packet from leader: ${p.type}, exiting`);
    }
    this.writeToTxnLog = !this.snapshotNeeded;
  }

  private commit(z: Zxid): void {
    if (this.writeToTxnLog) {
      this.committed.push(z);
      return;
    }
    const head = this.notLogged[0];
    if (head && head.zxid === z) {
      this.notLogged.shift();
      this.peer.db.apply(z, head.txn, 'sync');
    }
    // else ZK warns "Committing 0x.., but next proposal is 0x.." and goes on
  }

  private newLeader(): void {
    this.newLeaderSeen = true;
    this.writeToTxnLog = true;
    this.host.block();
    const go = () => (this.peer.bug('learner-4643') || this.peer.bug('learner-3911') ? this.oldOrder() : this.persistCommitted());
    if (!this.snapshotNeeded) return go();
    this.peer.db.takeSnapshot(() => {
      this.stateUnsaved = false;
      if (this.host.alive()) go();
    });
  }

  /** ZK 3.8.6 / 3.9.3: the committed prefix durable, then currentEpoch, then ACK. */
  private persistCommitted(): void {
    const db = this.peer.db;
    const logged: Zxid[] = [];
    if (this.host.kind === 'follower') {
      while (this.committed.length > 0) {
        const z = this.committed.shift()!;
        const head = this.notLogged[0];
        if (!head || head.zxid !== z) continue; // ZK: "Committing 0x.., but got no proposal" — skip
        this.notLogged.shift();
        db.log.append(head);
        db.apply(head.zxid, head.txn, 'sync');
        logged.push(head.zxid);
      }
    }
    db.fsyncs.fsyncAll(db.log.takeDirty(), () => {
      if (this.peer.ctx.tracing) for (const z of logged) this.peer.ctx.trace('zab.logged', { zxid: z });
      if (this.host.alive()) this.persistEpochThenAck();
    });
  }

  /** learner-4643 (3.8.4) and learner-3911 (before ZOOKEEPER-3911): currentEpoch first. */
  private oldOrder(): void {
    this.peer.persistEpoch('currentEpoch', this.host.newEpoch, () => {
      if (!this.host.alive()) return;
      if (this.peer.bug('learner-4643') && this.host.kind === 'follower') {
        for (const t of this.notLogged) this.host.logRequest(t);
        this.notLogged = [];
      }
      this.ackNewLeader();
    });
  }

  private persistEpochThenAck(): void {
    this.peer.persistEpoch('currentEpoch', this.host.newEpoch, () => {
      if (this.host.alive()) this.ackNewLeader();
    });
  }

  private ackNewLeader(): void {
    this.host.send({ type: 'ACK', zxid: makeZxid(this.host.newEpoch, 0) });
    this.host.newLeaderAcked();
    this.host.unblock();
  }

  /** ZK: the end of syncWithLeader, after the UPTODATE loop exits. */
  private upToDate(): void {
    this.host.serve();
    if (this.host.kind === 'follower') {
      for (const t of this.notLogged) this.host.logRequest(t);
      for (const z of this.committed) this.host.commit(z);
    } else {
      for (const t of this.notLogged) {
        if (this.committed[0] !== t.zxid) continue; // ZK: "Committing 0x.., but next proposal is 0x.."
        this.committed.shift();
        this.host.commitRequest(t);
      }
    }
    this.notLogged = [];
    this.committed = [];
  }
}
