// The acceptedEpoch and currentEpoch files. ZooKeeper writes them atomically (write a
// temp file, fsync, rename) and a server must not act on a new epoch before the write is
// durable (ZOOKEEPER-1291 for acceptedEpoch, ZOOKEEPER-1282 for currentEpoch).
import type { NodeDisk } from '../../sim/process.ts';

export type EpochFile = 'acceptedEpoch' | 'currentEpoch';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type EpochRead =
  | { kind: 'epoch'; epoch: number }
  | { kind: 'missing' }
  /** `text` as ZooKeeper's message shows it: the first line, or null for an empty file. */
  | { kind: 'bad'; text: string };

/** Reads an epoch file (or its .tmp) as ZK's readLongFromFile: Long.parseLong of the first line. */
export function readEpochFile(disk: NodeDisk, file: EpochFile | `${EpochFile}.tmp`): EpochRead {
  const data = disk.read(file);
  if (!data) return { kind: 'missing' };
  const text = decoder.decode(data);
  if (text === '') return { kind: 'bad', text: 'null' };
  const line = text.split(/\r?\n/, 1)[0]!;
  const epoch = /^[-+]?\d+$/.test(line) ? Number(line) : NaN;
  return Number.isSafeInteger(epoch) ? { kind: 'epoch', epoch } : { kind: 'bad', text: JSON.stringify(line) };
}

/** Starts an atomic write; the caller renames on `onSynced(tag)` via `finishEpochWrite`. */
export function beginEpochWrite(disk: NodeDisk, file: EpochFile, epoch: number, tag: string): void {
  disk.write(`${file}.tmp`, encoder.encode(String(epoch)));
  disk.fsync(`${file}.tmp`, tag);
}

export function finishEpochWrite(disk: NodeDisk, file: EpochFile): void {
  disk.rename(`${file}.tmp`, file);
}
