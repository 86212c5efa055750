// A server's start (ZK 3.8: QuorumPeer.loadDataBase): epoch files a first start writes
// are durable (fsync, then rename) before the election begins, a currentEpoch older than
// the last zxid's epoch is repaired from a leftover currentEpoch.tmp or refused, and a file
// that holds no number stops the server.
import { describe, expect, it } from 'vitest';
import type { Disk } from '../../../engine/disk/disk.ts';
import { Sim } from '../../../engine/sim/sim.ts';
import { RecordingSink, type TraceEvent } from '../../../engine/trace/sink.ts';
import { parseZooCfg } from '../../../engine/zk/config/zooCfg.ts';
import { QuorumPeer } from '../../../engine/zk/peer/quorumPeer.ts';
import { seedServerDisk } from '../../../engine/zk/peer/seed.ts';
import { zxid } from '../../../engine/zk/zxid.ts';

const CFG = 'tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n';
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Server 1 of three, alone (the others never start), its disk prepared by `setup`. */
function boot(setup: (disk: Disk) => void = () => {}) {
  const parsed = parseZooCfg(CFG);
  if (!parsed.ok) throw new Error('bad test config');
  const sink = new RecordingSink({ keep: true });
  const sim = new Sim({ seed: 1, sink, net: { refuseWhenDown: true } });
  let peer!: QuorumPeer;
  for (const sid of [1, 2, 3]) sim.addNode(sid, () => (peer = new QuorumPeer(sid, { config: parsed.config })));
  setup(sim.node(1).storage);
  sim.start(1);
  sim.kernel.runUntilTime(50_000);
  const of = (e: string): TraceEvent[] => sink.events!.filter((x) => x.e === e && x['node'] === 1);
  const file = (name: string) => { const d = sim.node(1).storage.read(name); return d ? dec.decode(d) : undefined; };
  return { peer, of, file, events: sink.events!.filter((x) => x['node'] === 1) };
}

/** Writes a durable file, as a disk that survived a crash holds it. */
function durable(disk: Disk, name: string, text: string): void {
  disk.write(name, enc.encode(text));
  disk.commitSync(disk.syncPoint(name)!);
}

describe('first start', () => {
  it('writes both epoch files durably (fsync before rename) before it starts electing', () => {
    const r = boot();
    const seq = r.events.filter((e) => e.e === 'disk.fsync' || (e.e === 'disk.write' && e['op'] === 'rename') || e.e === 'zk.state')
      .map((e) => (e.e === 'zk.state' ? `state:${e['state']}` : `${e['op'] ?? 'fsync'}:${e['file']}`));
    const at = (s: string) => seq.indexOf(s);
    expect(at('fsync:currentEpoch.tmp')).toBeGreaterThanOrEqual(0);
    expect(at('fsync:currentEpoch.tmp')).toBeLessThan(at('rename:currentEpoch.tmp>currentEpoch'));
    expect(at('rename:currentEpoch.tmp>currentEpoch')).toBeLessThan(at('fsync:acceptedEpoch.tmp'));
    expect(at('fsync:acceptedEpoch.tmp')).toBeLessThan(at('rename:acceptedEpoch.tmp>acceptedEpoch'));
    expect(at('rename:acceptedEpoch.tmp>acceptedEpoch')).toBeLessThan(at('state:LOOKING'));
    const fsyncs = r.of('disk.fsync').filter((e) => String(e['file']).endsWith('Epoch.tmp'));
    expect(r.of('zk.state')[0]!.t).toBe(fsyncs.at(-1)!.t); // the start waited for the second fsync
    expect(r.of('zk.state')[0]!.t).toBeGreaterThan(0);
    expect([r.file('currentEpoch'), r.file('acceptedEpoch')]).toEqual(['0', '0']);
    expect(r.of('zk.recover')[0]).toMatchObject({ acceptedEpoch: 0, currentEpoch: 0, lastZxid: 0 });
  });

  it('refuses election connections until it has started', () => {
    const parsed = parseZooCfg(CFG);
    if (!parsed.ok) throw new Error('bad test config');
    const sink = new RecordingSink({ keep: true });
    // Slow disks: server 1's two boot fsyncs take 600 ms, while server 3 (files present) dials it.
    const sim = new Sim({ seed: 1, sink, net: { refuseWhenDown: true }, fsyncLatency: { kind: 'fixed', us: 300_000 } });
    for (const sid of [1, 2, 3]) sim.addNode(sid, () => new QuorumPeer(sid, { config: parsed.config }));
    seedServerDisk(sim.node(3).storage, { currentEpoch: 0, acceptedEpoch: 0 }); // 3 has its files: it starts at once
    sim.start(3);
    sim.start(1);
    sim.kernel.runUntilTime(2_000_000);
    const firstLooking = sink.events!.find((e) => e.e === 'zk.state' && e['node'] === 1)!.t;
    expect(firstLooking).toBe(600_000);
    const dials = sink.events!.filter((e) => e.e === 'net.connectFail' && e['from'] === 3 && e['to'] === 1);
    expect(dials.length).toBeGreaterThan(0);
    expect(dials.every((e) => e['reason'] === 'refused' && e.t < firstLooking)).toBe(true);
    expect(sink.events!.filter((e) => e.e === 'net.accept' && e['to'] === 1).every((e) => e.t >= firstLooking)).toBe(true);
  });
});

