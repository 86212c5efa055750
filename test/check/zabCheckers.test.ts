// ZabCheckers as a whole: built from a trace header (clear errors for a bad one), one
// shared ZabHistories feeding the history checkers, violations in time order, a malformed
// event reported once per reader, and the end-state convergence of a run.
import { describe, expect, it } from 'vitest';
import * as check from '../../engine/check/index.ts';
import { checkZabTrace, ZabCheckers } from '../../engine/check/zab.ts';
import { ensemble, header } from './events.ts';
import { ms, ZabScript, zxid } from './zabEvents.ts';

const z11 = zxid(1, 1), z12 = zxid(1, 2), z13 = zxid(1, 3), z21 = zxid(2, 1);

/** Epoch 1 led by 1; its logged-only txn T survives into epoch 2 by DIFF (ZOOKEEPER-1154) when `bug`. */
function run(bug: boolean): ZabScript {
  const s = new ZabScript().start(0, 1).start(0, 2).start(0, 3).elect(ms(10), 1, 1, [2, 3])
    .write(ms(20), 1, z11, [2, 3]).write(ms(30), 1, z12, [2, 3])
    .propose(ms(40), 1, z13).logged(ms(41), 1, z13).crash(ms(42), 1)
    .phase(ms(43), 2, 'ELECTION').phase(ms(43), 3, 'ELECTION').elect(ms(50), 2, 2, [3]).write(ms(60), 2, z21, [3])
    .start(ms(70), 1).recovered(ms(70), 1, z13).apply(ms(71), 1, z11).apply(ms(71), 1, z12).apply(ms(71), 1, z13)
    .phase(ms(72), 1, 'SYNCHRONIZATION');
  if (!bug) s.trunc(ms(73), 1, z12, [z13]);
  return s.logged(ms(74), 1, z21).apply(ms(74), 1, z21).phase(ms(75), 1, 'BROADCAST');
}

describe('ZabCheckers', () => {
  it('builds every ZAB checker from a trace header, and names a bad header\'s field', () => {
    const c = ZabCheckers.fromHeader(header(ensemble(3)));
    expect(c.checkers.map((x) => x.name)).toEqual([
      'Integrity', 'Agreement', 'TotalOrder', 'LocalPrimaryOrder', 'GlobalPrimaryOrder',
      'PrimaryIntegrity', 'CommittedNotLost', 'PrefixOfOneHistory', 'SyncFreshness',
    ]);
    expect(() => ZabCheckers.fromHeader({ config: {} })).toThrow('trace header config.ensemble: missing');
    const observerInGroup = { ...ensemble(3, { observers: [3] }), groups: [{ gid: 1, members: [1, 2, 3] }] };
    expect(() => ZabCheckers.fromHeader({ config: { ensemble: observerInGroup } })).toThrow(/^trace header config.ensemble: .*non-voter 3/);
  });

  it('is silent on a valid run and reports a buggy one in time order', () => {
    expect(checkZabTrace(header(ensemble(3)), run(false).events)).toEqual([]);
    const v = checkZabTrace(header(ensemble(3)), run(true).events);
    // Server 1's state after 0x200000001 holds T (its digest differs), and once it serves, T
    // sits before 0x200000001 in its history, which leader 2 lacks.
    expect(v.map((x) => [x.t, x.checker])).toEqual([
      [ms(74), 'Agreement'], [ms(75), 'TotalOrder'], [ms(75), 'PrimaryIntegrity'], [ms(75), 'PrefixOfOneHistory'],
    ]);
  });

  it('reports a malformed event once per reader of it, not once per history checker', () => {
    const c = new ZabCheckers();
    const s = new ZabScript().push(ms(1), 'zab.apply', { node: 1, zxid: 'x', txn: { type: 'a' } });
    const v = s.events.flatMap((ev) => c.observe(ev));
    expect(v.map((x) => x.checker)).toEqual(['ZabHistory', 'Integrity', 'Agreement']);
    expect(v[0]!.message).toBe('trace event zab.apply at 1.0 ms: field \'zxid\' should be an integer, got "x"; event ignored');
  });

  it('observe returns what each event revealed; finish and violations gather them, and can be asked again', () => {
    const c = new ZabCheckers();
    const seen = run(true).events.flatMap((ev) => c.observe(ev));
    expect(seen).toHaveLength(4);
    expect(c.violations).toEqual(seen);
    expect(c.finish(ms(100))).toEqual(seen);
    expect(c.finish(ms(100))).toEqual(seen);
  });

  it('reads the end state of each server and judges convergence', () => {
    const c = new ZabCheckers();
    for (const ev of run(false).events) c.observe(ev);
    expect(c.endStates().map((s) => [s.sid, s.up, s.lastZxid])).toEqual([[1, true, z21], [2, true, z21], [3, true, z21]]);
    expect(c.convergence({ atLeastZxid: z21 }).converged).toBe(true);
    for (const ev of new ZabScript().propose(ms(80), 2, zxid(2, 2)).apply(ms(81), 2, zxid(2, 2)).events) c.observe(ev);
    expect(c.convergence().message).toMatch(/^live servers did not converge: \{1,3\} at 0x200000001 \(digest "[0-9a-f]{8}"\); \{2\} at 0x200000002/);
  });

  it('is exported from the checkers\' index', () => {
    expect(check.ZabCheckers).toBe(ZabCheckers);
    expect(typeof check.convergence).toBe('function');
    expect(check.ZAB_HISTORY).toBe('ZabHistory');
  });
});
