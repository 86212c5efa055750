// ElectionLiveness on hand-written runs: a connected quorum must have a serving leader
// within the bound; faults that break the condition (no quorum up, cuts, loss, slow disks)
// suspend it, and the clock restarts when a leader stops serving or a spike settles.
import { describe, expect, it } from 'vitest';
import { ElectionLiveness, livenessBoundUs } from '../../engine/check/electionLiveness.ts';
import type { Violation } from '../../engine/check/types.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import { ensemble, sec, Script } from './events.ts';

const BOUND = sec(10);

function run(s: Script, endUs: number, n = 3): Violation[] {
  const c = new ElectionLiveness(verifierFor(ensemble(n)), BOUND);
  return [...s.events.flatMap((ev) => c.observe(ev)), ...c.finish(endUs)];
}

const up3 = (t = 0) => new Script().start(t, 1).start(t, 2).start(t, 3);

describe('livenessBoundUs', () => {
  it('is 2 notification intervals + cnxTimeout + (3 initLimit + 2 syncLimit) ticks', () => {
    const c = ensemble(3); // tickTime 200, initLimit 10, syncLimit 5, cnxTimeout 5000
    expect(livenessBoundUs(c)).toBe(sec(120 + 5 + 40 * 0.2));
    expect(livenessBoundUs({ tickTime: 2000, initLimit: 10, syncLimit: 5, cnxTimeout: 5000 }, 200)).toBe(sec(0.4 + 5 + 80));
  });
});

