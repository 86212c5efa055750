// A server's durable epochs: loading them at start (BootLoader; ZK 3.8: QuorumPeer.loadDataBase) and
// persisting new values one write at a time per file, each made durable (temp, fsync,
// rename) before the caller's continuation runs. The database (snapshot + log) is loaded
// first: its lastProcessedZxid is the server's lastLoggedZxid.
import type { NodeContext } from '../../sim/process.ts';
import { beginEpochWrite, finishEpochWrite, readEpochFile, type EpochFile } from '../persistence/epochFiles.ts';
import type { ZkDatabase } from '../persistence/zkDatabase.ts';
import { epochOf, type Zxid } from '../zxid.ts';

export interface LoadedState {
  acceptedEpoch: number;
  currentEpoch: number;
  lastLoggedZxid: Zxid;
}

/** How a start ended: loaded, or refused (with the epochs read before the refusal, if any). */
export type BootResult =
  | { ok: true; state: LoadedState }
  | { ok: false; refusal: string; state?: LoadedState };

const BOOT_TAG = 'boot:';

/**
 * ZK 3.8: QuorumPeer.loadDataBase. The database first; then currentEpoch — a missing file
 * gets epoch(lastProcessedZxid), written (temp, fsync, rename) before the start goes on, as
 * writeLongToFile blocks; an epoch older than the last zxid's is repaired from a leftover
 * currentEpoch.tmp (a write cut by a crash, ZOOKEEPER-1653) or refused; then acceptedEpoch
 * the same way, which must not be below currentEpoch. A file that does not hold a number
 * stops the server ("Found … in currentEpoch"), as Long.parseLong does. `done` runs once.
 */
export class BootLoader {
  private pending: { file: EpochFile; then: () => void } | undefined;
  private zxid: Zxid = 0;

  constructor(private readonly ctx: NodeContext, private readonly db: ZkDatabase, private readonly done: (r: BootResult) => void) {}

  start(): void {
    this.db.load('restart');
    this.zxid = this.db.lastProcessedZxid;
    const zxidEpoch = epochOf(this.zxid);
    this.readOrCreate('currentEpoch', zxidEpoch, (current) => {
      if (zxidEpoch <= current) return this.acceptedThen(current);
      const tmp = readEpochFile(this.ctx.disk, 'currentEpoch.tmp');
      if (tmp.kind === 'missing') {
        return this.refuse(`the current epoch, ${current}, is older than the last zxid's epoch, ${zxidEpoch}`, current);
      }
      if (tmp.kind === 'bad') return this.refuse(`found ${tmp.text} in currentEpoch.tmp`, current);
      // ZK: setCurrentEpoch(epochOfTmp) — written durably; the comparison is not made again.
      this.write('currentEpoch', tmp.epoch, () => this.acceptedThen(tmp.epoch));
    });
  }

  /** Handles `onSynced`; false if the tag is not a boot write. */
  onSynced(tag: string): boolean {
    if (!tag.startsWith(BOOT_TAG)) return false;
    const p = this.pending;
    if (!p) return true;
    this.pending = undefined;
    finishEpochWrite(this.ctx.disk, p.file);
    p.then();
    return true;
  }

  private acceptedThen(current: number): void {
    this.readOrCreate('acceptedEpoch', epochOf(this.zxid), (accepted) => {
      const state = { acceptedEpoch: accepted, currentEpoch: current, lastLoggedZxid: this.zxid };
      if (accepted < current) {
        return this.done({ ok: false, refusal: `the accepted epoch, ${accepted}, is less than the current epoch, ${current}`, state });
      }
      this.done({ ok: true, state });
    });
  }

  private readOrCreate(file: EpochFile, dflt: number, then: (epoch: number) => void): void {
    const r = readEpochFile(this.ctx.disk, file);
    if (r.kind === 'bad') return this.done({ ok: false, refusal: `found ${r.text} in ${file}` });
    if (r.kind === 'epoch') return then(r.epoch);
    this.write(file, dflt, () => then(dflt));
  }

  private write(file: EpochFile, epoch: number, then: () => void): void {
    this.pending = { file, then };
    beginEpochWrite(this.ctx.disk, file, epoch, `${BOOT_TAG}${file}`);
  }

  private refuse(refusal: string, current: number): void {
    // What the acceptedEpoch file says, for the record (ZooKeeper stops before reading it).
    const a = readEpochFile(this.ctx.disk, 'acceptedEpoch');
    const acceptedEpoch = a.kind === 'epoch' ? a.epoch : epochOf(this.zxid);
    this.done({ ok: false, refusal, state: { acceptedEpoch, currentEpoch: current, lastLoggedZxid: this.zxid } });
  }
}

interface PendingWrite {
  epoch: number;
  then: () => void;
}

export class EpochWriter {
  private readonly queues = new Map<EpochFile, PendingWrite[]>();

  constructor(private readonly ctx: NodeContext, private readonly onDurable: (file: EpochFile, epoch: number) => void) {}

  persist(file: EpochFile, epoch: number, then: () => void): void {
    let q = this.queues.get(file);
    if (!q) this.queues.set(file, (q = []));
    q.push({ epoch, then });
    if (q.length === 1) beginEpochWrite(this.ctx.disk, file, epoch, `epoch:${file}`);
  }

  /** Handles `onSynced`; false if the tag is not an epoch write. */
  onSynced(tag: string): boolean {
    if (!tag.startsWith('epoch:')) return false;
    const file = tag.slice(6) as EpochFile;
    const q = this.queues.get(file);
    const w = q?.shift();
    if (!q || !w) return true;
    finishEpochWrite(this.ctx.disk, file);
    this.onDurable(file, w.epoch);
    const next = q[0];
    if (next) beginEpochWrite(this.ctx.disk, file, next.epoch, `epoch:${file}`);
    w.then();
    return true;
  }
}
