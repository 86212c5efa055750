// Persistence and crash recovery (ZK 3.8: FileTxnSnapLog.restore, SyncRequestProcessor,
// FileTxnLog.truncate): a restart rebuilds the state from the newest valid snapshot plus
// every logged txn above it; what was not fsynced is gone; a torn or corrupt log tail is cut
// off; group commit; TRUNC; the on-disk log DIFF's size limit.
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../../engine/zk/persistence/records.ts';
import { snapshotFiles } from '../../../engine/zk/persistence/snapshots.ts';
import { logFileName } from '../../../engine/zk/persistence/txnLog.ts';
import { zxid } from '../../../engine/zk/zxid.ts';
import { rig } from './harness.ts';

const slowDisk = { fsyncLatency: { kind: 'fixed' as const, us: 10_000 } };

describe('recovery from disk', () => {
  it('an empty disk starts at zxid 0 and writes snapshot.0', () => {
    const r = rig();
    expect(r.last('zab.recovered')).toMatchObject({ cause: 'restart', snapshotZxid: 0, replayed: 0, lastZxid: 0 });
    expect(snapshotFiles(r.p.ctx.disk)).toEqual(['snapshot.0']);
  });

  it('replays every logged txn: same zxid, same digest', () => {
    const r = rig();
    for (let c = 1; c <= 10; c++) r.p.write(1, c);
    r.runMs(50);
    const digest = r.p.db.state.digest();
    r.restart();
    expect(r.last('zab.recovered')).toMatchObject({ cause: 'restart', snapshotZxid: 0, replayed: 10, lastZxid: zxid(1, 10), digest });
    expect(r.p.db.committedLog.map((t) => t.zxid)).toEqual(Array.from({ length: 10 }, (_, i) => zxid(1, i + 1)));
    expect(r.events('zab.apply').filter((e) => e.via === 'replay')).toHaveLength(10);
  });

  it('starts from the newest valid snapshot and replays only the txns above it', () => {
    const r = rig({ snapCount: 4 });
    for (let c = 1; c <= 12; c++) {
      r.p.write(1, c);
      r.runMs(5);
    }
    r.runMs(50);
    const digest = r.p.db.state.digest();
    const snaps = r.events('zab.snapshot').map((e) => e.zxid as number);
    expect(snaps.length).toBeGreaterThan(1);
    expect(r.p.ctx.disk.list('log.').length).toBeGreaterThan(1); // the log rolls at each snapshot
    r.restart();
    const rec = r.last('zab.recovered')!;
    expect(rec.snapshotZxid).toBe(Math.max(...snaps));
    expect(rec.replayed).toBe(zxid(1, 12) - (rec.snapshotZxid as number));
    expect(rec).toMatchObject({ lastZxid: zxid(1, 12), digest });
  });

  it('a snapshot that does not decode is skipped for an older one', () => {
    const r = rig({ snapCount: 4 });
    for (let c = 1; c <= 8; c++) { r.p.write(1, c); r.runMs(5); }
    r.runMs(50);
    const digest = r.p.db.state.digest();
    const newest = snapshotFiles(r.p.ctx.disk)[0]!;
    r.sim.crash(1);
    r.host.storage.write(newest, new Uint8Array([1, 2, 3]));
    r.sim.restart(1);
    const rec = r.last('zab.recovered')!;
    expect(rec.snapshotZxid).toBeLessThan(parseInt(newest.slice('snapshot.'.length), 16));
    expect(rec).toMatchObject({ lastZxid: zxid(1, 8), digest });
  });

  it('what was not fsynced is gone after a crash', () => {
    const r = rig({ sim: slowDisk });
    for (let c = 1; c <= 3; c++) r.p.write(1, c);
    r.runMs(20);
    expect(r.p.durable).toEqual([zxid(1, 1), zxid(1, 2), zxid(1, 3)]);
    for (let c = 4; c <= 6; c++) r.p.write(1, c);
    r.runMs(5); // appended, fsync still under way
    expect(r.p.durable).toHaveLength(3);
    r.restart();
    expect(r.last('zab.recovered')).toMatchObject({ replayed: 3, lastZxid: zxid(1, 3), truncatedBytes: 0 });
  });

  it('a torn tail is cut off at the last whole record, and the log goes on from there', () => {
    const r = rig({ sim: { ...slowDisk, tornWrites: true } });
    for (let c = 1; c <= 3; c++) r.p.write(1, c);
    r.runMs(20);
    r.p.write(1, 4);
    r.runMs(5);
    r.restart();
    const rec = r.last('zab.recovered')!;
    expect(rec).toMatchObject({ lastZxid: zxid(1, 3), replayed: 3 });
    expect(rec.truncatedBytes).toBeGreaterThan(0);
    const log = r.p.ctx.disk.list('log.')[0]!;
    expect(r.p.ctx.disk.size(log)).toBe(3 * encodeRecord({ zxid: zxid(1, 1), txn: { type: 'set', key: 'k1', value: 'v1' } }).length);
    r.p.write(1, 4);
    r.runMs(20);
    r.restart();
    expect(r.last('zab.recovered')).toMatchObject({ lastZxid: zxid(1, 4), replayed: 4, truncatedBytes: 0 });
  });

  it('a corrupt record ends the log: that segment is cut there and later segments deleted', () => {
    const r = rig({ snapCount: 4 });
    for (let c = 1; c <= 10; c++) { r.p.write(1, c); r.runMs(5); }
    r.runMs(50);
    const segs = r.p.ctx.disk.list('log.');
    expect(segs.length).toBeGreaterThan(2);
    r.sim.crash(1);
    const first = segs[0]!;
    const bytes = r.host.storage.read(first)!;
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff; // inside the last record of the first segment
    r.host.storage.write(first, bytes);
    for (const f of snapshotFiles(r.p.ctx.disk)) if (f !== 'snapshot.0') r.host.storage.delete(f);
    r.sim.restart(1);
    const rec = r.last('zab.recovered')!;
    expect(rec.truncatedBytes).toBeGreaterThan(0);
    expect(r.p.ctx.disk.list('log.')).toEqual([first]);
    expect(rec.lastZxid as number).toBeLessThan(zxid(1, 10));
  });
});

