// Virtual disks: reads see the latest writes, a crash rolls every file back to its last
// completed fsync (renames and deletes are durable at once), torn writes keep a strict
// prefix of the first unsynced write; and through Sim/NodeHost: fsync latency and order,
// crash discarding pending syncs, restart recovering durable data, per-node isolation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Disk } from '../../engine/disk/disk.ts';
import { Random } from '../../engine/kernel/random.ts';
import { Lab, check, runs } from '../sim/harness.ts';

const NAMES = ['a', 'b', 'c'] as const;
const bytes = (...xs: number[]) => Uint8Array.from(xs);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

type Op =
  | { kind: 'append' | 'write'; f: number; data: number[] }
  | { kind: 'truncate'; f: number; frac: number }
  | { kind: 'rename'; f: number; g: number }
  | { kind: 'delete'; f: number }
  | { kind: 'fsync'; f: number }
  | { kind: 'synced' }
  | { kind: 'crash' };

const fileArb = fc.nat({ max: NAMES.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('append' as const), f: fileArb, data: fc.array(fc.nat({ max: 255 }), { maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write' as const), f: fileArb, data: fc.array(fc.nat({ max: 255 }), { maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), f: fileArb, frac: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), f: fileArb, g: fileArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), f: fileArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fsync' as const), f: fileArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('synced' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const) }) },
);

/**
 * The reference: a file is an inode (renames move it, deletes unlink it); each inode has
 * live content and durable content; an fsync captures the live content when issued and
 * makes it the inode's durable content when it completes (in issue order, one device).
 * `ends` are the offsets where each write ended (the chunks a torn write can split).
 */
interface RefInode { live: number[]; ends: number[]; durable: number[]; durableEnds: number[] }
class RefDisk {
  names = new Map<string, RefInode>();
  pending: { inode: RefInode; content: number[]; ends: number[] }[] = [];

  file(name: string): RefInode {
    let f = this.names.get(name);
    if (!f) this.names.set(name, (f = { live: [], ends: [], durable: [], durableEnds: [] }));
    return f;
  }
}

/** Applies `op` to both; returns a description of the op actually done (for messages). */
function apply(op: Op, disk: Disk, ref: RefDisk, pending: { name: string; point: ReturnType<Disk['syncPoint']> }[], rng: Random | undefined): string {
  const name = 'f' in op ? NAMES[op.f]! : '';
  switch (op.kind) {
    case 'append': {
      disk.append(name, Uint8Array.from(op.data));
      const f = ref.file(name);
      f.live = [...f.live, ...op.data];
      f.ends = [...f.ends, f.live.length];
      return `append(${name}, ${op.data.length})`;
    }
    case 'write': {
      disk.write(name, Uint8Array.from(op.data));
      const f = ref.file(name);
      f.live = [...op.data];
      f.ends = [op.data.length];
      return `write(${name}, ${op.data.length})`;
    }
    case 'truncate': {
      const f = ref.names.get(name);
      if (!f) return 'skip';
      const len = Math.floor(op.frac * f.live.length);
      disk.truncate(name, len);
      f.live = f.live.slice(0, len);
      f.ends = [...f.ends.filter((e) => e < len), ...(len > 0 ? [len] : [])];
      return `truncate(${name}, ${len})`;
    }
    case 'rename': {
      const to = NAMES[op.g]!;
      const f = ref.names.get(name);
      if (!f) return 'skip';
      disk.rename(name, to);
      ref.names.delete(name);
      ref.names.set(to, f);
      return `rename(${name}, ${to})`;
    }
    case 'delete':
      disk.delete(name);
      ref.names.delete(name);
      return `delete(${name})`;
    case 'fsync': {
      pending.push({ name, point: disk.syncPoint(name) });
      const f = ref.names.get(name);
      if (f) ref.pending.push({ inode: f, content: f.live, ends: f.ends });
      else ref.pending.push({ inode: { live: [], ends: [], durable: [], durableEnds: [] }, content: [], ends: [] });
      return `fsync(${name})`;
    }
    case 'synced': {
      const p = pending.shift();
      const r = ref.pending.shift();
      if (!p || !r) return 'skip';
      if (p.point) disk.commitSync(p.point);
      r.inode.durable = r.content;
      r.inode.durableEnds = r.ends;
      return `synced(${p.name})`;
    }
    case 'crash':
      pending.length = 0;
      ref.pending = [];
      disk.crash(rng);
      return 'crash';
  }
}