describe('restart with epoch files', () => {
  it('reads them and starts at once, writing nothing', () => {
    const r = boot((d) => seedServerDisk(d, { lastZxid: zxid(2, 3), currentEpoch: 2, acceptedEpoch: 3 }));
    expect(r.of('zk.recover')[0]).toMatchObject({ acceptedEpoch: 3, currentEpoch: 2, lastZxid: zxid(2, 3) });
    expect(r.of('zk.state')[0]!.t).toBe(0);
    expect(r.of('disk.fsync').filter((e) => String(e['file']).includes('Epoch'))).toEqual([]);
  });

  it('a currentEpoch older than the last zxid is repaired from currentEpoch.tmp (a write a crash cut short)', () => {
    const r = boot((d) => {
      seedServerDisk(d, { lastZxid: zxid(2, 3), currentEpoch: 1, acceptedEpoch: 2 });
      durable(d, 'currentEpoch.tmp', '2');
    });
    expect(r.peer.refused).toBeUndefined();
    expect(r.of('zk.recover')[0]).toMatchObject({ currentEpoch: 2, acceptedEpoch: 2 });
    expect(r.file('currentEpoch')).toBe('2');
    expect(r.file('currentEpoch.tmp')).toBeUndefined();
    expect(r.of('zk.state')[0]!.t).toBeGreaterThan(0); // after the rewrite's fsync
  });

  it.each([
    ['no currentEpoch.tmp', () => {}, "the current epoch, 1, is older than the last zxid's epoch, 2"],
    ['an empty currentEpoch.tmp (created, never synced)', (d: Disk) => durable(d, 'currentEpoch.tmp', ''), 'found null in currentEpoch.tmp'],
  ])('a currentEpoch older than the last zxid with %s is refused', (_what, tmp, refusal) => {
    const r = boot((d) => {
      seedServerDisk(d, { lastZxid: zxid(2, 3), currentEpoch: 1, acceptedEpoch: 2 });
      tmp(d);
    });
    expect(r.peer.refused).toBe(refusal);
    expect(r.of('zk.refuse').map((e) => e['reason'])).toEqual([refusal]);
    expect(r.of('zk.state')).toEqual([]);
  });

  it.each([
    ['currentEpoch', 'x1', 'found "x1" in currentEpoch'],
    ['currentEpoch', '', 'found null in currentEpoch'],
    ['acceptedEpoch', '1.5', 'found "1.5" in acceptedEpoch'],
  ])('a %s holding %j stops the server', (file, text, refusal) => {
    const r = boot((d) => {
      seedServerDisk(d, { currentEpoch: 1, acceptedEpoch: 1 });
      durable(d, file, text);
    });
    expect(r.peer.refused).toBe(refusal);
    expect(r.of('zk.state')).toEqual([]);
  });

  it('an acceptedEpoch below currentEpoch is refused', () => {
    const r = boot((d) => seedServerDisk(d, { currentEpoch: 3, acceptedEpoch: 2 }));
    expect(r.peer.refused).toBe('the accepted epoch, 2, is less than the current epoch, 3');
  });
});
