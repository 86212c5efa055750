// A learner in broadcast (ZK 3.8: Follower.processPacket with FollowerZooKeeperServer, and
// Observer.processPacket with ObserverZooKeeperServer). Follower: PROPOSAL → pendingTxns and
// the SyncRequestProcessor, ACK once durable; COMMIT z → z must be the head of pendingTxns
// (else the follower gives up its role: ZK exits on an unmatched commit), then applied.
// The apply may come before the local fsync. Observer: INFORM → logged (no ACK) and applied.
import type { ZxidTxn } from '../txn/types.ts';
import { counterOf, zxidHex, type Zxid } from '../zxid.ts';
import type { QuorumPacket } from './packets.ts';
import type { PeerServices } from './services.ts';

export interface BroadcastHost {
  send(p: QuorumPacket): void;
  alive(): boolean;
  fail(cause: string): void;
}

export class LearnerZab {
  private readonly pendingTxns: ZxidTxn[] = [];
  /** ZK: the learner ZooKeeperServer's pendingSyncs — client syncs awaiting the leader's SYNC, oldest first. */
  private readonly pendingSyncs: number[] = [];
  private lastQueued: Zxid = 0;

  constructor(private readonly peer: PeerServices, private readonly host: BroadcastHost, readonly kind: 'follower' | 'observer') {}

  get pending(): number {
    return this.pendingTxns.length;
  }

  onPacket(p: QuorumPacket): void {
    switch (p.type) {
      case 'PROPOSAL':
        if (this.kind !== 'follower') return;
        this.lastQueued = p.zxid; // ZK warns when it is not lastQueued + 1
        return this.logRequest({ zxid: p.zxid, txn: p.txn });
      case 'COMMIT':
        if (this.kind === 'follower') this.commit(p.zxid);
        return;
      case 'INFORM':
        if (this.kind === 'observer') this.commitRequest({ zxid: p.zxid, txn: p.txn });
        return;
      case 'PING':
        this.host.send({ type: 'PING', zxid: p.zxid });
        return;
      case 'SYNC':
        return this.sync();
      default:
        return; // UPTODATE after start: ZK logs an error and goes on
    }
  }

  syncStarted(id: number): void {
    this.pendingSyncs.push(id);
    if (this.peer.ctx.tracing) this.peer.ctx.trace('zab.syncStart', { id });
  }

  /** ZK: FollowerZooKeeperServer.sync / ObserverZooKeeperServer.sync — the oldest pending sync completes. */
  private sync(): void {
    const id = this.pendingSyncs.shift();
    if (id === undefined) return; // ZK: "Not expecting a sync."
    if (this.peer.ctx.tracing) this.peer.ctx.trace('zab.syncDone', { id, zxid: this.peer.db.lastTxnZxid });
  }

  /** ZK: FollowerZooKeeperServer.logRequest. */
  logRequest(t: ZxidTxn): void {
    if (counterOf(t.zxid) !== 0) this.pendingTxns.push(t);
    this.lastQueued = Math.max(this.lastQueued, t.zxid);
    this.peer.syncProcessor.submit({
      zxid: t.zxid, txn: t.txn,
      onDurable: () => { if (this.host.alive()) this.host.send({ type: 'ACK', zxid: t.zxid }); },
    });
  }

  /** ZK: FollowerZooKeeperServer.commit. */
  commit(z: Zxid): void {
    const head = this.pendingTxns[0];
    if (!head) return; // ZK: "Committing 0x.. without seeing txn"
    if (head.zxid !== z) {
      return this.host.fail(`Committing zxid ${zxidHex(z)} but next pending txn ${zxidHex(head.zxid)}`);
    }
    this.pendingTxns.shift();
    this.peer.db.apply(z, head.txn, 'commit');
  }

  /** ZK: ObserverZooKeeperServer.commitRequest — logged when syncEnabled, and applied. */
  commitRequest(t: ZxidTxn): void {
    if (this.peer.config.syncEnabled) this.peer.syncProcessor.submit({ zxid: t.zxid, txn: t.txn });
    this.peer.db.apply(t.zxid, t.txn, 'commit');
  }
}
