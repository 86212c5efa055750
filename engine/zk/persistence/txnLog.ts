// The transaction log on a server's disk: one record per txn, each {zxid, ...payload}.
// Recovery reads the valid prefix (a torn or corrupt tail ends it and is truncated away,
// as ZooKeeper does); lastLoggedZxid is the zxid of the last valid record, or 0.
// The ZAB issue extends this (segments, snapshots, group commit).
import type { NodeDisk } from '../../sim/process.ts';
import type { Zxid } from '../zxid.ts';
import { decodeRecords, encodeRecord } from './records.ts';

export const TXN_LOG = 'log';

export interface TxnRecord {
  zxid: Zxid;
  [field: string]: unknown;
}

export interface RecoveredLog {
  txns: TxnRecord[];
  lastLoggedZxid: Zxid;
  truncatedBytes: number;
}

export function recoverTxnLog(disk: NodeDisk): RecoveredLog {
  const decoded = decodeRecords<TxnRecord>(disk.read(TXN_LOG));
  let truncatedBytes = 0;
  if (decoded.damagedTail) {
    truncatedBytes = disk.size(TXN_LOG) - decoded.validBytes;
    disk.truncate(TXN_LOG, decoded.validBytes);
  }
  const last = decoded.records[decoded.records.length - 1];
  return { txns: decoded.records, lastLoggedZxid: last ? last.zxid : 0, truncatedBytes };
}

export function appendTxn(disk: NodeDisk, txn: TxnRecord): void {
  disk.append(TXN_LOG, encodeRecord(txn));
}
