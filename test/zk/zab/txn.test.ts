// The replicated state until the data tree exists (txn/digestState.ts) and the workload:
// the digest chains every txn in order, snapshots restore to the same digest, FNV-1a is the
// standard function, and the workload draws only from the `workload` stream.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../engine/kernel/kernel.ts';
import { canonicalJson } from '../../../engine/trace/canonicalJson.ts';
import { fnv1a, hex32 } from '../../../engine/zk/txn/fnv.ts';
import { DigestState } from '../../../engine/zk/txn/digestState.ts';
import type { ClientWrite } from '../../../engine/zk/txn/types.ts';
import { scheduleWorkload, validateWorkload } from '../../../engine/zk/txn/workload.ts';
import { zxid } from '../../../engine/zk/zxid.ts';

const set = (k: string, v: string) => ({ type: 'set', key: k, value: v });

describe('DigestState', () => {
  it('FNV-1a 32 matches the published test vectors', () => {
    expect(hex32(fnv1a(''))).toBe('811c9dc5');
    expect(hex32(fnv1a('a'))).toBe('e40c292c');
    expect(hex32(fnv1a('foobar'))).toBe('bf9cf968');
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
  });

  it('the digest depends on every txn, its zxid and the order', () => {
    const a = new DigestState(), b = new DigestState(), c = new DigestState(), d = new DigestState();
    a.apply(zxid(1, 1), set('x', '1')); a.apply(zxid(1, 2), set('y', '2'));
    b.apply(zxid(1, 1), set('x', '1')); b.apply(zxid(1, 2), set('y', '2'));
    c.apply(zxid(1, 1), set('y', '2')); c.apply(zxid(1, 2), set('x', '1'));
    d.apply(zxid(1, 1), set('x', '1')); d.apply(zxid(2, 1), set('y', '2'));
    expect(a.digest()).toBe(b.digest());
    expect(c.digest()).not.toBe(a.digest()); // same final map, different history
    expect(d.digest()).not.toBe(a.digest());
  });

  it('an error txn changes nothing but the chain', () => {
    const s = new DigestState();
    s.apply(zxid(1, 1), set('x', '1'));
    const before = s.snapshot().data;
    const d = s.digest();
    s.apply(zxid(1, 2), { type: 'error', err: -110, op: 'create' });
    expect(s.snapshot().data).toEqual(before);
    expect(s.digest()).not.toBe(d);
  });

  it('restore(snapshot()) keeps the digest, and both go on identically', () => {
    const s = new DigestState();
    for (let i = 1; i <= 5; i++) s.apply(zxid(1, i), set(`k${i % 2}`, String(i)));
    const r = new DigestState();
    r.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(r.digest()).toBe(s.digest());
    s.apply(zxid(1, 6), set('z', '6'));
    r.apply(zxid(1, 6), set('z', '6'));
    expect(r.digest()).toBe(s.digest());
    expect(() => r.restore({ nope: true })).toThrow(/malformed/);
  });
});

describe('workload', () => {
  function writes(seed: string, spec = { ratePerSec: 100, untilMs: 1_000, createPercent: 20 }) {
    const k = new Kernel({ seed });
    const got: [number, number, ClientWrite][] = [];
    scheduleWorkload(k, spec, [1, 2, 3], (sid) => ({ submitWrite: (w) => { got.push([k.now, sid, w]); return true; }, submitSync: () => true }));
    k.runUntilTime(2_000_000);
    return got;
  }

  it('is the same for the same seed and stays within its window', () => {
    const a = writes('7');
    expect(writes('7')).toEqual(a);
    expect(writes('8')).not.toEqual(a);
    expect(a.length).toBeGreaterThan(60);
    expect(a.length).toBeLessThan(140);
    expect(a.every(([t]) => t <= 1_000_000)).toBe(true);
    expect(new Set(a.map(([, sid]) => sid))).toEqual(new Set([1, 2, 3]));
    expect(a.some(([, , w]) => w.op === 'create')).toBe(true);
  });

  it('rejects bad specs with a sentence', () => {
    expect(validateWorkload({ ratePerSec: 0 })).toMatch(/ratePerSec/);
    expect(validateWorkload({ ratePerSec: 10, keys: 0 })).toMatch(/keys/);
    expect(validateWorkload({ ratePerSec: 10, servers: [] })).toMatch(/servers/);
    expect(validateWorkload({ ratePerSec: 10 })).toBeUndefined();
  });
});