describe('the SyncRequestProcessor', () => {
  it('group commit: txns queued together become durable with one flush, zab.logged after it', () => {
    const r = rig({ sim: slowDisk });
    for (let c = 1; c <= 5; c++) r.p.write(1, c);
    expect(r.events('zab.logged')).toEqual([]);
    r.runMs(5);
    expect(r.events('zab.logged')).toEqual([]);
    r.runMs(10);
    expect(r.events('zab.logged').map((e) => e.zxid)).toEqual([1, 2, 3, 4, 5].map((c) => zxid(1, c)));
    expect(r.events('disk.fsync').filter((e) => String(e.file).startsWith('log.'))).toHaveLength(1);
  });

  it('requests arriving during a flush wait for the next one', () => {
    const r = rig({ sim: slowDisk });
    r.p.write(1, 1);
    r.runMs(1);
    r.p.write(1, 2);
    r.p.write(1, 3);
    r.runMs(10);
    expect(r.p.durable).toEqual([zxid(1, 1)]);
    r.runMs(10);
    expect(r.p.durable).toEqual([zxid(1, 1), zxid(1, 2), zxid(1, 3)]);
  });

  it('names segments log.<hex zxid of their first txn>', () => {
    const r = rig({ snapCount: 4 });
    for (let c = 1; c <= 6; c++) { r.p.write(2, c); r.runMs(5); }
    const segs = r.p.ctx.disk.list('log.');
    expect(segs[0]).toBe(logFileName(zxid(2, 1)));
    expect(segs[0]).toBe('log.200000001');
  });
});

describe('TRUNC and the on-disk log', () => {
  it('truncate drops the txns above the zxid, later segments and newer snapshots, then reloads', () => {
    const r = rig({ snapCount: 4 });
    for (let c = 1; c <= 10; c++) { r.p.write(1, c); r.runMs(5); }
    r.runMs(50);
    const dropped = r.p.db.truncate(zxid(1, 3));
    expect(dropped).toEqual([4, 5, 6, 7, 8, 9, 10].map((c) => zxid(1, c)));
    expect(r.last('zab.trunc')).toMatchObject({ toZxid: zxid(1, 3), dropped });
    expect(r.last('zab.recovered')).toMatchObject({ cause: 'reload', lastZxid: zxid(1, 3) });
    for (const f of snapshotFiles(r.p.ctx.disk)) expect(parseInt(f.slice(9), 16)).toBeLessThanOrEqual(zxid(1, 3));
    r.runMs(50);
    r.restart();
    expect(r.last('zab.recovered')).toMatchObject({ lastZxid: zxid(1, 3) });
  });

  it('serves a DIFF from the log only if it holds the zxid and is small enough', () => {
    const r = rig();
    for (let c = 1; c <= 10; c++) r.p.write(1, c);
    r.runMs(20);
    const db = r.p.db;
    expect(db.proposalsFromTxnLog(zxid(1, 4), 0).map((t) => t.zxid)).toEqual([4, 5, 6, 7, 8, 9, 10].map((c) => zxid(1, c)));
    expect(db.proposalsFromTxnLog(0, 0)).toEqual([]); // the log does not hold zxid 0
    expect(db.proposalsFromTxnLog(zxid(1, 4), 10)).toEqual([]); // larger than the limit
    expect(db.proposalsFromTxnLog(zxid(1, 4), -1)).toEqual([]);
    expect(db.txnLogSizeLimit()).toBe(Math.floor(r.p.ctx.disk.size('snapshot.0') * 0.33));
  });
});
