// SyncFreshness on hand-written histories, and on real runs with client syncs: a learner's
// completed sync holds everything its leader had committed when it processed the sync.
import { describe, expect, it } from 'vitest';
import { ZabSyncFreshness } from '../../engine/check/zabSyncFreshness.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { ms, runChecker, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2);

/** Leader 1 commits 0x100000001 and 0x100000002; follower 2 applies only what `applied` lists before its sync completes. */
function syncAfter(applied: number[]): ZabScript {
  const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .propose(ms(20), 1, z11).logged(ms(20), 1, z11).ackRecv(ms(21), 1, 3, z11).commit(ms(21), 1, z11, [1, 3]).apply(ms(21), 1, z11)
    .propose(ms(22), 1, z12).logged(ms(22), 1, z12).ackRecv(ms(23), 1, 3, z12).commit(ms(23), 1, z12, [1, 3]).apply(ms(23), 1, z12)
    .push(ms(24), 'zab.syncStart', { node: 2, id: 7 })
    .push(ms(25), 'zab.syncRequest', { node: 1, learner: 2, id: 7, committed: z12, waitFor: null });
  for (const z of applied) s.logged(ms(26), 2, z).apply(ms(26), 2, z);
  return s.push(ms(27), 'zab.syncDone', { node: 2, id: 7, zxid: applied.at(-1) ?? 0 });
}

describe('SyncFreshness', () => {
  it('accepts a sync completed after the learner applied what the leader had committed', () => {
    expect(runChecker(new ZabSyncFreshness(), syncAfter([z11, z12]).events)).toEqual([]);
  });

  it('fires when a learner completes a sync behind its leader', () => {
    expect(runChecker(new ZabSyncFreshness(), syncAfter([z11]).events)).toEqual([{
      checker: 'SyncFreshness',
      t: ms(27),
      message: 'server 2 completed sync 7 at 27.0 ms with its state at 0x100000001, but leader 1 had committed 0x100000002 ' +
        'when it processed the sync (at 25.0 ms)',
    }]);
  });

  it('does not judge a sync the leader never processed (taken at the leader itself)', () => {
    const s = syncAfter([]);
    s.events.splice(s.events.findIndex((e) => e.e === 'zab.syncRequest'), 1);
    expect(runChecker(new ZabSyncFreshness(), s.events)).toEqual([]);
  });

  it('reports a malformed syncRequest by field', () => {
    const s = new ZabScript().push(0, 'zab.syncRequest', { node: 1, learner: 'two', id: 1, committed: 0, waitFor: null });
    expect(runChecker(new ZabSyncFreshness(), s.events)[0]!.message).toMatch(/learner/);
  });
});

describe('client syncs in write-load-3', () => {
  it('every learner sync completes in FIFO order after the SYNC the leader sent, with the leader\'s commits applied', () => {
    const events: { e: string; [k: string]: unknown }[] = [];
    runScenario(findScenario('write-load-3')!, { seed: '1', write: (l) => { const e = JSON.parse(l); if (e.e) events.push(e); } });
    const requests = events.filter((e) => e.e === 'zab.syncRequest');
    const done = events.filter((e) => e.e === 'zab.syncDone' && e.node !== 3);
    expect(requests.length).toBeGreaterThan(20);
    // Each learner's syncs complete in the order it started them, and each one the leader processed completes.
    for (const sid of [1, 2]) {
      const started = events.filter((e) => e.e === 'zab.syncStart' && e.node === sid).map((e) => e.id);
      const finished = done.filter((e) => e.node === sid).map((e) => e.id);
      expect(finished).toEqual(started.slice(0, finished.length));
      expect(finished.length).toBe(requests.filter((r) => r.learner === sid).length);
    }
    // A SYNC that waited was released by the commit of its waitFor zxid and the learner applied it first.
    const waited = requests.filter((r) => r.waitFor !== null);
    expect(waited.length).toBeGreaterThan(0);
    for (const r of waited) {
      const d = done.find((e) => e.node === r.learner && e.id === r.id)!;
      expect(d.zxid as number).toBeGreaterThanOrEqual(r.waitFor as number);
    }
  });
});
