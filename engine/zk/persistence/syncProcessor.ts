// ZK 3.8: SyncRequestProcessor — the stage that makes txns durable before they are acked.
// Requests queue up; the processor appends every queued txn to the log, then makes the
// batch durable with one flush (group commit: ZooKeeper flushes when its queue drains, and
// while it is blocked in fsync new requests wait in the queue). When the flush completes it
// traces `zab.logged` per txn and runs each request's `onDurable` (a follower's ACK, the
// leader's own ack) in order, then starts on whatever queued meanwhile. After
// snapCount/2 + rand(snapCount/2) appended txns (drawn from the node's stream) it rolls the
// log and takes a snapshot. It belongs to the server, not to a role: a role that ends calls
// `shutdown`, which still appends and flushes what was queued (ZK: shutdown flushes), and
// the role's own callbacks check that the role is still alive.
import type { NodeContext } from '../../sim/process.ts';
import type { Txn } from '../txn/types.ts';
import type { Zxid } from '../zxid.ts';
import type { ZkDatabase } from './zkDatabase.ts';

export const SYNC_RUN_TIMER = 'zab.sync.run';

export interface SyncRequest {
  readonly zxid: Zxid;
  readonly txn: Txn;
  /** Runs once the txn is durable (ZK: the next processor, e.g. SendAckRequestProcessor). */
  readonly onDurable?: () => void;
}

export class SyncRequestProcessor {
  private queue: SyncRequest[] = [];
  private flushing = false;
  private randRoll: number | undefined;

  constructor(private readonly ctx: NodeContext, private readonly db: ZkDatabase, private readonly snapCount: number) {}

  submit(r: SyncRequest): void {
    this.queue.push(r);
    if (!this.flushing && !this.ctx.hasTimer(SYNC_RUN_TIMER)) this.ctx.setTimer(SYNC_RUN_TIMER, 0);
  }

  onTimer(key: string): boolean {
    if (key !== SYNC_RUN_TIMER) return false;
    this.run();
    return true;
  }

  /** Appends and flushes what is queued, without running callbacks (ZK: SyncRequestProcessor.shutdown). */
  shutdown(): void {
    this.ctx.cancelTimer(SYNC_RUN_TIMER);
    const batch = this.queue.map((r) => ({ zxid: r.zxid, txn: r.txn }));
    this.queue = [];
    if (batch.length === 0) return;
    for (const r of batch) this.append(r);
    const files = this.db.log.takeDirty();
    this.db.fsyncs.fsyncAll(files, () => this.traceLogged(batch));
  }

  /** Requests not yet durable (queued, or in the flush under way). */
  get queued(): number {
    return this.queue.length;
  }

  private run(): void {
    if (this.flushing || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const r of batch) this.append(r);
    this.flushing = true;
    this.db.fsyncs.fsyncAll(this.db.log.takeDirty(), () => {
      this.flushing = false;
      this.traceLogged(batch);
      for (const r of batch) r.onDurable?.();
      if (this.queue.length > 0) this.run();
    });
  }

  private append(r: { zxid: Zxid; txn: Txn }): void {
    // A txn at or below the log's end was logged before (the log skips it).
    if (this.db.log.append({ zxid: r.zxid, txn: r.txn }) && this.shouldSnapshot()) {
      this.randRoll = undefined;
      this.db.log.roll();
      this.db.takeSnapshot();
    }
  }

  /** ZK: SyncRequestProcessor.shouldSnapshot (the size trigger is off: snapSizeLimitInKb unset here). */
  private shouldSnapshot(): boolean {
    const half = Math.max(1, Math.floor(this.snapCount / 2));
    if (this.randRoll === undefined) this.randRoll = this.ctx.random.int(half);
    return this.db.log.txnCount > half + this.randRoll;
  }

  private traceLogged(batch: readonly { zxid: Zxid }[]): void {
    if (!this.ctx.tracing) return;
    for (const r of batch) this.ctx.trace('zab.logged', { zxid: r.zxid });
  }
}
