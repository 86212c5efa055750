// The leader's broadcast (ZK 3.8: Leader.propose / processAck / tryToCommit /
// startForwarding) driven with literal acks: zxids, strict commit order, quorums per the
// verifier, observers never counted, INFORM to observers, the apply stage, and what a
// learner joining mid-stream is sent.
import { describe, expect, it } from 'vitest';
import { APPLY_TIMER, Broadcast } from '../../../engine/zk/zab/broadcast.ts';
import { zxid } from '../../../engine/zk/zxid.ts';
import { FakeLearner, FakePeer, majority } from './harness.ts';

const set = (key: string) => ({ op: 'set' as const, key, value: 'v' });

function leader(voters: number[], observers: number[] = [], epoch = 1) {
  const peer = new FakePeer(majority(voters, observers), voters[voters.length - 1]!);
  const b = new Broadcast(peer.services());
  b.lastProposed = zxid(epoch, 0);
  b.start(epoch);
  return { peer, b, me: peer.sid };
}

describe('Broadcast', () => {
  it('assigns zxid(epoch, 1), (epoch, 2)... and sends PROPOSAL to forwarding followers and its own log', () => {
    const { peer, b } = leader([1, 2, 3], [], 4);
    const f = new FakeLearner(1);
    b.startForwarding(f, zxid(4, 0));
    expect(b.submit(set('a'))).toBe(true);
    expect(b.submit(set('b'))).toBe(true);
    expect(peer.of('zab.propose').map((e) => e.zxid)).toEqual([zxid(4, 1), zxid(4, 2)]);
    expect(f.types()).toEqual(['PROPOSAL:400000001', 'PROPOSAL:400000002']);
    expect(peer.synced.map((r) => r.zxid)).toEqual([zxid(4, 1), zxid(4, 2)]);
    expect(b.lastProposed).toBe(zxid(4, 2));
  });

  it('refuses writes before startZkServer', () => {
    const peer = new FakePeer(majority([1, 2, 3]), 3);
    const b = new Broadcast(peer.services());
    expect(b.submit(set('a'))).toBe(false);
    expect(peer.of('zab.propose')).toEqual([]);
  });

  it('commits once a quorum acked — the leader\'s own ack is not required', () => {
    const { peer, b } = leader([1, 2, 3]);
    b.submit(set('a'));
    b.processAck(1, zxid(1, 1));
    expect(peer.of('zab.commit')).toEqual([]);
    b.processAck(2, zxid(1, 1));
    expect(peer.of('zab.commit')).toEqual([{ e: 'zab.commit', zxid: zxid(1, 1), acks: [1, 2] }]);
    expect(b.lastCommitted).toBe(zxid(1, 1));
  });

  it('the leader\'s own ack arrives when its log is durable', () => {
    const { peer, b, me } = leader([1, 2, 3]);
    b.submit(set('a'));
    peer.flush();
    expect(peer.of('zab.ackRecv')).toEqual([{ e: 'zab.ackRecv', from: me, zxid: zxid(1, 1) }]);
    b.processAck(1, zxid(1, 1));
    expect(peer.of('zab.commit').map((e) => e.acks)).toEqual([[1, 3]]);
  });

  it('commits strictly in zxid order: a quorum for z+1 waits for z', () => {
    const { peer, b } = leader([1, 2, 3, 4, 5]);
    b.submit(set('a'));
    b.submit(set('b'));
    for (const s of [1, 2, 3]) b.processAck(s, zxid(1, 2));
    expect(peer.of('zab.commit')).toEqual([]);
    for (const s of [1, 2, 3]) b.processAck(s, zxid(1, 1));
    expect(peer.of('zab.commit').map((e) => e.zxid)).toEqual([zxid(1, 1)]);
    b.processAck(4, zxid(1, 2)); // ZK retries z+1 only on its next ack
    expect(peer.of('zab.commit').map((e) => e.zxid)).toEqual([zxid(1, 1), zxid(1, 2)]);
  });

  it('a quorum is the verifier\'s: 3 of 5', () => {
    const { peer, b } = leader([1, 2, 3, 4, 5]);
    b.submit(set('a'));
    b.processAck(5, zxid(1, 1));
    b.processAck(1, zxid(1, 1));
    expect(peer.of('zab.commit')).toEqual([]);
    b.processAck(2, zxid(1, 1));
    expect(peer.of('zab.commit').map((e) => e.acks)).toEqual([[1, 2, 5]]);
  });

  it('observers never count, and get INFORM instead of PROPOSAL/COMMIT', () => {
    const { peer, b } = leader([1, 2, 3], [4]);
    const f = new FakeLearner(1);
    const o = new FakeLearner(4, false);
    b.startForwarding(f, zxid(1, 0));
    b.startForwarding(o, zxid(1, 0));
    b.submit(set('a'));
    b.processAck(3, zxid(1, 1));
    b.processAck(4, zxid(1, 1));
    expect(peer.of('zab.commit')).toEqual([]);
    b.processAck(1, zxid(1, 1));
    expect(peer.of('zab.commit').map((e) => e.acks)).toEqual([[1, 3, 4]]);
    expect(f.types()).toEqual(['PROPOSAL:100000001', 'COMMIT:100000001']);
    expect(o.types()).toEqual(['INFORM:100000001']);
    expect(o.packets[0]).toMatchObject({ txn: { type: 'set', key: 'a' } });
  });

  it('ignores NEWLEADER acks (counter 0), acks of committed and of unknown zxids', () => {
    const { peer, b } = leader([1, 2, 3]);
    b.submit(set('a'));
    b.processAck(1, zxid(1, 0));
    b.processAck(1, zxid(1, 7));
    for (const s of [1, 2]) b.processAck(s, zxid(1, 1));
    b.processAck(3, zxid(1, 1));
    expect(peer.of('zab.commit')).toHaveLength(1);
    expect(peer.of('zab.ackRecv').map((e) => e.zxid)).not.toContain(zxid(1, 0));
  });

  it('applies committed proposals in order in the apply stage (toBeApplied until then)', () => {
    const { peer, b } = leader([1, 2, 3]);
    b.submit(set('a'));
    b.submit(set('b'));
    for (const z of [1, 2]) for (const s of [1, 2]) b.processAck(s, zxid(1, z));
    expect(b.toBeApplied.map((p) => p.zxid)).toEqual([zxid(1, 1), zxid(1, 2)]);
    expect(peer.timers.has(APPLY_TIMER)).toBe(true);
    expect(peer.applied).toEqual([]);
    b.applyCommitted();
    expect(peer.applied.map((a) => [a.zxid, a.via])).toEqual([[zxid(1, 1), 'commit'], [zxid(1, 2), 'commit']]);
    expect(b.toBeApplied).toEqual([]);
  });

  it('startForwarding sends committed-not-applied (PROPOSAL+COMMIT) and, to participants, outstanding PROPOSALs', () => {
    const { b } = leader([1, 2, 3], [4]);
    b.submit(set('a'));
    b.submit(set('b'));
    b.submit(set('c'));
    for (const s of [2, 3]) b.processAck(s, zxid(1, 1));
    const f = new FakeLearner(1);
    const o = new FakeLearner(4, false);
    expect(b.startForwarding(f, zxid(1, 0))).toBe(zxid(1, 3));
    b.startForwarding(o, zxid(1, 0));
    expect(f.types()).toEqual(['PROPOSAL:100000001', 'COMMIT:100000001', 'PROPOSAL:100000002', 'PROPOSAL:100000003']);
    expect(o.types()).toEqual(['PROPOSAL:100000001', 'COMMIT:100000001']);
    const late = new FakeLearner(2);
    b.startForwarding(late, zxid(1, 2));
    expect(late.types()).toEqual(['PROPOSAL:100000003']);
  });

  it('a create of an existing (or pending) key becomes an error txn with its own zxid', () => {
    const { peer, b } = leader([1, 2, 3]);
    b.submit({ op: 'create', key: 'x', value: '1' });
    b.submit({ op: 'create', key: 'x', value: '2' });
    expect(peer.of('zab.propose').map((e) => e.txn)).toEqual([
      { type: 'create', key: 'x', value: '1' }, { type: 'error', err: -110, op: 'create' },
    ]);
  });
});