function runDiskProperty(torn: boolean) {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60, size: 'large' }), fc.string({ maxLength: 4 }), (ops, seed) => {
      const disk = new Disk(1);
      const ref = new RefDisk();
      const pending: { name: string; point: ReturnType<Disk['syncPoint']> }[] = [];
      const rng = torn ? new Random('disk', seed) : undefined;
      const done: string[] = [];
      for (const op of ops) {
        // Before a crash, remember the live state the torn check compares with.
        const before = new Map([...ref.names].map(([n, f]) => [n, { live: f.live, ends: f.ends }]));
        done.push(apply(op, disk, ref, pending, rng));
        const where = `after ${done.join('; ')}`;
        check(disk.list().join() === [...ref.names.keys()].sort().join(), `files [${disk.list().join()}] != [${[...ref.names.keys()].sort().join()}] ${where}`);
        for (const [name, f] of ref.names) {
          if (op.kind === 'crash') {
            const got = [...disk.read(name)!];
            const b = before.get(name)!;
            const d = f.durable;
            const isDurable = got.join() === d.join();
            if (!torn || isDurable) {
              check(isDurable, `${name}: [${got.join()}] after crash, durable is [${d.join()}] ${where}`);
            } else {
              // Torn: durable + a non-empty strict prefix of the first unsynced write.
              const startsDurable = b.live.slice(0, d.length).join() === d.join();
              const end = b.ends.find((e) => e > d.length) ?? b.live.length;
              const extra = got.length - d.length;
              check(startsDurable && extra >= 1 && extra < end - d.length && got.join() === b.live.slice(0, got.length).join(),
                `${name}: torn content [${got.join()}] is not durable [${d.join()}] + a strict prefix of [${b.live.slice(d.length, end).join()}] ${where}`);
              // What survived is now the durable content, and the write boundary too.
              f.durable = got;
              f.durableEnds = [...f.durableEnds.filter((e) => e < got.length), got.length];
            }
            f.live = f.durable;
            f.ends = f.durableEnds;
          }
          const got = disk.read(name);
          check(got !== undefined && [...got].join() === f.live.join(), `${name}: read [${got ? [...got].join() : 'missing'}], wrote [${f.live.join()}] ${where}`);
          check(disk.size(name) === f.live.length, `${name}: size ${disk.size(name)} != ${f.live.length} ${where}`);
          check(disk.exists(name), `${name} should exist ${where}`);
        }
        for (const n of NAMES) if (!ref.names.has(n)) check(!disk.exists(n) && disk.read(n) === undefined, `${n} should not exist ${where}`);
      }
      // Finally a crash: everything is exactly durable (no torn writes).
      disk.crash(undefined);
      for (const [name, f] of ref.names) {
        check([...disk.read(name)!].join() === f.durable.join(), `${name}: final crash gave [${[...disk.read(name)!].join()}], durable [${f.durable.join()}] after ${done.join('; ')}`);
      }
    }),
    { numRuns: runs(400) },
  );
}

