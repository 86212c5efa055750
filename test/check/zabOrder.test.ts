// TotalOrder, LocalPrimaryOrder and GlobalPrimaryOrder on hand-written histories,
// including ZOOKEEPER-1154 (an old epoch's uncommitted txn survives a DIFF) and
// ZOOKEEPER-2845 (a txn the leader logged resurfaces after a restart, behind a later epoch).
import { describe, expect, it } from 'vitest';
import type { Checker } from '../../engine/check/types.ts';
import { ZabGlobalPrimaryOrder, ZabLocalPrimaryOrder, ZabTotalOrder } from '../../engine/check/zabOrder.ts';
import { ms, runChecker, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z13 = zxid(1, 3), z21 = zxid(2, 1), z22 = zxid(2, 2);
const all = (): Checker[] => [new ZabTotalOrder(), new ZabLocalPrimaryOrder(), new ZabGlobalPrimaryOrder()];
const names = (s: ZabScript) => all().flatMap((c) => runChecker(c, s.events)).map((v) => v.checker);

/** Leader 1 logs T = 0x100000003 alone and crashes; 2 leads epoch 2 with 3 and commits 0x200000001. */
function oldLeaderComesBack(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3])
    .propose(ms(40), 1, z13).logged(ms(41), 1, z13).crash(ms(42), 1)
    .phase(ms(43), 2, 'ELECTION').phase(ms(43), 3, 'ELECTION')
    .elect(ms(50), 2, 2, [3]).write(ms(60), 2, z21, [3])
    .start(ms(70), 1).recovered(ms(70), 1, z13).apply(ms(71), 1, z11).apply(ms(71), 1, z12).apply(ms(71), 1, z13)
    .phase(ms(72), 1, 'DISCOVERY').phase(ms(73), 1, 'SYNCHRONIZATION');
}

/** ...and syncs: TRUNC (ZooKeeper) or not (ZOOKEEPER-1154), then DIFF 0x200000001, then BROADCAST. */
function rejoin(s: ZabScript, trunc: boolean): ZabScript {
  if (trunc) s.trunc(ms(74), 1, z12, [z13]);
  return s.logged(ms(75), 1, z21).apply(ms(75), 1, z21).phase(ms(76), 1, 'BROADCAST').write(ms(80), 2, z22, [3, 1]);
}

describe('ZAB delivery order', () => {
  it('accepts an old epoch\'s uncommitted txn replayed after a restart and then truncated', () => {
    expect(names(rejoin(oldLeaderComesBack(), true))).toEqual([]);
  });

  it('TotalOrder fires when it survives the sync (ZOOKEEPER-1154)', () => {
    const v = runChecker(new ZabTotalOrder(), rejoin(oldLeaderComesBack(), false).events);
    expect(v).toEqual([{
      checker: 'TotalOrder',
      t: ms(76),
      message: 'server 1 delivered 0x200000001 at 76.0 ms right after 0x100000003, but server 2 delivered it at 60.4 ms ' +
        'right after 0x100000002: they delivered different txns before 0x200000001',
    }]);
    expect(names(rejoin(oldLeaderComesBack(), false))).toEqual(['TotalOrder']);
  });

  it('TotalOrder names the txn a server skipped', () => {
    const s = new ZabScript().start(0, 1).start(0, 2).elect(0, 1, 1, [2]).write(ms(10), 1, z11, []).write(ms(20), 1, z12, [])
      .propose(ms(30), 1, z13).apply(ms(31), 1, z13).apply(ms(32), 2, z13);
    expect(runChecker(new ZabTotalOrder(), s.events).map((v) => v.message)).toEqual([
      'server 1 delivered 0x100000002 before 0x100000003 (0x100000003 at 31.0 ms), but server 2 delivered 0x100000003 at 32.0 ms ' +
      'without delivering 0x100000002 first',
    ]);
  });

  it('LocalPrimaryOrder fires when a follower delivers a leader\'s txns out of proposal order', () => {
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
      .propose(ms(20), 1, z11).propose(ms(21), 1, z12).apply(ms(30), 3, z12).apply(ms(31), 3, z11);
    expect(runChecker(new ZabLocalPrimaryOrder(), s.events)).toEqual([{
      checker: 'LocalPrimaryOrder',
      t: ms(30),
      message: 'server 3 delivered 0x100000002 at 30.0 ms without having delivered 0x100000001 first, which leader 1 proposed just before it (at 20.0 ms)',
    }]);
  });

  it('LocalPrimaryOrder does not relate proposals of different epochs or leaders', () => {
    const s = new ZabScript().start(0, 2).elect(0, 2, 2, []).propose(ms(1), 1, z13).propose(ms(2), 2, z21).apply(ms(3), 2, z21);
    expect(runChecker(new ZabLocalPrimaryOrder(), s.events)).toEqual([]);
  });

  it('GlobalPrimaryOrder fires when an old epoch\'s txn resurfaces behind a later one (ZOOKEEPER-2845)', () => {
    // Leader 1 logs T and loses its quorum without applying it; it rejoins epoch 2 by DIFF, and
    // a restart replays T from its log after 0x200000001.
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
      .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3])
      .propose(ms(40), 1, z13).logged(ms(41), 1, z13)
      .phase(ms(45), 1, 'ELECTION').phase(ms(45), 2, 'ELECTION').phase(ms(45), 3, 'ELECTION')
      .elect(ms(50), 2, 2, [3, 1]).write(ms(60), 2, z21, [3, 1])
      .crash(ms(70), 1).start(ms(80), 1).recovered(ms(80), 1, z21)
      .apply(ms(81), 1, z11).apply(ms(81), 1, z12).apply(ms(81), 1, z13).apply(ms(81), 1, z21)
      .phase(ms(90), 1, 'DISCOVERY').phase(ms(90), 1, 'SYNCHRONIZATION').phase(ms(91), 1, 'BROADCAST');
    const v = runChecker(new ZabGlobalPrimaryOrder(), s.events);
    expect(v).toEqual([{
      checker: 'GlobalPrimaryOrder',
      t: ms(91),
      message: 'server 1 delivered 0x100000003 (epoch 1) at 91.0 ms after 0x200000001 (epoch 2): ' +
        'every earlier-epoch txn must be delivered before any later-epoch one',
    }]);
    expect(names(s)).toEqual(['GlobalPrimaryOrder']); // nobody else delivered T: no TotalOrder pair
  });

  it('judges a re-delivery after a restart again, and reports each server and txn once', () => {
    const s = new ZabScript().start(0, 1).start(0, 2).elect(0, 1, 1, [2]).write(ms(10), 1, z11, [2]).write(ms(20), 1, z12, [])
      .apply(ms(30), 2, z12, { txn: { type: 'other' } }).apply(ms(31), 2, z21, { txn: { type: 'x' } })
      .apply(ms(32), 2, z13, { txn: { type: 'y' } }).apply(ms(33), 2, z13, { txn: { type: 'y' } });
    expect(runChecker(new ZabGlobalPrimaryOrder(), s.events).map((v) => v.t)).toEqual([ms(32)]);
  });
});
