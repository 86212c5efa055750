// PrimaryIntegrity and CommittedNotLost on hand-written histories: leader changes that keep
// everything, ZOOKEEPER-4643 (a server with a short log leads and TRUNCs committed txns),
// ZOOKEEPER-3911/4785 (an ACK that was not durable; the quorum restarts without the txn),
// and a commit without a quorum of ACKs.
import { describe, expect, it } from 'vitest';
import { ZabCommittedNotLost } from '../../engine/check/zabCommittedNotLost.ts';
import { ZabPrimaryIntegrity } from '../../engine/check/zabPrimaryIntegrity.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import { ensemble } from './events.ts';
import { ms, runChecker, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z21 = zxid(2, 1);
const v3 = verifierFor(ensemble(3));
const lost = () => new ZabCommittedNotLost(v3);

/** Epoch 1 led by 1 commits 0x100000001; epoch 2 led by 2 (3 restarted behind, synced by DIFF) commits 0x200000001. */
function valid(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).crash(ms(25), 3).write(ms(30), 1, z12, [2])
    .crash(ms(40), 1).phase(ms(41), 2, 'ELECTION').start(ms(42), 3).recovered(ms(42), 3, z11).apply(ms(43), 3, z11)
    .elect(ms(50), 2, 2, [3], (s) => s.logged(ms(50), 3, z12).apply(ms(50), 3, z12))
    .write(ms(60), 2, z21, [3]);
}

/** ZOOKEEPER-4643: 3 missed epoch 2 (0x200000001 committed by 2 with 1), yet leads epoch 3 and TRUNCs 1. */
function shortLogLeads(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).crash(ms(30), 3).phase(ms(31), 1, 'ELECTION').phase(ms(31), 2, 'ELECTION')
    .elect(ms(40), 2, 2, [1]).write(ms(50), 2, z21, [1]).crash(ms(60), 2).phase(ms(61), 1, 'ELECTION')
    .start(ms(70), 3).recovered(ms(70), 3, z11).apply(ms(71), 3, z11)
    .elect(ms(80), 3, 3, [1], (s) => s.trunc(ms(80), 1, z11, [z21]));
}

/** ZOOKEEPER-4785: 2 ACKs 0x100000001 before it is durable, restarts without it; 2 then leads epoch 2. */
function ackBeforeFsync(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .propose(ms(20), 1, z11).logged(ms(21), 1, z11).ackRecv(ms(22), 1, 2, z11).commit(ms(23), 1, z11, [1, 2]).apply(ms(23), 1, z11)
    .crash(ms(30), 2).start(ms(40), 2).recovered(ms(40), 2, 0)
    .crash(ms(50), 1).phase(ms(51), 3, 'ELECTION').elect(ms(60), 2, 2, [3]);
}

describe('PrimaryIntegrity', () => {
  it('accepts leaders that hold every earlier-epoch txn anyone delivered', () => {
    expect(runChecker(new ZabPrimaryIntegrity(), valid().events)).toEqual([]);
  });

  it('fires when a leader reaches BROADCAST without an earlier-epoch txn servers delivered (ZOOKEEPER-4643)', () => {
    expect(runChecker(new ZabPrimaryIntegrity(), shortLogLeads().events)).toEqual([{
      checker: 'PrimaryIntegrity',
      t: ms(80),
      message: 'leader 3 reached BROADCAST of epoch 3 at 80.0 ms without 0x200000001, which server 2 delivered at 50.4 ms',
    }]);
  });

  it('fires when a leader chosen by zxid alone, not currentEpoch first, TRUNCs an established history', () => {
    // Leader 3 of epoch 3 made its logged-only 0x100000001..2 everyone's history (NEWLEADER) and served it;
    // server 2, whose last zxid 0x200000001 is higher but whose currentEpoch is 2, then leads epoch 4.
    // (The random-history model of zabProperty.test.ts had this bug; PrimaryIntegrity caught it.)
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 3, 1, [1, 2])
      .propose(ms(11), 3, z11).logged(ms(11), 3, z11).propose(ms(12), 3, z12).logged(ms(12), 3, z12).crash(ms(13), 3)
      .phase(ms(14), 1, 'ELECTION').phase(ms(14), 2, 'ELECTION').elect(ms(20), 2, 2, [1])
      .propose(ms(21), 2, z21).logged(ms(21), 2, z21).crash(ms(22), 2).phase(ms(23), 1, 'ELECTION')
      .start(ms(24), 3).recovered(ms(24), 3, z12).apply(ms(24), 3, z11).apply(ms(24), 3, z12)
      .elect(ms(30), 3, 3, [1], (x) => x.logged(ms(30), 1, z11).logged(ms(30), 1, z12).apply(ms(30), 1, z11).apply(ms(30), 1, z12))
      .phase(ms(35), 3, 'ELECTION').phase(ms(35), 1, 'ELECTION')
      .start(ms(36), 2).recovered(ms(36), 2, z21).apply(ms(36), 2, z21)
      .elect(ms(40), 2, 4, [1, 3], (x) => x.trunc(ms(40), 1, 0, [z11, z12]).apply(ms(40), 1, z21).trunc(ms(40), 3, 0, [z11, z12]).apply(ms(40), 3, z21));
    expect(runChecker(new ZabPrimaryIntegrity(), s.events).map((v) => v.message)).toEqual([
      'leader 2 reached BROADCAST of epoch 4 at 40.0 ms without 0x100000001, which server 3 delivered at 30.0 ms ' +
      '(2 earlier-epoch txns that servers delivered are missing or different)',
    ]);
  });

  it('fires when a server delivers an earlier-epoch txn the serving leader lacks', () => {
    // Leader 1, cut off, still serves epoch 1 and commits alone while 2 leads epoch 2.
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3]).write(ms(20), 1, z11, [2, 3])
      .phase(ms(30), 2, 'ELECTION').phase(ms(30), 3, 'ELECTION').elect(ms(40), 2, 2, [3])
      .write(ms(50), 1, z12, []);
    expect(runChecker(new ZabPrimaryIntegrity(), s.events).map((v) => v.message)).toEqual([
      'server 1 delivered 0x100000002 (epoch 1) at 50.4 ms while leader 2 serves epoch 2 without it: ' +
      'a leader must hold every earlier-epoch txn any server delivers',
    ]);
  });
});

