// A server's database (ZK 3.8: ZKDatabase + FileTxnSnapLog): the replicated state, its
// lastProcessedZxid, the committedLog the leader syncs learners from, the txn log and the
// snapshots. It outlives roles (LOOKING → FOLLOWING → ...) within one incarnation; a restart
// builds a new one from disk.
//
// Every txn that reaches the state goes through `apply`, which traces `zab.apply` with the
// digest after it and `via`: `commit` (delivered in broadcast), `sync` (applied while
// syncing with a leader) or `replay` (re-read from the log: restart, fast-forward, reload —
// possibly a txn that was never committed, which a later TRUNC or SNAP removes). Whole-state
// changes are traced as `zab.recovered` with the cause. Invariant: lastProcessedZxid is the
// zxid of the last txn applied, or a NEWLEADER zxid(e,0) set on top of it.
import { fail } from '../../kernel/assert.ts';
import type { NodeContext } from '../../sim/process.ts';
import type { ReplicatedState, StateMachine, Txn, ZxidTxn } from '../txn/types.ts';
import type { Zxid } from '../zxid.ts';
import { FsyncGroup } from './fsyncGroup.ts';
import { newestSnapshotBytes, newestValidSnapshot, snapFileZxid, snapshotFiles, writeSnapshot } from './snapshots.ts';
import { TxnLog } from './txnLog.ts';

export type ApplyVia = 'commit' | 'sync' | 'replay';
export type RecoveryCause = 'restart' | 'reload' | 'fastForward';

/** ZK: zookeeper.snapshotSizeFactor — a DIFF from the log may read up to this share of the snapshot's size. */
export const SNAPSHOT_SIZE_FACTOR = 0.33;

export interface DatabaseOptions {
  commitLogCount: number;
}

export class ZkDatabase {
  state: ReplicatedState;
  lastProcessedZxid: Zxid = 0;
  /** zxid of the last txn applied (never a NEWLEADER zxid(e,0)). */
  lastTxnZxid: Zxid = 0;
  committedLog: ZxidTxn[] = [];
  readonly log: TxnLog;
  readonly fsyncs: FsyncGroup;

  constructor(private readonly ctx: NodeContext, private readonly sm: StateMachine, private readonly opts: DatabaseOptions) {
    this.state = sm.newState();
    this.log = new TxnLog(ctx.disk);
    this.fsyncs = new FsyncGroup(ctx.disk);
  }

  get minCommittedLog(): Zxid { return this.committedLog[0]?.zxid ?? 0; }
  get maxCommittedLog(): Zxid { return this.committedLog[this.committedLog.length - 1]?.zxid ?? 0; }

  /**
   * ZK: FileTxnSnapLog.restore — the newest valid snapshot, then every logged txn above it,
   * committed or not (each also enters committedLog, ZK's PlayBackListener). A torn or
   * corrupt log tail is cut off first. An empty disk starts at zxid 0 with snapshot.0 written.
   */
  load(cause: 'restart' | 'reload'): void {
    const rec = this.log.recover();
    const snap = newestValidSnapshot(this.ctx.disk);
    this.state = this.sm.newState();
    this.committedLog = [];
    let base = 0;
    if (snap) {
      this.state.restore(snap.state);
      base = snap.zxid;
    } else if (rec.txns.length === 0) {
      this.fsyncs.fsyncAll([this.snapshotNow()], () => {}); // ZK: restore() saves an empty snapshot on an empty data dir
    }
    this.lastProcessedZxid = this.lastTxnZxid = base;
    let replayed = 0;
    for (const t of rec.txns) {
      if (t.zxid <= base) continue;
      this.apply(t.zxid, t.txn, 'replay');
      replayed++;
    }
    this.traceRecovered(cause, base, replayed, rec.truncatedBytes);
  }

  /**
   * ZK: ZooKeeperServer.processTxn + ZKDatabase.addCommittedProposal. Returns the digest.
   * Txns applied during sync enter committedLog too (ZOOKEEPER-4925 fixed 3.9.3's omission).
   */
  apply(zxid: Zxid, txn: Txn, via: ApplyVia): string {
    if (!(zxid > this.lastTxnZxid)) fail(`apply 0x${zxid.toString(16)} after 0x${this.lastTxnZxid.toString(16)}`);
    this.state.apply(zxid, txn);
    this.lastProcessedZxid = this.lastTxnZxid = zxid;
    this.addCommittedProposal(zxid, txn);
    const digest = this.state.digest();
    if (this.ctx.tracing) this.ctx.trace('zab.apply', { zxid, txn, digest, via });
    return digest;
  }

