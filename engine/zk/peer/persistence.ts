// A server's durable epochs: loading them at start (ZK 3.8: QuorumPeer.loadDataBase) and
// persisting new values one write at a time per file, each made durable (temp, fsync,
// rename) before the caller's continuation runs. The database (snapshot + log) is loaded
// first: its lastProcessedZxid is the server's lastLoggedZxid.
import type { NodeContext } from '../../sim/process.ts';
import { beginEpochWrite, finishEpochWrite, readEpoch, type EpochFile } from '../persistence/epochFiles.ts';
import type { ZkDatabase } from '../persistence/zkDatabase.ts';
import { epochOf, type Zxid } from '../zxid.ts';

export interface LoadedState {
  acceptedEpoch: number;
  currentEpoch: number;
  lastLoggedZxid: Zxid;
  /** Why the server refuses to start, if it does. */
  refusal?: string;
}

/** ZK 3.8: QuorumPeer.loadDataBase — missing epoch files default to epoch(lastLoggedZxid). */
export function loadState(ctx: NodeContext, db: ZkDatabase): LoadedState {
  db.load('restart');
  const lastLoggedZxid = db.lastProcessedZxid;
  const zxidEpoch = epochOf(lastLoggedZxid);
  let currentEpoch = readEpoch(ctx.disk, 'currentEpoch');
  if (currentEpoch === undefined) {
    currentEpoch = zxidEpoch;
    beginEpochWrite(ctx.disk, 'currentEpoch', currentEpoch, 'boot');
    finishEpochWrite(ctx.disk, 'currentEpoch');
  }
  let acceptedEpoch = readEpoch(ctx.disk, 'acceptedEpoch');
  if (acceptedEpoch === undefined) {
    acceptedEpoch = zxidEpoch;
    beginEpochWrite(ctx.disk, 'acceptedEpoch', acceptedEpoch, 'boot');
    finishEpochWrite(ctx.disk, 'acceptedEpoch');
  }
  const state: LoadedState = { acceptedEpoch, currentEpoch, lastLoggedZxid };
  if (zxidEpoch > currentEpoch) {
    state.refusal = `the current epoch, ${currentEpoch}, is older than the last zxid's epoch, ${zxidEpoch}`;
  } else if (acceptedEpoch < currentEpoch) {
    state.refusal = `the accepted epoch, ${acceptedEpoch}, is less than the current epoch, ${currentEpoch}`;
  }
  return state;
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
