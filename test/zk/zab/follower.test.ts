// A learner in broadcast (ZK 3.8: Follower.processPacket / FollowerZooKeeperServer,
// Observer.processPacket): PROPOSAL is logged and acked only once durable; COMMIT must match
// the head of pendingTxns — anything else ends the role; observers apply INFORM.
import { describe, expect, it } from 'vitest';
import { LearnerZab } from '../../../engine/zk/zab/follower.ts';
import type { QuorumPacket } from '../../../engine/zk/zab/packets.ts';
import { zxid } from '../../../engine/zk/zxid.ts';
import { FakePeer, majority } from './harness.ts';

function follower(kind: 'follower' | 'observer' = 'follower') {
  const peer = new FakePeer(majority([1, 2, 3], [4]), kind === 'follower' ? 1 : 4);
  const sent: QuorumPacket[] = [];
  let failed: string | undefined;
  const zab = new LearnerZab(peer.services(), { send: (p) => sent.push(p), alive: () => true, fail: (c) => { failed = c; } }, kind);
  return { peer, zab, sent, failed: () => failed };
}
const proposal = (c: number): QuorumPacket => ({ type: 'PROPOSAL', zxid: zxid(1, c), txn: { type: 'set', key: 'k', value: String(c) } });

describe('LearnerZab', () => {
  it('logs a PROPOSAL and ACKs it only once it is durable', () => {
    const f = follower();
    f.zab.onPacket(proposal(1));
    f.zab.onPacket(proposal(2));
    expect(f.peer.synced.map((r) => r.zxid)).toEqual([zxid(1, 1), zxid(1, 2)]);
    expect(f.sent).toEqual([]);
    f.peer.flush();
    expect(f.sent).toEqual([{ type: 'ACK', zxid: zxid(1, 1) }, { type: 'ACK', zxid: zxid(1, 2) }]);
  });

  it('applies COMMITs in order, possibly before its own fsync', () => {
    const f = follower();
    f.zab.onPacket(proposal(1));
    f.zab.onPacket(proposal(2));
    f.zab.onPacket({ type: 'COMMIT', zxid: zxid(1, 1) });
    expect(f.peer.applied.map((a) => [a.zxid, a.via])).toEqual([[zxid(1, 1), 'commit']]);
    expect(f.zab.pending).toBe(1);
  });

  it('a COMMIT that is not the head of pendingTxns ends the role', () => {
    const f = follower();
    f.zab.onPacket(proposal(1));
    f.zab.onPacket(proposal(2));
    f.zab.onPacket({ type: 'COMMIT', zxid: zxid(1, 2) });
    expect(f.failed()).toBe('Committing zxid 0x100000002 but next pending txn 0x100000001');
    expect(f.peer.applied).toEqual([]);
  });

  it('a COMMIT with nothing pending is ignored (ZK warns)', () => {
    const f = follower();
    f.zab.onPacket({ type: 'COMMIT', zxid: zxid(1, 1) });
    expect(f.failed()).toBeUndefined();
    expect(f.peer.applied).toEqual([]);
  });

  it('answers PINGs', () => {
    const f = follower();
    f.zab.onPacket({ type: 'PING', zxid: zxid(1, 9) });
    expect(f.sent).toEqual([{ type: 'PING', zxid: zxid(1, 9) }]);
  });

  it('an observer logs and applies INFORM, never acks, and ignores PROPOSAL/COMMIT', () => {
    const o = follower('observer');
    o.zab.onPacket(proposal(1));
    o.zab.onPacket({ type: 'COMMIT', zxid: zxid(1, 1) });
    expect(o.peer.applied).toEqual([]);
    o.zab.onPacket({ type: 'INFORM', zxid: zxid(1, 1), txn: { type: 'set', key: 'k', value: '1' } });
    expect(o.peer.applied.map((a) => a.zxid)).toEqual([zxid(1, 1)]);
    expect(o.peer.synced.map((r) => r.zxid)).toEqual([zxid(1, 1)]);
    o.peer.flush();
    expect(o.sent).toEqual([]);
  });
});