  /** ZK: ZKDatabase.addCommittedProposal — keeps the last commitLogCount (+1, as ZK) proposals. */
  private addCommittedProposal(zxid: Zxid, txn: Txn): void {
    if (this.committedLog.length > this.opts.commitLogCount) this.committedLog.shift();
    this.committedLog.push({ zxid, txn });
  }

  /** ZK: ZKDatabase.fastForwardDataBase — replays logged txns above lastProcessedZxid. */
  fastForward(): number {
    const from = this.lastProcessedZxid;
    let replayed = 0;
    for (const t of this.log.txnsAfter(this.lastTxnZxid)) {
      if (t.zxid <= from) continue;
      this.apply(t.zxid, t.txn, 'replay');
      replayed++;
    }
    if (replayed > 0) this.traceRecovered('fastForward', from, replayed, 0);
    return replayed;
  }

  /**
   * ZK: ZKDatabase.truncateLog — drops logged txns above `zxid`, then reloads from disk.
   * Snapshots above `zxid` are deleted too: ZK 3.8 keeps them and could reload one beyond
   * the truncation point; we make TRUNC mean what the reference says (drop, clear, reload).
   */
  truncate(zxid: Zxid): Zxid[] {
    const dropped = this.log.truncate(zxid);
    for (const f of snapshotFiles(this.ctx.disk)) if (snapFileZxid(f)! > zxid) this.ctx.disk.delete(f);
    if (this.ctx.tracing) this.ctx.trace('zab.trunc', { toZxid: zxid, dropped });
    this.load('reload');
    return dropped;
  }

  /** SNAP from leader `from`: the state becomes its image at `zxid` (ZK: deserializeSnapshot). */
  restoreSnapshot(from: number, zxid: Zxid, image: unknown): void {
    this.committedLog = [];
    this.state = this.sm.newState();
    this.state.restore(image);
    this.lastProcessedZxid = this.lastTxnZxid = zxid;
    if (this.ctx.tracing) this.ctx.trace('zab.snapSync', { from, zxid, digest: this.state.digest() });
  }

  /** ZK: ZooKeeperServer.takeSnapshot — snapshot.<lastProcessedZxid>; `then` once durable. */
  takeSnapshot(then?: () => void): Zxid {
    const zxid = this.lastProcessedZxid;
    const file = this.snapshotNow();
    this.fsyncs.fsyncAll([file], () => {
      if (this.ctx.tracing) this.ctx.trace('zab.snapshot', { zxid });
      then?.();
    });
    return zxid;
  }

  private snapshotNow(): string {
    const zxid = this.lastProcessedZxid;
    return writeSnapshot(this.ctx.disk, { zxid, digest: this.state.digest(), state: this.state.snapshot() });
  }

  /** ZK: ZKDatabase.calculateTxnLogSizeLimit. */
  txnLogSizeLimit(): number {
    return Math.floor(newestSnapshotBytes(this.ctx.disk) * SNAPSHOT_SIZE_FACTOR);
  }

  /** ZK: ZKDatabase.getProposalsFromTxnLog — empty when the log lacks `zxid` or is too big. */
  proposalsFromTxnLog(zxid: Zxid, sizeLimit: number): ZxidTxn[] {
    if (sizeLimit < 0) return [];
    const r = this.log.readFrom(zxid);
    if (!r) return [];
    if (sizeLimit > 0 && r.storageBytes > sizeLimit) return [];
    return r.txns;
  }

  onSynced(tag: string): boolean {
    return this.fsyncs.onSynced(tag);
  }

  private traceRecovered(cause: RecoveryCause, snapshotZxid: Zxid, replayed: number, truncatedBytes: number): void {
    if (!this.ctx.tracing) return;
    this.ctx.trace('zab.recovered', {
      cause, snapshotZxid, replayed, truncatedBytes, lastZxid: this.lastProcessedZxid, digest: this.state.digest(),
    });
  }
}
