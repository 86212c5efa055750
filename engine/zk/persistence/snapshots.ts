// Snapshot files (ZK 3.8: FileSnap): `snapshot.<hex zxid>`, one checksummed record holding
// the zxid, the digest and the state image. A snapshot is written in one write and then
// fsynced; until the fsync completes a crash may lose or tear it, and recovery skips any
// snapshot that does not decode (ZK: findNValidSnapshots) and uses the newest valid one.
// Our images are exact — the state at precisely `zxid` — because the digest chain cannot
// absorb the idempotent replay a fuzzy snapshot needs; the data tree will make them fuzzy.
import type { NodeDisk } from '../../sim/process.ts';
import type { Zxid } from '../zxid.ts';
import { decodeRecords, encodeRecord } from './records.ts';

export const SNAP_PREFIX = 'snapshot.';

export function snapFileName(zxid: Zxid): string {
  return `${SNAP_PREFIX}${zxid.toString(16)}`;
}

export function snapFileZxid(name: string): Zxid | undefined {
  if (!name.startsWith(SNAP_PREFIX)) return undefined;
  const hex = name.slice(SNAP_PREFIX.length);
  return /^[0-9a-f]+$/.test(hex) ? parseInt(hex, 16) : undefined;
}

export interface SnapshotImage {
  zxid: Zxid;
  digest: string;
  state: unknown;
}

/** Writes `snapshot.<zxid>` (replacing one of the same name); the caller fsyncs it. */
export function writeSnapshot(disk: NodeDisk, image: SnapshotImage): string {
  const file = snapFileName(image.zxid);
  disk.write(file, encodeRecord(image));
  return file;
}

/** Snapshot files, newest first. */
export function snapshotFiles(disk: NodeDisk): string[] {
  return disk.list(SNAP_PREFIX).filter((f) => snapFileZxid(f) !== undefined)
    .sort((a, b) => snapFileZxid(b)! - snapFileZxid(a)!);
}

/** The newest snapshot that decodes completely, or undefined (ZK: FileSnap.deserialize). */
export function newestValidSnapshot(disk: NodeDisk): SnapshotImage | undefined {
  for (const file of snapshotFiles(disk)) {
    const d = decodeRecords<SnapshotImage>(disk.read(file));
    const img = d.records[0];
    if (d.records.length === 1 && !d.damagedTail && img && img.zxid === snapFileZxid(file) && typeof img.digest === 'string') return img;
  }
  return undefined;
}

/** Size in bytes of the newest snapshot file (ZK: calculateTxnLogSizeLimit reads it). */
export function newestSnapshotBytes(disk: NodeDisk): number {
  const f = snapshotFiles(disk)[0];
  return f ? disk.size(f) : 0;
}
