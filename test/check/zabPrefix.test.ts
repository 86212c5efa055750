// PrefixOfOneHistory on hand-written histories, and the Convergence helper on end states.
import { describe, expect, it } from 'vitest';
import { convergence } from '../../engine/check/zabConvergence.ts';
import { ZabPrefixOfOneHistory } from '../../engine/check/zabPrefix.ts';
import { ms, runChecker, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z13 = zxid(1, 3), z21 = zxid(2, 1);
const prefix = (s: ZabScript) => runChecker(new ZabPrefixOfOneHistory(), s.events);

function epoch1(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3]);
}

describe('PrefixOfOneHistory', () => {
  it('accepts servers at different points of one history, and lagging ones catching up', () => {
    const s = epoch1().write(ms(40), 1, z13, [2]).phase(ms(50), 3, 'ELECTION').phase(ms(51), 3, 'SYNCHRONIZATION')
      .apply(ms(52), 3, z13).phase(ms(53), 3, 'BROADCAST');
    expect(prefix(s)).toEqual([]);
  });

  it('fires when a server holds a txn the others skipped (ZOOKEEPER-1154: an old epoch\'s txn survives a DIFF)', () => {
    const s = epoch1().propose(ms(40), 1, z13).logged(ms(41), 1, z13).crash(ms(42), 1)
      .phase(ms(43), 2, 'ELECTION').phase(ms(43), 3, 'ELECTION').elect(ms(50), 2, 2, [3]).write(ms(60), 2, z21, [3])
      .start(ms(70), 1).recovered(ms(70), 1, z13).apply(ms(71), 1, z13)
      .phase(ms(72), 1, 'SYNCHRONIZATION').apply(ms(75), 1, z21).phase(ms(76), 1, 'BROADCAST');
    expect(prefix(s)).toEqual([{
      checker: 'PrefixOfOneHistory',
      t: ms(76),
      message: 'server 2 has delivered up to 0x200000001 without 0x100000003, which server 1 delivered at 76.0 ms: ' +
        'their histories are not prefixes of one history',
    }]);
  });

  it('fires at the first zxid where two servers hold different txns', () => {
    const s = epoch1().propose(ms(40), 1, z13).apply(ms(41), 1, z13).apply(ms(42), 2, z13, { txn: { type: 'other' } })
      .apply(ms(43), 2, z21, { txn: { type: 'later' } });
    expect(prefix(s)).toEqual([{
      checker: 'PrefixOfOneHistory',
      t: ms(42),
      message: 'server 2\'s history diverges from server 1\'s at 0x100000003: server 1 delivered ' +
        '{"data":"v100000003","path":"/a","type":"setData"} there, server 2 delivered {"type":"other"} at 42.0 ms',
    }]);
  });

  it('fires when a server skips a zxid of the common history, once', () => {
    const s = epoch1().propose(ms(40), 1, z13).apply(ms(41), 1, z13).propose(ms(42), 1, zxid(1, 4))
      .apply(ms(43), 1, zxid(1, 4)).apply(ms(44), 3, zxid(1, 4)).apply(ms(45), 3, zxid(1, 5), { txn: { type: 'x' } });
    expect(prefix(s).map((v) => v.message)).toEqual([
      'server 3 has delivered up to 0x100000004 (at 44.0 ms) without 0x100000003, which server 1 delivered (at 41.0 ms): ' +
      'their histories are not prefixes of one history',
    ]);
  });

  it('drops from the common history a txn that every server holding it lost', () => {
    // Leader 1 applied 0x100000003 and crashed before anyone else got it; its restart lost it too.
    const s = epoch1().propose(ms(40), 1, z13).apply(ms(41), 1, z13).crash(ms(42), 1).start(ms(43), 1).recovered(ms(43), 1, z12)
      .phase(ms(44), 2, 'ELECTION').phase(ms(44), 3, 'ELECTION').elect(ms(50), 2, 2, [3]).write(ms(60), 2, z21, [3]);
    expect(prefix(s)).toEqual([]);
  });
});

describe('convergence', () => {
  const up = (sid: number, lastZxid: number, digest: string | undefined) => ({ sid, up: true, lastZxid, digest });

  it('says converged when every live server is at the same zxid with the same digest', () => {
    const r = convergence([up(1, z21, 'ab'), up(2, z21, 'ab'), { sid: 3, up: false, lastZxid: z11, digest: 'cd' }]);
    expect(r.converged).toBe(true);
    expect(r.down).toEqual([3]);
    expect(r.message).toBe('live servers {1,2} converged at 0x200000001 (digest "ab") (down, not judged: {3})');
  });

  it('groups servers that did not converge, most first', () => {
    const r = convergence([up(3, z12, 'cd'), up(1, z21, 'ab'), up(2, z21, 'ab'), up(4, z21, 'ef')]);
    expect(r.converged).toBe(false);
    expect(r.groups.map((g) => g.sids)).toEqual([[1, 2], [4], [3]]);
    expect(r.message).toBe('live servers did not converge: {1,2} at 0x200000001 (digest "ab"); {4} at 0x200000001 (digest "ef"); ' +
      '{3} at 0x100000002 (digest "cd")');
  });

  it('does not call unknown digests the same, except for the empty state', () => {
    expect(convergence([up(1, z11, undefined), up(2, z11, undefined)]).message)
      .toBe('live servers {1,2} are all at 0x100000001, but their state digests are unknown');
    expect(convergence([up(1, 0, undefined), up(2, 0, undefined)]).converged).toBe(true);
  });

  it('demands the agreed state reach atLeastZxid, and a live server to judge', () => {
    const r = convergence([up(1, z11, 'ab'), up(2, z11, 'ab')], { atLeastZxid: z12 });
    expect(r).toMatchObject({ converged: false, message: 'live servers {1,2} agree at 0x100000001 (digest "ab"), short of 0x100000002, which must be reached' });
    expect(convergence([{ sid: 1, up: false, lastZxid: 0, digest: undefined }]).message).toBe('no live server to judge (down, not judged: {1})');
  });
});