describe('Disk (unit, against a reference model)', () => {
  it('reads see the latest writes; a crash restores each file to its last completed fsync (property)', () => {
    runDiskProperty(false);
  });

  it('torn mode keeps durable content plus a strict prefix of the first unsynced write (property)', () => {
    runDiskProperty(true);
  });

  it('a file written after a crash loses that write in the next crash', () => {
    const d = new Disk(1);
    d.append('log', text('ab'));
    const p = d.syncPoint('log')!;
    d.commitSync(p);
    d.append('log', text('cd'));
    d.crash(undefined);
    expect(str(d.read('log'))).toBe('ab');
    d.append('log', text('XY')); // never synced
    d.crash(undefined);
    expect(str(d.read('log'))).toBe('ab');
  });

  it('a never-synced file can be written again after a crash', () => {
    const d = new Disk(1);
    d.append('f', text('lost'));
    d.crash(undefined);
    expect(str(d.read('f'))).toBe('');
    d.append('f', text('again'));
    expect(str(d.read('f'))).toBe('again');
    d.crash(undefined);
    expect(str(d.read('f'))).toBe('');
    // Other disks are not affected by what happened to this one.
    const other = new Disk(2);
    other.append('g', text('x'));
    other.crash(undefined);
    expect(str(other.read('g'))).toBe('');
  });

  it('renames and deletes are durable at once', () => {
    const d = new Disk(1);
    d.write('tmp', text('epoch=5'));
    d.commitSync(d.syncPoint('tmp')!);
    d.rename('tmp', 'currentEpoch');
    d.write('gone', text('x'));
    d.commitSync(d.syncPoint('gone')!);
    d.delete('gone');
    d.crash(undefined);
    expect(d.list()).toEqual(['currentEpoch']);
    expect(str(d.read('currentEpoch'))).toBe('epoch=5');
  });

  it('an fsync makes durable what was written before it was issued, not after', () => {
    const d = new Disk(1);
    d.append('log', text('a'));
    const p = d.syncPoint('log')!;
    d.append('log', text('b'));
    d.commitSync(p);
    expect(d.unsyncedBytes('log')).toBe(1);
    d.crash(undefined);
    expect(str(d.read('log'))).toBe('a');
  });

  it('an fsync completing after a rename makes the renamed file durable (it syncs the file, not the name)', () => {
    const d = new Disk(1);
    d.write('snap.tmp', text('data'));
    const p = d.syncPoint('snap.tmp')!;
    d.rename('snap.tmp', 'snap');
    d.commitSync(p);
    d.crash(undefined);
    expect(str(d.read('snap'))).toBe('data');
  });

  it('an fsync of a deleted file never makes another file of the same name durable', () => {
    const d = new Disk(1);
    d.write('f', text('old'));
    const p = d.syncPoint('f')!;
    d.delete('f');
    d.write('f', text('new'));
    d.commitSync(p);
    d.crash(undefined);
    expect(str(d.read('f'))).toBe('');
  });

  it('truncate validates its arguments', () => {
    const d = new Disk(1);
    expect(() => d.truncate('nope', 0)).toThrow();
    d.write('f', bytes(1, 2, 3));
    expect(() => d.truncate('f', 4)).toThrow();
    expect(() => d.truncate('f', -1)).toThrow();
    expect(() => d.rename('nope', 'x')).toThrow();
  });

  it('reads return copies: mutating them or the written buffer changes nothing', () => {
    const d = new Disk(1);
    const buf = bytes(1, 2, 3);
    d.append('f', buf);
    buf[0] = 9;
    const r = d.read('f')!;
    r[1] = 9;
    expect([...d.read('f')!]).toEqual([1, 2, 3]);
  });
});

