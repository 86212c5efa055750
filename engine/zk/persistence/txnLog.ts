// The transaction log on a server's disk (ZK 3.8: FileTxnLog): segments named
// `log.<hex zxid of their first txn>`, each a sequence of framed, checksummed records
// {zxid, txn} (records.ts). Appends go to the open segment; `roll()` closes it, and the
// next append opens a new one (ZK rolls the log when it takes a snapshot). After a restart
// the first append opens a new segment too. Recovery reads the segments in zxid order; the
// first torn or corrupt record (or a zxid that does not increase) ends the log: that
// segment is truncated there and every later segment deleted. The in-memory index (zxid
// and end offset of each record) always matches the live disk content, which only this
// object writes.
import { countUpTo } from '../../kernel/sorted.ts';
import type { NodeDisk } from '../../sim/process.ts';
import type { ZxidTxn } from '../txn/types.ts';
import type { Zxid } from '../zxid.ts';
import { decodeRecords, encodeRecord } from './records.ts';

export const LOG_PREFIX = 'log.';
/** The fsync a truncation issues; nobody waits for it. */
export const TRUNCATE_FSYNC_TAG = 'zab.truncate';

/** ZK: Util.makeLogName — "log." + Long.toHexString(zxid). */
export function logFileName(zxid: Zxid): string {
  return `${LOG_PREFIX}${zxid.toString(16)}`;
}

/** The start zxid a segment's name carries, or undefined for other files. */
export function logFileZxid(name: string): Zxid | undefined {
  if (!name.startsWith(LOG_PREFIX)) return undefined;
  const hex = name.slice(LOG_PREFIX.length);
  return /^[0-9a-f]+$/.test(hex) ? parseInt(hex, 16) : undefined;
}

interface Segment {
  readonly file: string;
  readonly start: Zxid;
  zxids: Zxid[];
  /** Byte offset just after each record. */
  ends: number[];
}

export interface LogRecovery {
  txns: ZxidTxn[];
  /** Bytes cut from a torn or corrupt tail (and from segments deleted after it). */
  truncatedBytes: number;
}

export class TxnLog {
  private segments: Segment[] = [];
  private current: Segment | undefined;
  private readonly dirty = new Set<string>();
  /** Txns appended since the last roll (ZK: ZKDatabase.getTxnCount). */
  txnCount = 0;

  constructor(private readonly disk: NodeDisk) {}

  /** Reads the whole log from disk, repairing a damaged tail; returns every valid txn. */
  recover(): LogRecovery {
    this.segments = [];
    this.current = undefined;
    this.dirty.clear();
    this.txnCount = 0;
    const txns: ZxidTxn[] = [];
    let truncatedBytes = 0;
    let broken = false;
    const files = this.disk.list(LOG_PREFIX).filter((f) => logFileZxid(f) !== undefined)
      .sort((a, b) => logFileZxid(a)! - logFileZxid(b)!);
    for (const file of files) {
      const size = this.disk.size(file);
      if (broken) {
        truncatedBytes += size;
        this.disk.delete(file);
        continue;
      }
      const decoded = decodeRecords<ZxidTxn>(this.disk.read(file));
      const seg: Segment = { file, start: logFileZxid(file)!, zxids: [], ends: [] };
      let end = 0;
      for (const r of decoded.records) {
        const last = txns[txns.length - 1];
        if (!isZxidTxn(r) || (last !== undefined && r.zxid <= last.zxid)) { broken = true; break; }
        end += encodeRecord(r).length;
        seg.zxids.push(r.zxid);
        seg.ends.push(end);
        txns.push({ zxid: r.zxid, txn: r.txn });
      }
      if (decoded.damagedTail || broken || end < size) {
        broken = true;
        truncatedBytes += size - end;
        this.disk.truncate(file, end);
        // Durable before anything appended later (fsyncs complete in order), or a crash would
        // bring the damaged tail back in front of newer segments.
        this.disk.fsync(file, TRUNCATE_FSYNC_TAG);
      }
      if (seg.zxids.length === 0) this.disk.delete(file);
      else this.segments.push(seg);
    }
    return { txns, truncatedBytes };
  }

  lastLoggedZxid(): Zxid {
    const seg = this.segments[this.segments.length - 1];
    return seg ? seg.zxids[seg.zxids.length - 1]! : 0;
  }

  /**
   * Appends one txn (visible at once, durable after a flush). ZK: FileTxnLog.append, which
   * warns about a zxid not above the last one and appends it anyway; we skip it, so the log
   * stays strictly increasing (it is the same txn: one leader per epoch). False if skipped.
   */
  append(t: ZxidTxn): boolean {
    if (t.zxid <= this.lastLoggedZxid()) return false;
    if (!this.current) {
      this.current = { file: logFileName(t.zxid), start: t.zxid, zxids: [], ends: [] };
      this.segments.push(this.current);
    }
    const bytes = encodedTxn(t);
    const seg = this.current;
    this.disk.append(seg.file, bytes);
    seg.zxids.push(t.zxid);
    seg.ends.push((seg.ends[seg.ends.length - 1] ?? 0) + bytes.length);
    this.dirty.add(seg.file);
    this.txnCount++;
    return true;
  }