describe('ElectionLiveness', () => {
  it('accepts a leader that serves within the bound', () => {
    expect(run(up3().serving(sec(2), 3, 1, [2, 3]).tick(sec(60)), sec(60))).toEqual([]);
  });

  it('fires when a connected quorum has no leader past the bound', () => {
    const v = run(up3(sec(20)).tick(sec(95.3)), sec(100));
    expect(v).toEqual([{
      checker: 'ElectionLiveness',
      t: sec(30),
      message: 'no leader within bound: quorum {1,2,3} connected since 20.0 s, still no serving leader at 30.0 s (bound 10.0 s)',
    }]);
  });

  it('reports the overdue deadline once, at finish if no later event came', () => {
    expect(run(up3().tick(sec(5)), sec(30))).toHaveLength(1);
    expect(run(up3().tick(sec(5)).tick(sec(12)).tick(sec(20)), sec(30))).toHaveLength(1);
  });

  it('does not judge a deadline at or after the end of the run', () => {
    expect(run(up3().tick(sec(5)), sec(10))).toEqual([]);
  });

  it('finish is a query: asking twice gives the same answer', () => {
    const c = new ElectionLiveness(verifierFor(ensemble(3)), BOUND);
    for (const ev of up3().events) c.observe(ev);
    expect(c.finish(sec(30))).toEqual(c.finish(sec(30)));
    expect(c.finish(sec(30))).toHaveLength(1);
  });

  it('needs a quorum up: one server of three is not enough', () => {
    expect(run(new Script().start(0, 1).tick(sec(50)), sec(60))).toEqual([]);
  });

  it('starts the clock when the quorum came up, and stops it while it is broken', () => {
    // 2 up at 0, 3 up at 1 s; 2 crashes at 8 s (no quorum), restarts at 15 s: clock from 15 s.
    const s = new Script().start(0, 1).start(sec(1), 2).crash(sec(8), 2).start(sec(15), 2, 2).tick(sec(24.9));
    expect(run(s, sec(24.9))).toEqual([]);
    const v = run(s.tick(sec(26)), sec(26));
    expect(v.map((x) => x.t)).toEqual([sec(25)]);
    expect(v[0]!.message).toContain('quorum {1,2} connected since 15.0 s');
  });

  it('restarts the clock when the serving leader stops serving', () => {
    const s = up3().serving(sec(1), 3, 1, [1, 3]).crash(sec(30), 3).tick(sec(45));
    const v = run(s, sec(45));
    expect(v).toEqual([{
      checker: 'ElectionLiveness',
      t: sec(40),
      message: 'no leader within bound: quorum {1,2} connected since 0.0 s; leader 3 stopped serving at 30.0 s, ' +
        'still no serving leader at 40.0 s (bound 10.0 s)',
    }]);
    const t = up3().serving(sec(1), 3, 1, [1, 3]).state(sec(30), 3, 'LOOKING', 'LEADING').tick(sec(45));
    expect(run(t, sec(45))[0]!.message).toBe(
      'no leader within bound: quorum {1,2,3} connected since 0.0 s; leader 3 stopped serving at 30.0 s, ' +
      'still no serving leader at 40.0 s (bound 10.0 s)');
    expect(run(up3().serving(sec(1), 3, 1, [1, 3]).state(sec(30), 3, 'LOOKING', 'LEADING').serving(sec(32), 2, 2, [1, 2]), sec(60)))
      .toEqual([]);
  });

  it('counts a partition that leaves a connected majority, not one that splits everyone', () => {
    expect(run(up3().fault(sec(1), { kind: 'partition', groups: [[1], [2, 3]] }).tick(sec(20)), sec(20))).toHaveLength(1);
    // Connected from 0 s to 1 s only: that period ended long before its deadline.
    expect(run(up3().fault(sec(1), { kind: 'partition', groups: [[1], [2], [3]] }).tick(sec(50)), sec(50))).toEqual([]);
  });

  it('suspends the clock during a full split and starts it again at the heal', () => {
    const s = up3().fault(sec(1), { kind: 'partition', groups: [[1], [2], [3]] }).fault(sec(40), { kind: 'heal' }).tick(sec(49));
    expect(run(s, sec(49))).toEqual([]);
    const v = run(s.tick(sec(51)), sec(51));
    expect(v.map((x) => x.t)).toEqual([sec(50)]);
  });

  it('handles one-way cuts and isolation as cuts of the pair', () => {
    // 1↛2 leaves {1,3} and {2,3} connected: still a quorum.
    expect(run(up3().fault(sec(1), { kind: 'oneWay', from: 1, to: 2 }).tick(sec(20)), sec(20))).toHaveLength(1);
    // 3 isolated and 1↛2: no two servers are connected both ways.
    const s = up3().fault(0, { kind: 'isolate', node: 3 }).fault(0, { kind: 'oneWay', from: 1, to: 2 }).tick(sec(50));
    expect(run(s, sec(50))).toEqual([]);
  });

  it('suspends the clock while message loss is on', () => {
    const s = up3().fault(0, { kind: 'loss', probability: 0.1 }).fault(sec(30), { kind: 'loss', probability: 0 }).tick(sec(39));
    expect(run(s, sec(39))).toEqual([]);
    expect(run(s.tick(sec(41)), sec(41)).map((x) => x.t)).toEqual([sec(40)]);
  });

  it('does not count servers with slow fsyncs as healthy', () => {
    const s = up3().fault(0, { kind: 'fsyncDelay', extraMs: 5 }).fault(sec(30), { kind: 'fsyncDelay', node: 1, extraMs: 0 }).tick(sec(60));
    expect(run(s, sec(60))).toEqual([]); // only server 1 is healthy
    const t = up3().fault(0, { kind: 'fsyncDelay', node: 3, extraMs: 5 }).tick(sec(20));
    expect(run(t, sec(20))[0]!.message).toContain('quorum {1,2} connected since 0.0 s');
  });

  it('waits for a latency spike on the quorum to settle', () => {
    const s = up3().fault(sec(5), { kind: 'spike', durationMs: 3000, extraMs: 2000, nodes: [2] }).tick(sec(30));
    const v = run(s, sec(30));
    expect(v.map((x) => x.t)).toEqual([sec(20)]);
    expect(v[0]!.message).toContain('; the last latency spike on it settled at 10.0 s');
  });

  it('stretches the bound for a slow clock in the quorum', () => {
    const s = up3().fault(0, { kind: 'drift', node: 2, ppm: -500_000 }).tick(sec(60));
    const v = run(s, sec(60));
    expect(v.map((x) => x.t)).toEqual([sec(20)]);
    expect(v[0]!.message).toContain('(bound 20.0 s, stretched from 10.0 s for clock drift -500000 ppm on server 2)');
  });

  it('does not count a server that refused to start', () => {
    const s = up3();
    s.push(0, 'zk.refuse', { node: 3, reason: 'disk' });
    s.push(0, 'zk.refuse', { node: 2, reason: 'disk' });
    expect(run(s.tick(sec(50)), sec(50))).toEqual([]);
  });

  it('reports an unreadable fault', () => {
    const v = run(up3().serving(1, 1, 1, [1, 2]).fault(sec(1), { kind: 'partition', groups: 'all' }), sec(2));
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe("trace event fault at 1000.0 ms: fault partition: 'groups' should be lists of node ids; event ignored");
  });
});
