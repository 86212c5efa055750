// Integrity (every applied txn was proposed, as that txn, at that zxid) and Agreement (one
// txn per zxid across all servers; equal digests after it) on hand-written sequences.
import { describe, expect, it } from 'vitest';
import { ZabAgreement } from '../../engine/check/zabAgreement.ts';
import { ZabIntegrity } from '../../engine/check/zabIntegrity.ts';
import { ms, runChecker, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z13 = zxid(1, 3), z21 = zxid(2, 1);

/** Three servers, epoch 1 led by 1 with two txns, then epoch 2 led by 2. */
function valid(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3])
    .crash(ms(40), 1).phase(ms(41), 2, 'ELECTION').phase(ms(41), 3, 'ELECTION')
    .elect(ms(50), 2, 2, [3]).write(ms(60), 2, z21, [3])
    .start(ms(70), 1).recovered(ms(70), 1, z12).apply(ms(71), 1, z11).apply(ms(72), 1, z12);
}

describe('Integrity', () => {
  it('accepts applies of proposed txns, replays included', () => {
    expect(runChecker(new ZabIntegrity(), valid().events)).toEqual([]);
  });

  it('fires for a txn no leader proposed at that zxid', () => {
    const s = valid().apply(ms(80), 3, zxid(2, 2), { txn: { type: 'create', path: '/x' } });
    expect(runChecker(new ZabIntegrity(), s.events)).toEqual([{
      checker: 'Integrity',
      t: ms(80),
      message: 'server 3 applied 0x200000002 {"path":"/x","type":"create"} at 80.0 ms, but no leader proposed 0x200000002',
    }]);
  });

  it('fires for a txn other than the one proposed there, once per server and txn', () => {
    const bad = { type: 'setData', path: '/a', data: 'forged' };
    const s = valid().apply(ms(80), 3, z21, { txn: bad }).apply(ms(81), 3, z21, { txn: bad });
    const v = runChecker(new ZabIntegrity(), s.events);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe('server 3 applied 0x200000001 {"data":"forged","path":"/a","type":"setData"} at 80.0 ms, ' +
      'but leader 2 proposed {"data":"v200000001","path":"/a","type":"setData"} at 0x200000001 (at 60.0 ms): no leader proposed that txn');
  });

  it('fires when the apply comes before the proposal', () => {
    const s = new ZabScript().apply(ms(1), 2, z13, { txn: { type: 'x' } }).propose(ms(2), 1, z13, { type: 'x' });
    expect(runChecker(new ZabIntegrity(), s.events).map((v) => v.t)).toEqual([ms(1)]);
  });

  it('accepts data a server started the trace with (its first recovery), up to that log\'s end', () => {
    const s = new ZabScript().start(0, 1).recovered(0, 1, z12).apply(ms(1), 1, z11).apply(ms(2), 1, z12).apply(ms(3), 1, z13);
    expect(runChecker(new ZabIntegrity(), s.events).map((v) => v.message)).toEqual([
      'server 1 applied 0x100000003 {"type":"unknown"} at 3.0 ms, but no leader proposed 0x100000003',
    ]);
  });
});

describe('Agreement', () => {
  it('accepts every server applying the same txn with the same digest at each zxid', () => {
    expect(runChecker(new ZabAgreement(), valid().events)).toEqual([]);
  });

  it('fires when two servers apply different txns at one zxid (ZOOKEEPER-1154 shape)', () => {
    const s = valid().apply(ms(80), 1, z21, { txn: { type: 'delete', path: '/a' } });
    expect(runChecker(new ZabAgreement(), s.events)).toEqual([{
      checker: 'Agreement',
      t: ms(80),
      message: 'servers 2 and 1 applied different txns at 0x200000001: server 2 applied ' +
        '{"data":"v200000001","path":"/a","type":"setData"} at 60.4 ms, server 1 applied {"path":"/a","type":"delete"} at 80.0 ms',
    }]);
  });

  it('fires when the same txn leaves two servers in different states', () => {
    const s = valid().apply(ms(80), 1, z21, { digest: 'deadbeef' });
    const v = runChecker(new ZabAgreement(), s.events);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/^server 1's state after 0x200000001 differs from server 2's: digest "deadbeef" at 80\.0 ms, "[0-9a-f]{8}" at 60\.4 ms, although the txn at 0x200000001 is the same — their histories before it differ$/);
  });

  it('reports a server contradicting itself, once', () => {
    const s = new ZabScript().apply(ms(1), 1, z11, { txn: { type: 'a' } }).apply(ms(2), 1, z11, { txn: { type: 'b' } })
      .apply(ms(3), 1, z11, { txn: { type: 'b' } });
    expect(runChecker(new ZabAgreement(), s.events).map((v) => v.message)).toEqual([
      'server 1 applied two different txns at 0x100000001: server 1 applied {"type":"a"} at 1.0 ms, server 1 applied {"type":"b"} at 2.0 ms',
    ]);
  });

  it('compares applies without a digest by txn only', () => {
    const s = new ZabScript();
    s.push(ms(1), 'zab.apply', { node: 1, zxid: z11, txn: { type: 'a' } }).push(ms(2), 'zab.apply', { node: 2, zxid: z11, txn: { type: 'a' }, digest: 7 });
    expect(runChecker(new ZabAgreement(), s.events)).toEqual([]);
  });
});