  /** ZK: FileTxnLog.rollLog — the next append starts a new segment. */
  roll(): void {
    this.current = undefined;
    this.txnCount = 0;
  }

  /** Segments written since the last call: what a flush (ZK: FileTxnLog.commit) must fsync. */
  takeDirty(): string[] {
    const files = [...this.dirty].filter((f) => this.disk.exists(f));
    this.dirty.clear();
    return files;
  }

  /** ZK: FileTxnLog.truncate — drops every txn above `zxid`; returns their zxids. */
  truncate(zxid: Zxid): Zxid[] {
    const dropped: Zxid[] = [];
    const kept: Segment[] = [];
    for (const seg of this.segments) {
      const keep = seg.zxids.filter((z) => z <= zxid).length;
      dropped.push(...seg.zxids.slice(keep));
      if (keep === 0) {
        this.disk.delete(seg.file);
        this.dirty.delete(seg.file);
        continue;
      }
      if (keep < seg.zxids.length) {
        this.disk.truncate(seg.file, seg.ends[keep - 1]!);
        // Durable before anything appended later can be (the device completes fsyncs in order).
        this.disk.fsync(seg.file, TRUNCATE_FSYNC_TAG);
        seg.zxids = seg.zxids.slice(0, keep);
        seg.ends = seg.ends.slice(0, keep);
      }
      kept.push(seg);
    }
    this.segments = kept;
    this.current = undefined;
    return dropped;
  }

  /**
   * ZK: FileTxnLog.read(zxid) + getStorageSize, as ZKDatabase.getProposalsFromTxnLog uses
   * them: the segments from the last one starting at or before `zxid` on, and the txns from
   * `zxid` on. Undefined when the log does not hold `zxid` itself (its first txn at or
   * after `zxid` is later, or there is none): then it cannot say what follows `zxid`.
   */
  readFrom(zxid: Zxid): { txns: ZxidTxn[]; storageBytes: number } | undefined {
    let first = 0;
    this.segments.forEach((s, i) => { if (s.start <= zxid) first = i; });
    const segs = this.segments.slice(first);
    const txns: ZxidTxn[] = [];
    let storageBytes = 0;
    for (const s of segs) {
      storageBytes += this.disk.size(s.file);
      for (const r of this.recordsFrom(s, countUpTo(s.zxids, zxid - 1))) txns.push({ zxid: r.zxid, txn: r.txn });
    }
    if (txns.length === 0 || txns[0]!.zxid !== zxid) return undefined;
    return { txns, storageBytes };
  }

  /** Every logged txn above `zxid`, read back from disk (ZK: FileTxnSnapLog.fastForwardFromEdits). */
  txnsAfter(zxid: Zxid): ZxidTxn[] {
    const out: ZxidTxn[] = [];
    for (const s of this.segments) {
      if (s.zxids[s.zxids.length - 1]! <= zxid) continue;
      for (const r of this.recordsFrom(s, countUpTo(s.zxids, zxid))) out.push({ zxid: r.zxid, txn: r.txn });
    }
    return out;
  }

  /**
   * The segment's records from the k-th on, decoded from that record's offset only: a
   * fast-forward after every lost connection wants the last few txns, not the segment.
   */
  private recordsFrom(s: Segment, k: number): ZxidTxn[] {
    const data = this.disk.read(s.file);
    if (!data) return [];
    return decodeRecords<ZxidTxn>(data.subarray(k > 0 ? s.ends[k - 1]! : 0)).records;
  }

  files(): string[] {
    return this.segments.map((s) => s.file);
  }
}

/**
 * Every server logs the very txn object the leader proposed: encode it once. (The disk
 * copies what it is given, so sharing the bytes between servers is safe.)
 */
const encoded = new WeakMap<object, { zxid: Zxid; bytes: Uint8Array }>();
function encodedTxn(t: ZxidTxn): Uint8Array {
  const hit = encoded.get(t.txn);
  if (hit && hit.zxid === t.zxid) return hit.bytes;
  const bytes = encodeRecord({ zxid: t.zxid, txn: t.txn });
  encoded.set(t.txn, { zxid: t.zxid, bytes });
  return bytes;
}

function isZxidTxn(r: unknown): r is ZxidTxn {
  const o = r as Partial<ZxidTxn> | null;
  return !!o && typeof o.zxid === 'number' && Number.isSafeInteger(o.zxid) && o.zxid > 0 && !!o.txn && typeof o.txn.type === 'string';
}