describe('Disk through NodeHost', () => {
  it('fsync completes after the configured latency (plus the fault-injected extra)', () => {
    const lab = new Lab({ seed: 1, fsyncLatency: { kind: 'fixed', us: 700 } }, [1]);
    const ctx = lab.ctx(1);
    lab.sim.kernel.runUntilTime(1_000);
    ctx.disk.append('log', text('x'));
    ctx.disk.fsync('log', 'one');
    lab.sim.node(1).fsyncExtraUs = 5_000;
    lab.sim.kernel.runUntilTime(2_000);
    ctx.disk.fsync('log', 'two');
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('synced').map((e) => [e.tag, e.t])).toEqual([['one', 1_700], ['two', 7_700]]);
  });

  it('fsyncs on one node complete in issue order, each no sooner than the minimum latency (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.array(fc.nat({ max: 3_000 }), { minLength: 1, maxLength: 40 }), (seed, gaps) => {
        const lab = new Lab({ seed, fsyncLatency: { kind: 'uniform', minUs: 100, maxUs: 5_000 } }, [1, 2]);
        const issued: { tag: string; t: number }[] = [];
        let t = 0;
        gaps.forEach((g, i) => {
          t += g;
          lab.sim.kernel.at(t, () => {
            const node = i % 3 === 0 ? 2 : 1;
            lab.ctx(node).disk.append(`f${i % 2}`, bytes(i));
            lab.ctx(node).disk.fsync(`f${i % 2}`, `${node}:${i}`);
            issued.push({ tag: `${node}:${i}`, t: lab.sim.now });
          });
        });
        lab.sim.kernel.runUntilTime(t + 1_000_000);
        for (const node of [1, 2]) {
          const want = issued.filter((x) => x.tag.startsWith(`${node}:`)).map((x) => x.tag);
          expect(lab.of('synced', node).map((e) => e.tag)).toEqual(want);
        }
        for (const e of lab.of('synced')) {
          const at = issued.find((x) => x.tag === e.tag)!.t;
          check(e.t >= at + 100, `${e.tag} issued at ${at} synced at ${e.t}`);
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('onSynced does not fire after a crash, and the unsynced data is gone', () => {
    const lab = new Lab({ seed: 2, fsyncLatency: { kind: 'fixed', us: 1_000 } }, [1]);
    lab.ctx(1).disk.append('log', text('durable'));
    lab.ctx(1).disk.fsync('log', 'first');
    lab.sim.kernel.runUntilTime(2_000);
    lab.ctx(1).disk.append('log', text('+pending'));
    lab.ctx(1).disk.fsync('log', 'second');
    lab.sim.kernel.runUntilTime(2_500);
    lab.crash(1);
    lab.sim.restart(1);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('synced').map((e) => [e.tag, e.inc])).toEqual([['first', 1]]);
    expect(str(lab.ctx(1).disk.read('log'))).toBe('durable');
    expect(lab.stale).toEqual([]);
  });

  it("a restarted node's process sees only durable data", () => {
    const lab = new Lab({ seed: 3, fsyncLatency: { kind: 'fixed', us: 500 } }, [1]);
    const seenAtStart: Record<number, string[]> = {};
    lab.hooks.set(1, {
      start: (ctx, p) => {
        seenAtStart[p.inc] = ctx.disk.list().map((f) => `${f}=${str(ctx.disk.read(f))}`);
      },
    });
    lab.sim.crash(1);
    lab.sim.restart(1); // incarnation 2 sees an empty disk
    const d = lab.ctx(1).disk;
    d.write('acceptedEpoch.tmp', text('3'));
    d.fsync('acceptedEpoch.tmp', 'epoch');
    d.append('log.1', text('p1;'));
    d.append('log.1', text('p2;'));
    d.fsync('log.1', 'log');
    lab.sim.kernel.runUntilTime(lab.sim.now + 1_000); // both synced
    d.rename('acceptedEpoch.tmp', 'acceptedEpoch');
    d.append('log.1', text('p3;')); // not synced
    d.write('scratch', text('never synced'));
    lab.crash(1);
    lab.sim.restart(1);
    expect(seenAtStart[2]).toEqual([]);
    expect(seenAtStart[3]).toEqual(['acceptedEpoch=3', 'log.1=p1;p2;', 'scratch=']);
  });

  it('a torn write on crash (tornWrites) keeps a strict prefix of the first unsynced append', () => {
    let tornSeen = false;
    for (let seed = 0; seed < 20; seed++) {
      const lab = new Lab({ seed, tornWrites: true, fsyncLatency: { kind: 'fixed', us: 100 } }, [1]);
      const d = lab.ctx(1).disk;
      d.append('log', text('SYNCED'));
      d.fsync('log', 's');
      lab.sim.kernel.runUntilTime(1_000);
      d.append('log', text('abcdefgh'));
      d.append('log', text('ijkl'));
      lab.crash(1);
      const got = str(d.read('log'))!;
      expect(got.startsWith('SYNCED')).toBe(true);
      const extra = got.slice('SYNCED'.length);
      expect('abcdefgh'.startsWith(extra) && extra.length < 8).toBe(true);
      if (extra.length > 0) tornSeen = true;
    }
    expect(tornSeen).toBe(true);
  });

  it('nodes never see each other\'s files', () => {
    const lab = new Lab({ seed: 4 }, [1, 2]);
    lab.ctx(1).disk.write('myid', text('1'));
    lab.ctx(1).disk.fsync('myid', 'm');
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.ctx(2).disk.exists('myid')).toBe(false);
    expect(lab.ctx(2).disk.list()).toEqual([]);
    expect(lab.ctx(2).disk.read('myid')).toBeUndefined();
    lab.ctx(2).disk.write('myid', text('2'));
    expect(str(lab.ctx(1).disk.read('myid'))).toBe('1');
    lab.crash(2);
    expect(str(lab.ctx(1).disk.read('myid'))).toBe('1');
    expect(lab.ctx(1).disk.list()).toEqual(['myid']);
  });
});