describe('CommittedNotLost', () => {
  it('accepts commits that stay durable and reach every later leader', () => {
    expect(runChecker(lost(), valid().events)).toEqual([]);
  });

  it('fires when a TRUNC drops a committed txn and when the new leader lacks it (ZOOKEEPER-4643)', () => {
    expect(runChecker(lost(), shortLogLeads().events)).toEqual([
      {
        checker: 'CommittedNotLost',
        t: ms(80),
        message: 'server 1 truncated its log to 0x100000001 at 80.0 ms, dropping 0x200000001, which leader 2 committed at 50.4 ms',
      },
      {
        checker: 'CommittedNotLost',
        t: ms(80),
        message: 'leader 3 reached BROADCAST of epoch 3 at 80.0 ms without 0x200000001, which leader 2 committed at 50.4 ms',
      },
    ]);
  });

  it('fires when a restart leaves a committed txn on less than a quorum (ZOOKEEPER-4785)', () => {
    const v = runChecker(lost(), ackBeforeFsync().events);
    expect(v.map((x) => [x.t, x.message])).toEqual([
      [ms(40), '0x100000001, committed by leader 1 at 23.0 ms, is no longer durable on a quorum: server 2 restarted at 40.0 ms ' +
        'with its log ending at 0x0, and only {1} still hold it'],
      [ms(60), 'leader 2 reached BROADCAST of epoch 2 at 60.0 ms without 0x100000001, which leader 1 committed at 23.0 ms'],
    ]);
    expect(runChecker(new ZabPrimaryIntegrity(), ackBeforeFsync().events).map((x) => x.t)).toEqual([ms(60)]);
  });

  it('without a verifier, fires only when no server holds the txn any more', () => {
    const s = ackBeforeFsync().crash(ms(70), 1).start(ms(80), 1).recovered(ms(80), 1, 0);
    const v = runChecker(new ZabCommittedNotLost(), s.events);
    expect(v.map((x) => x.t)).toEqual([ms(60), ms(80)]);
    expect(v[1]!.message).toContain('server 1 restarted at 80.0 ms with its log ending at 0x0, and no server holds it any more');
  });

  it('fires when a leader commits without a quorum of durable ACKs', () => {
    const s = new ZabScript().start(0, 1).elect(0, 1, 1, [2, 3]).propose(ms(1), 1, z11).logged(ms(2), 1, z11)
      .ackRecv(ms(2), 1, 4, z11).commit(ms(3), 1, z11, [1, 2]);
    expect(runChecker(lost(), s.events)).toEqual([{
      checker: 'CommittedNotLost',
      t: ms(3),
      message: 'leader 1 committed 0x100000001 at 3.0 ms with only {1,4} having logged and acknowledged it ' +
        '(its zab.commit names {1,2}): not a quorum, so a crash can lose it',
    }]);
  });

  it('forgets the ACKs a leader received before it restarted', () => {
    const s = new ZabScript().start(0, 1).propose(ms(1), 1, z11).logged(ms(2), 1, z11).ackRecv(ms(2), 1, 2, z11)
      .crash(ms(3), 1).start(ms(4), 1).commit(ms(5), 1, z11, [1, 2]);
    expect(runChecker(lost(), s.events).map((v) => v.t)).toEqual([ms(5)]);
  });

  it('accepts a TRUNC below a commit whose quorum did without the truncated learner (ZooKeeper re-forwards it)', () => {
    // 3 logged 0x100000002 but its ACK was lost; 1 and 2 committed it; 3 rejoins, the leader's
    // maxCommittedLog still lags, so 3 is TRUNCed to 0x100000001 and gets the txn again.
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
      .write(ms(20), 1, z11, [2, 3]).propose(ms(30), 1, z12).logged(ms(31), 1, z12).logged(ms(31), 3, z12)
      .logged(ms(32), 2, z12).ackRecv(ms(33), 1, 2, z12).commit(ms(33), 1, z12, [1, 2]).apply(ms(33), 1, z12)
      .trunc(ms(34), 3, z11, [z12]).logged(ms(35), 3, z12).apply(ms(35), 3, z12);
    expect(runChecker(lost(), s.events)).toEqual([]);
  });

  it('fires when a TRUNC leaves a committed txn on less than a quorum', () => {
    const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
      .propose(ms(30), 1, z11).logged(ms(31), 1, z11).logged(ms(31), 3, z11).ackRecv(ms(32), 1, 3, z11)
      .commit(ms(32), 1, z11, [1, 3]).crash(ms(33), 1).trunc(ms(40), 3, 0, [z11]);
    expect(runChecker(lost(), s.events).map((v) => v.message)).toEqual([
      '0x100000001, committed by leader 1 at 32.0 ms, is no longer durable on a quorum: server 3 truncated its log to 0x0 at 40.0 ms, ' +
      'and only {1} still hold it',
    ]);
  });
});
