// ZabHistories: what counts as delivered (served in BROADCAST, or held on entering it),
// what a replay, a restart, a TRUNC, a conflicting apply and a SNAP do to a server's
// history, and clear reports of malformed events.
import { describe, expect, it } from 'vitest';
import { ZabHistories, type HistoryChange } from '../../engine/check/zabHistory.ts';
import { canonicalJson } from '../../engine/trace/canonicalJson.ts';
import { ms, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z13 = zxid(1, 3);

function feed(s: ZabScript, h = new ZabHistories()): { h: ZabHistories; changes: HistoryChange[] } {
  const changes = s.events.flatMap((ev) => h.observe(ev));
  return { h, changes };
}

const zxids = (h: ZabHistories, sid: number) => h.sequence(sid).map((e) => e.zxid);
const delivered = (cs: HistoryChange[], sid: number) =>
  cs.flatMap((c) => (c.kind === 'delivered' && c.sid === sid ? [c.entry.zxid] : []));

/** Three servers, epoch 1 led by 1, two txns everywhere. */
function base(): ZabScript {
  return new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3]);
}

describe('ZabHistories', () => {
  it('delivers applies made in BROADCAST, in order, and reports the leader reaching BROADCAST', () => {
    const { h, changes } = feed(base());
    expect(delivered(changes, 2)).toEqual([z11, z12]);
    expect(h.deliveredCount(2)).toBe(2);
    expect(changes.filter((c) => c.kind === 'leaderBroadcast')).toEqual([{ kind: 'leaderBroadcast', sid: 1, epoch: 1, t: ms(10) }]);
    expect([...h.servingLeaders()]).toEqual([[1, 1]]);
  });

  it('counts applies as delivered at once for a server it knows no phase of', () => {
    const s = new ZabScript().propose(0, 1, z11).apply(ms(1), 4, z11);
    expect(delivered(feed(s).changes, 4)).toEqual([z11]);
  });

  it('keeps replays and sync applies provisional until BROADCAST, and a replay is no new delivery', () => {
    const s = base().propose(ms(40), 1, z13).logged(ms(41), 1, z13).logged(ms(42), 2, z13)
      .crash(ms(50), 2).start(ms(60), 2).recovered(ms(60), 2, z13)
      .apply(ms(61), 2, z11).apply(ms(62), 2, z12).apply(ms(63), 2, z13);
    const { h, changes } = feed(s);
    expect(zxids(h, 2)).toEqual([z11, z12, z13]);
    expect(h.deliveredCount(2)).toBe(2);
    expect(delivered(changes, 2)).toEqual([z11, z12]);
    const more = feed(new ZabScript().phase(ms(70), 2, 'BROADCAST'), h).changes;
    expect(more).toEqual([expect.objectContaining({ kind: 'delivered', sid: 2, index: 2, t: ms(70) })]);
  });

  it('fills in the logged tail a restart replays when the replays are not traced', () => {
    const s = base().propose(ms(40), 1, z13).logged(ms(41), 2, z13).crash(ms(50), 2).start(ms(60), 2).recovered(ms(60), 2, z13);
    const { h } = feed(s);
    expect(zxids(h, 2)).toEqual([z11, z12, z13]);
    expect(h.sequence(2)[2]!.digest).toBeUndefined();
    expect(h.deliveredCount(2)).toBe(2);
  });

  it('cuts what a restart did not find on disk, reporting delivered entries taken back', () => {
    const s = base().crash(ms(50), 3).start(ms(60), 3).recovered(ms(60), 3, z11);
    const { h, changes } = feed(s);
    expect(zxids(h, 3)).toEqual([z11]);
    const back = changes.filter((c) => c.kind === 'undelivered');
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ sid: 3, cause: 'server 3 recovered at 60.0 ms with its log ending at 0x100000001' });
  });

  it('cuts at a TRUNC and at an apply of a different txn at a zxid it holds', () => {
    const s = base().trunc(ms(50), 3, z11, [z12]).apply(ms(60), 2, z12, { txn: { type: 'delete', path: '/b' } });
    const { h, changes } = feed(s);
    expect(zxids(h, 3)).toEqual([z11]);
    expect(zxids(h, 2)).toEqual([z11, z12]);
    expect(h.sequence(2)[1]!.txn).toBe('{"path":"/b","type":"delete"}');
    expect(changes.filter((c) => c.kind === 'undelivered').map((c) => c.kind === 'undelivered' && c.cause)).toEqual([
      'server 3 truncated its log to 0x100000001 at 50.0 ms',
      'server 2 applied a different txn at 0x100000002 at 60.0 ms',
    ]);
  });

  it('replaces a learner\'s state with the leader\'s on a SNAP sync, keeping the common prefix', () => {
    const s = base().write(ms(40), 1, z13, [2]).phase(ms(50), 3, 'ELECTION').phase(ms(51), 3, 'SYNCHRONIZATION')
      .snapSync(ms(52), 3, 1, z13);
    const { h, changes } = feed(s);
    expect(zxids(h, 3)).toEqual([z11, z12, z13]);
    expect(h.deliveredCount(3)).toBe(2);
    expect(changes.filter((c) => c.kind === 'undelivered')).toEqual([]);
    expect(feed(new ZabScript().phase(ms(60), 3, 'BROADCAST'), h).changes.map((c) => c.kind)).toEqual(['delivered']);
  });

  it('stops counting a leader as serving when it leaves BROADCAST, stops LEADING or crashes', () => {
    for (const end of [
      (s: ZabScript) => s.phase(ms(50), 1, 'ELECTION'),
      (s: ZabScript) => s.push(ms(50), 'zk.state', { node: 1, state: 'LOOKING' }),
      (s: ZabScript) => s.crash(ms(50), 1),
    ]) {
      expect([...feed(end(base())).h.servingLeaders()]).toEqual([]);
    }
  });

  it('reports malformed events and ignores them', () => {
    const s = new ZabScript().push(ms(1), 'zab.apply', { node: 1, zxid: z11, txn: { path: '/a' } })
      .push(ms(2), 'zk.zabState', { node: 1, zabState: 'LEADING' })
      .push(ms(3), 'zab.recovered', { node: 1 })
      .push(ms(4), 'zab.apply', { node: 1, zxid: z11, txn: { type: 'x' }, digest: { d: 1 } });
    const { h, changes } = feed(s);
    expect(changes.map((c) => c.kind === 'problem' && c.message)).toEqual([
      "trace event zab.apply at 1.0 ms: field 'txn.type' should be a string, it is missing; event ignored",
      'trace event zk.zabState at 2.0 ms: field \'zabState\' should be one of ELECTION|DISCOVERY|SYNCHRONIZATION|BROADCAST, got "LEADING"; event ignored',
      "trace event zab.recovered at 3.0 ms: field 'lastZxid' should be an integer, it is missing; event ignored",
      'trace event zab.apply at 4.0 ms: field \'digest\' should be a string or a number, got {"d":1}; event ignored',
    ]);
    expect(h.sequence(1)).toEqual([]);
  });

  it('compares txns whatever their key order', () => {
    expect(canonicalJson({ type: 'create', path: '/a', acl: [{ b: 1, a: 2 }] })).toBe(canonicalJson({ acl: [{ a: 2, b: 1 }], path: '/a', type: 'create' }));
  });
});
