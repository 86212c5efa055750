// Waits for several fsyncs at once: `fsyncAll(files, then)` starts an fsync of each file
// under one tag and runs `then` when all have completed (ZK: FileTxnSnapLog.commit forces
// every stream it wrote to). The tags start with "zab.fsync:"; the peer routes onSynced
// to `onSynced`. A crash drops pending fsyncs with the incarnation, so `then` never runs.
import type { NodeDisk } from '../../sim/process.ts';

export const FSYNC_TAG_PREFIX = 'zab.fsync:';

export class FsyncGroup {
  private seq = 0;
  private readonly pending = new Map<string, { left: number; then: () => void }>();

  constructor(private readonly disk: NodeDisk) {}

  /** fsyncs every file in `files`; `then` runs once all are durable (at once if none). */
  fsyncAll(files: readonly string[], then: () => void): void {
    const live = files.filter((f) => this.disk.exists(f));
    if (live.length === 0) return then();
    const tag = `${FSYNC_TAG_PREFIX}${++this.seq}`;
    this.pending.set(tag, { left: live.length, then });
    for (const f of live) this.disk.fsync(f, tag);
  }

  /** Handles `onSynced`; false if the tag is not ours. */
  onSynced(tag: string): boolean {
    if (!tag.startsWith(FSYNC_TAG_PREFIX)) return false;
    const p = this.pending.get(tag);
    if (!p) return true;
    if (--p.left > 0) return true;
    this.pending.delete(tag);
    p.then();
    return true;
  }
}
