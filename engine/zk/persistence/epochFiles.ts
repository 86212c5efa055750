// The acceptedEpoch and currentEpoch files. ZooKeeper writes them atomically (write a
// temp file, fsync, rename) and a server must not act on a new epoch before the write is
// durable (ZOOKEEPER-1291 for acceptedEpoch, ZOOKEEPER-1282 for currentEpoch).
import type { NodeDisk } from '../../sim/process.ts';

export type EpochFile = 'acceptedEpoch' | 'currentEpoch';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads an epoch file; undefined when missing or unreadable. */
export function readEpoch(disk: NodeDisk, file: EpochFile): number | undefined {
  const data = disk.read(file);
  if (!data) return undefined;
  const text = decoder.decode(data).trim();
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Starts an atomic write; the caller renames on `onSynced(tag)` via `finishEpochWrite`. */
export function beginEpochWrite(disk: NodeDisk, file: EpochFile, epoch: number, tag: string): void {
  disk.write(`${file}.tmp`, encoder.encode(String(epoch)));
  disk.fsync(`${file}.tmp`, tag);
}

export function finishEpochWrite(disk: NodeDisk, file: EpochFile): void {
  disk.rename(`${file}.tmp`, file);
}
