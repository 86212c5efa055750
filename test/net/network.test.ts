// The virtual network, driven through a Sim with recording processes: FIFO per direction,
// cuts (partition / isolate / one-way), loss, crash, connect, close, give-up, spikes,
// and link counters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LatencyDist } from '../../engine/net/latency.ts';
import type { ConnId, NodeId } from '../../engine/net/types.ts';
import { Lab, check, msg, runs } from '../sim/harness.ts';

const fixed = (us: number): LatencyDist => ({ kind: 'fixed', us });
const uniform = (minUs: number, maxUs: number): LatencyDist => ({ kind: 'uniform', minUs, maxUs });

const latencyArb: fc.Arbitrary<LatencyDist> = fc.oneof(
  fc.integer({ min: 0, max: 2_000 }).map(fixed),
  fc.tuple(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 5_000 })).map(([a, b]) => uniform(a, a + b)),
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200_000 }))
    .map(([minUs, stepUs, extra]): LatencyDist => ({ kind: 'longTail', minUs, stepUs, capUs: minUs + extra })),
);

function heal(lab: Lab): void {
  lab.sim.net.cuts.heal();
  lab.sim.net.cutsChanged();
}

describe('Network: FIFO', () => {
  it('delivers each direction in send order under random latency (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        latencyArb,
        fc.nat({ max: 4 }),
        fc.nat({ max: 4 }),
        fc.array(fc.record({ at: fc.nat({ max: 20_000 }), up: fc.boolean() }), { maxLength: 80, size: 'max' }),
        (seed, latency, acceptBurst, connectedBurst, sends) => {
          const lab = new Lab({ seed, net: { latency } }, [1, 2]);
          const sent = { up: [] as number[], down: [] as number[] }; // up: 1 -> 2
          let k = 0;
          // The acceptor and the connector both send at once, before anything else.
          lab.hooks.set(2, { onAccept: (ctx, conn) => { for (let i = 0; i < acceptBurst; i++) { sent.down.push(k); ctx.send(conn, msg(k++)); } } });
          lab.hooks.set(1, { onConnected: (ctx, conn) => { for (let i = 0; i < connectedBurst; i++) { sent.up.push(k); ctx.send(conn, msg(k++)); } } });
          const conn = lab.connect(1, 2);
          const t0 = lab.sim.now;
          for (const s of sends) {
            lab.sim.kernel.at(t0 + s.at, () => {
              const n = k++;
              (s.up ? sent.up : sent.down).push(n);
              lab.ctx(s.up ? 1 : 2).send(conn, msg(n));
            });
          }
          lab.sim.kernel.runUntilTime(t0 + 20_000 + 10_000_000);
          expect(lab.received(2, conn)).toEqual(sent.up);
          expect(lab.received(1, conn)).toEqual(sent.down);
          expect(lab.of('close')).toEqual([]);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it('data the acceptor sends on accept is not lost before the connector learns of the connection', () => {
    // Fixed latency: the acceptor's first message arrives at the same time as the
    // connector's onConnected (accept at 300, connected at 600, data at 600).
    const lab = new Lab({ seed: 1, net: { latency: fixed(300) } }, [1, 2]);
    lab.hooks.set(2, { onAccept: (ctx, conn) => ctx.send(conn, msg('hello')) });
    lab.ctx(1).connect(2, 'x', 1_000_000);
    lab.sim.kernel.runUntilTime(10_000);
    expect(lab.of('connected', 1).map((e) => e.t)).toEqual([600]);
    expect(lab.received(1)).toEqual(['hello']);
    expect(lab.sim.net.linkCounters().filter((l) => l.counters.sent > 0)).toEqual([{ from: 2, to: 1, counters: { sent: 1, delivered: 1, dropped: 0 } }]);
  });

  it('an acceptor that sends and closes at once: the connector hears connected, the data, then eof', () => {
    for (let seed = 0; seed < 20; seed++) {
      const lab = new Lab({ seed, net: { latency: uniform(100, 500) } }, [1, 2]);
      lab.hooks.set(2, { onAccept: (ctx, conn) => { ctx.send(conn, msg('bye')); ctx.close(conn); } });
      lab.ctx(1).connect(2, 'x', 1_000_000);
      lab.sim.kernel.runUntilTime(10_000);
      const at1 = lab.log.filter((e) => e.node === 1 && e.kind !== 'start').map((e) => e.kind);
      expect(at1, `seed ${seed}`).toEqual(['connected', 'message', 'close']);
      expect(lab.of('close', 1)[0]!.reason).toBe('eof');
    }
  });

  it('data the acceptor sends on accept is not lost under random latency', () => {
    for (let seed = 0; seed < 50; seed++) {
      const lab = new Lab({ seed, net: { latency: uniform(100, 500) } }, [1, 2]);
      lab.hooks.set(2, { onAccept: (ctx, conn) => ctx.send(conn, msg('hello')) });
      lab.ctx(1).connect(2, 'x', 1_000_000);
      lab.sim.kernel.runUntilTime(10_000);
      expect(lab.received(1), `seed ${seed}`).toEqual(['hello']);
      // ...and the connector hears of the connection before its first byte.
      const kinds = lab.log.filter((e) => e.node === 1 && e.kind !== 'start').map((e) => e.kind);
      expect(kinds, `seed ${seed}`).toEqual(['connected', 'message']);
    }
  });
});

describe('Network: cuts', () => {
  const nodes = [1, 2, 3, 4, 5];

  it('a partition cuts exactly the directions between listed groups; held data arrives after heal, in order (property)', () => {
    const D = 8_000; // partition length
    const PRE = 1_500; // sends start this long before the cut, so some are in flight at the cut
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: nodes.length, maxLength: nodes.length }),
        fc.array(fc.record({ a: fc.nat({ max: 4 }), b: fc.nat({ max: 3 }), at: fc.nat({ max: D + 2 * PRE }) }), { maxLength: 80, size: 'max' }),
        (seed, groupOf, sends) => {
          const lab = new Lab({ seed, net: { latency: uniform(100, 1_000) } }, nodes);
          const conns = new Map<string, ConnId>();
          for (const a of nodes) for (const b of nodes) if (a < b) conns.set(`${a}-${b}`, lab.connect(a, b));
          const connOf = (a: NodeId, b: NodeId) => conns.get(a < b ? `${a}-${b}` : `${b}-${a}`)!;
          const groups: NodeId[][] = [[], [], []];
          groupOf.forEach((g, i) => { if (g >= 0) groups[g]!.push(nodes[i]!); });
          const listed = (n: NodeId) => groupOf[nodes.indexOf(n)]! >= 0;
          const allowed = (a: NodeId, b: NodeId) => !listed(a) || !listed(b) || groupOf[nodes.indexOf(a)] === groupOf[nodes.indexOf(b)];

          const t0 = lab.sim.now;
          const cutAt = t0 + PRE, healAt = cutAt + D;
          const log: { n: number; a: NodeId; b: NodeId; t: number }[] = [];
          for (const s of sends) {
            const a = nodes[s.a]!;
            const b = nodes.filter((x) => x !== a)[s.b]!;
            lab.sim.kernel.at(t0 + s.at, () => {
              log.push({ n: log.length, a, b, t: lab.sim.now });
              lab.ctx(a).send(connOf(a, b), msg(log.length - 1));
            });
          }
          lab.sim.kernel.at(cutAt, () => { lab.sim.net.cuts.partition(groups.filter((g) => g.length > 0)); lab.sim.net.cutsChanged(); });
          lab.sim.kernel.at(healAt, () => heal(lab));
          lab.sim.kernel.runUntilTime(healAt + 100_000);

          const deliveredAt = new Map<number, number>();
          for (const e of lab.of('message')) deliveredAt.set(e.msg['n'] as number, e.t);
          for (const m of log) {
            const at = deliveredAt.get(m.n);
            const what = `message ${m.n} ${m.a}->${m.b} sent at ${m.t}, delivered at ${at}`;
            check(at !== undefined, `${what}: never delivered`);
            if (m.t + 1_000 < cutAt) check(at! < cutAt, `${what}: not before the cut at ${cutAt}`);
            if (m.t >= cutAt && m.t + 1_000 < healAt) {
              // While partitioned: delivered iff the direction is allowed.
              if (allowed(m.a, m.b)) check(at! < healAt, `${what}: allowed but held past the heal at ${healAt}`);
              else check(at! >= healAt, `${what}: cut but delivered before the heal at ${healAt}`);
            }
          }
          // Per direction, delivery order is send order.
          for (const a of nodes) {
            for (const b of nodes) {
              if (a === b) continue;
              const want = log.filter((m) => m.a === a && m.b === b).map((m) => m.n);
              const got = lab.of('message', b).filter((e) => e.conn === connOf(a, b)).map((e) => e.msg['n']);
              check(got.join() === want.join(), `direction ${a}->${b}: got [${got.join()}], sent [${want.join()}]`);
            }
          }
          expect(lab.of('close')).toEqual([]);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it('held data is not overtaken by data that was still in flight when the cut healed', () => {
    // m0 is sent just before the cut and arrives while cut (held); m1 is sent later with a
    // long latency and is still in flight when the cut heals. m0 must still arrive first.
    const lab = new Lab({ seed: 1, net: { latency: fixed(1_000) } }, [1, 2]);
    const conn = lab.connect(1, 2);
    const t0 = lab.sim.now;
    lab.ctx(1).send(conn, msg(0)); // arrives at t0 + 1000: held
    lab.sim.kernel.runUntilTime(t0 + 500);
    lab.sim.net.cuts.block(1, 2);
    lab.sim.net.cutsChanged();
    lab.sim.net.spike(1, 50_000); // only m1 (sent now) is slow
    lab.ctx(1).send(conn, msg(1)); // arrives at t0 + 51500
    lab.sim.kernel.runUntilTime(t0 + 2_000);
    heal(lab); // m0 rescheduled at >= m1's time
    lab.sim.kernel.runUntilTime(t0 + 200_000);
    expect(lab.received(2)).toEqual([0, 1]);
  });

  it('data sent while one message is held and another still in flight keeps its place', () => {
    const lab = new Lab({ seed: 1, net: { latency: fixed(1_000) } }, [1, 2]);
    const conn = lab.connect(1, 2);
    const t0 = lab.sim.now;
    const at = (dt: number, fn: () => void) => lab.sim.kernel.at(t0 + dt, fn);
    at(0, () => lab.ctx(1).send(conn, msg(0))); // arrives at 1000: held
    at(500, () => { lab.sim.net.cuts.block(1, 2); lab.sim.net.cutsChanged(); });
    at(600, () => { lab.sim.net.spike(1, 5_000); lab.ctx(1).send(conn, msg(1)); }); // in flight until 6600
    at(2_000, () => lab.ctx(1).send(conn, msg(2))); // sent while 0 is held and 1 in flight
    at(10_000, () => heal(lab));
    lab.sim.kernel.runUntilTime(t0 + 100_000);
    expect(lab.received(2)).toEqual([0, 1, 2]);
  });

  it('a one-way block cuts only that direction', () => {
    const lab = new Lab({ seed: 2, net: { latency: uniform(100, 300) } }, [1, 2, 3]);
    const c12 = lab.connect(1, 2);
    const c13 = lab.connect(1, 3);
    lab.sim.net.cuts.block(1, 2);
    lab.sim.net.cutsChanged();
    const t0 = lab.sim.now;
    lab.ctx(1).send(c12, msg('a'));
    lab.ctx(2).send(c12, msg('b'));
    lab.ctx(1).send(c13, msg('c'));
    lab.ctx(3).send(c13, msg('d'));
    lab.sim.kernel.runUntilTime(t0 + 50_000);
    expect(lab.received(2)).toEqual([]);
    expect(lab.received(1).sort()).toEqual(['b', 'd']);
    expect(lab.received(3)).toEqual(['c']);
    // A new connection across the block cannot be made either (no round trip).
    lab.ctx(2).connect(1, 'again', 5_000);
    lab.sim.kernel.runUntilTime(lab.sim.now + 10_000);
    expect(lab.of('connectFailed', 2).map((e) => e.tag)).toEqual(['again']);
    lab.ctx(1).send(c12, msg('e'));
    heal(lab);
    lab.sim.kernel.runUntilTime(lab.sim.now + 50_000);
    expect(lab.received(2)).toEqual(['a', 'e']);
    expect(lab.of('close')).toEqual([]);
  });

  it('isolate cuts a node from everyone, both ways, and nobody else', () => {
    const lab = new Lab({ seed: 3, net: { latency: uniform(100, 300) } }, [1, 2, 3]);
    const c12 = lab.connect(1, 2);
    const c13 = lab.connect(1, 3);
    const c23 = lab.connect(2, 3);
    lab.sim.net.cuts.isolate(1);
    lab.sim.net.cutsChanged();
    const t0 = lab.sim.now;
    lab.ctx(1).send(c12, msg('12'));
    lab.ctx(2).send(c12, msg('21'));
    lab.ctx(3).send(c13, msg('31'));
    lab.ctx(2).send(c23, msg('23'));
    lab.ctx(3).send(c23, msg('32'));
    lab.sim.kernel.runUntilTime(t0 + 50_000);
    expect(lab.received(1)).toEqual([]);
    expect(lab.received(2)).toEqual(['32']);
    expect(lab.received(3)).toEqual(['23']);
    heal(lab);
    lab.sim.kernel.runUntilTime(lab.sim.now + 50_000);
    expect(lab.received(1).sort()).toEqual(['21', '31']);
    expect(lab.received(2)).toEqual(['32', '12']);
  });

  it('a partition longer than giveUpUs breaks the connection with timeout at both ends', () => {
    const giveUpUs = 1_000_000;
    const lab = new Lab({ seed: 4, net: { latency: fixed(200), giveUpUs } }, [1, 2, 3]);
    const c12 = lab.connect(1, 2);
    const c13 = lab.connect(1, 3);
    lab.sim.net.cuts.partition([[1, 3], [2]]);
    lab.sim.net.cutsChanged();
    const t0 = lab.sim.now;
    lab.ctx(1).send(c12, msg('lost'));
    lab.ctx(1).send(c13, msg('ok'));
    lab.sim.kernel.runUntilTime(t0 + giveUpUs - 1);
    expect(lab.of('close')).toEqual([]);
    lab.sim.kernel.runUntilTime(t0 + 200 + giveUpUs);
    const closes = lab.of('close').map((e) => [e.node, e.conn, e.reason, e.t]);
    expect(closes).toEqual([[1, c12, 'timeout', t0 + 200 + giveUpUs], [2, c12, 'timeout', t0 + 200 + giveUpUs]]);
    heal(lab);
    lab.sim.kernel.runUntilTime(lab.sim.now + 10_000);
    expect(lab.received(2)).toEqual([]);
    expect(lab.received(3)).toEqual(['ok']);
    expect(lab.sim.net.isOpen(c12)).toBe(false);
    expect(lab.sim.net.isOpen(c13)).toBe(true);
  });

  it('a partition shorter than giveUpUs does not break the connection', () => {
    const giveUpUs = 1_000_000;
    const lab = new Lab({ seed: 5, net: { latency: fixed(200), giveUpUs } }, [1, 2]);
    const c = lab.connect(1, 2);
    lab.sim.net.cuts.partition([[1], [2]]);
    lab.sim.net.cutsChanged();
    lab.ctx(1).send(c, msg(1));
    lab.sim.kernel.runUntilTime(lab.sim.now + giveUpUs - 1_000);
    heal(lab);
    lab.sim.kernel.runUntilTime(lab.sim.now + 5 * giveUpUs);
    expect(lab.received(2)).toEqual([1]);
    expect(lab.of('close')).toEqual([]);
    // A second cut gets a fresh give-up budget.
    lab.sim.net.cuts.partition([[1], [2]]);
    lab.sim.net.cutsChanged();
    lab.ctx(2).send(c, msg(2));
    lab.sim.kernel.runUntilTime(lab.sim.now + giveUpUs - 1_000);
    heal(lab);
    lab.sim.kernel.runUntilTime(lab.sim.now + 5 * giveUpUs);
    expect(lab.received(1)).toEqual([2]);
    expect(lab.of('close')).toEqual([]);
  });

  it('a graceful close whose EOF is held past giveUpUs still tells the peer', () => {
    const giveUpUs = 1_000_000;
    const lab = new Lab({ seed: 6, net: { latency: fixed(200), giveUpUs } }, [1, 2]);
    const c = lab.connect(1, 2);
    lab.sim.net.cuts.partition([[1], [2]]);
    lab.sim.net.cutsChanged();
    lab.ctx(1).send(c, msg('bye'));
    lab.ctx(1).close(c);
    lab.sim.kernel.runUntilTime(lab.sim.now + 3 * giveUpUs);
    // Node 2 must not be left believing the connection is open.
    expect(lab.of('close', 2).map((e) => [e.conn, e.reason])).toEqual([[c, 'timeout']]);
    expect(lab.of('close', 1)).toEqual([]); // the closer was not told again
  });

  it('a crash whose EOF is held past giveUpUs still tells the survivor', () => {
    const giveUpUs = 1_000_000;
    const lab = new Lab({ seed: 7, net: { latency: fixed(200), giveUpUs } }, [1, 2]);
    const c = lab.connect(1, 2);
    lab.sim.net.cuts.partition([[1], [2]]);
    lab.sim.net.cutsChanged();
    lab.crash(1);
    lab.sim.kernel.runUntilTime(lab.sim.now + 3 * giveUpUs);
    expect(lab.of('close', 2).map((e) => [e.conn, e.reason])).toEqual([[c, 'timeout']]);
  });
});

describe('Network: loss, crash, close', () => {
  it('loss (1_000_000 ppm) resets the connection: both ends see reset, in-flight data is lost', () => {
    const lab = new Lab({ seed: 8, net: { latency: fixed(500) } }, [1, 2]);
    const c = lab.connect(1, 2);
    const t0 = lab.sim.now;
    lab.ctx(2).send(c, msg('in-flight'));
    lab.sim.net.setLoss(1_000_000);
    lab.ctx(1).send(c, msg('lost'));
    expect(lab.of('close')).toEqual([]); // never from inside send
    lab.sim.kernel.runUntilTime(t0 + 10_000);
    expect(lab.of('close').map((e) => [e.node, e.conn, e.reason, e.t])).toEqual([[1, c, 'reset', t0], [2, c, 'reset', t0]]);
    expect(lab.of('message')).toEqual([]);
    expect(lab.sim.net.isOpen(c)).toBe(false);
    // Sending on the dead connection is silently dropped.
    lab.sim.net.setLoss(0);
    lab.ctx(1).send(c, msg('late'));
    lab.sim.kernel.runUntilTime(lab.sim.now + 10_000);
    expect(lab.of('message')).toEqual([]);
    expect(lab.sim.net.linkCounters()).toEqual([
      { from: 1, to: 2, counters: { sent: 1, delivered: 0, dropped: 1 } },
      { from: 2, to: 1, counters: { sent: 1, delivered: 0, dropped: 1 } },
    ]);
  });

  it('setLoss validates its argument', () => {
    const lab = new Lab({ seed: 8 }, [1]);
    for (const bad of [-1, 1_000_001, 0.5, Number.NaN]) expect(() => lab.sim.net.setLoss(bad)).toThrow();
  });

  it('nothing reaches a crashed node (nor its next incarnation); the survivor sees eof', () => {
    const lab = new Lab({ seed: 9, net: { latency: uniform(200, 800) } }, [1, 2]);
    const c = lab.connect(1, 2);
    for (let i = 0; i < 5; i++) lab.ctx(1).send(c, msg(`to2-${i}`));
    for (let i = 0; i < 5; i++) lab.ctx(2).send(c, msg(`to1-${i}`));
    lab.sim.kernel.runUntilTime(lab.sim.now + 100); // all still in flight
    const tCrash = lab.sim.now;
    lab.crash(2);
    lab.sim.restart(2);
    lab.sim.kernel.runUntilTime(tCrash + 100_000);
    expect(lab.of('message', 2)).toEqual([]);
    expect(lab.of('message', 1)).toEqual([]); // what was in flight is lost (DESIGN: network model)
    const closes = lab.of('close');
    expect(closes.map((e) => [e.node, e.conn, e.reason])).toEqual([[1, c, 'eof']]);
    expect(closes[0]!.t).toBeGreaterThan(tCrash);
    expect(lab.stale).toEqual([]);
    // The survivor's sends after the crash are dropped, never delivered to the new incarnation.
    lab.ctx(1).send(c, msg('after'));
    lab.sim.kernel.runUntilTime(lab.sim.now + 100_000);
    expect(lab.of('message')).toEqual([]);
  });

  it('when both ends close, data on its way to the second closer is dropped, never delivered', () => {
    for (const partitioned of [false, true]) {
      const lab = new Lab({ seed: 10, net: { latency: fixed(500) } }, [1, 2]);
      const c = lab.connect(1, 2);
      if (partitioned) { lab.sim.net.cuts.partition([[1], [2]]); lab.sim.net.cutsChanged(); }
      lab.ctx(1).send(c, msg('m'));
      lab.ctx(1).close(c);
      lab.sim.kernel.runUntilTime(lab.sim.now + 100);
      lab.ctx(2).close(c); // before m and the EOF arrive
      heal(lab);
      lab.sim.kernel.runUntilTime(lab.sim.now + 100_000);
      expect(lab.of('message')).toEqual([]);
      expect(lab.of('close')).toEqual([]);
      const row = lab.sim.net.linkCounters().find((l) => l.from === 1 && l.to === 2)!;
      expect(row.counters).toEqual({ sent: 1, delivered: 0, dropped: 1 });
      expect(lab.sim.net.isOpen(c)).toBe(false);
      expect(lab.sim.kernel.queue.length).toBe(0);
    }
  });

  it('a graceful close delivers what the closer sent, then the peer gets eof', () => {
    const lab = new Lab({ seed: 10, net: { latency: uniform(100, 2_000) } }, [1, 2]);
    const c = lab.connect(1, 2);
    lab.ctx(2).send(c, msg('towards-closer')); // dropped: the closer no longer reads
    for (let i = 0; i < 10; i++) lab.ctx(1).send(c, msg(i));
    lab.ctx(1).close(c);
    lab.ctx(1).send(c, msg('after-close')); // dropped
    lab.sim.kernel.runUntilTime(lab.sim.now + 100_000);
    expect(lab.received(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lab.received(1)).toEqual([]);
    const at2 = lab.log.filter((e) => e.node === 2 && (e.kind === 'message' || e.kind === 'close'));
    expect(at2[at2.length - 1]).toMatchObject({ kind: 'close', conn: c, reason: 'eof' });
    expect(lab.of('close', 1)).toEqual([]);
  });
});

describe('Network: connect', () => {
  it('connect to an up node takes one round trip: onAccept, then onConnected', () => {
    const lab = new Lab({ seed: 11, net: { latency: fixed(300) } }, [1, 2]);
    lab.sim.kernel.runUntilTime(1_000);
    lab.ctx(1).connect(2, 'peer', 50_000);
    lab.sim.kernel.runUntilTime(10_000);
    const acc = lab.of('accept');
    const con = lab.of('connected');
    expect(acc.map((e) => [e.node, e.peer, e.tag, e.t])).toEqual([[2, 1, 'peer', 1_300]]);
    expect(con.map((e) => [e.node, e.peer, e.tag, e.t])).toEqual([[1, 2, 'peer', 1_600]]);
    expect(acc[0]!.conn).toBe(con[0]!.conn);
    expect(lab.of('connectFailed')).toEqual([]);
  });

  it('connect to a down node fails after exactly the given timeout', () => {
    const lab = new Lab({ seed: 12, net: { latency: uniform(100, 900) } }, [1, 2, 3], { start: false });
    lab.sim.start(1);
    lab.sim.start(3);
    lab.sim.kernel.runUntilTime(1_000);
    lab.ctx(1).connect(2, 'never-started', 7_777);
    lab.crash(3);
    lab.ctx(1).connect(3, 'crashed', 12_345);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('connectFailed').map((e) => [e.peer, e.tag, e.reason, e.t])).toEqual([
      [2, 'never-started', 'timeout', 8_777],
      [3, 'crashed', 'timeout', 13_345],
    ]);
    expect(lab.of('accept')).toEqual([]);
  });

  it('connect to a node that crashes while the request is in flight fails after exactly the timeout', () => {
    const lab = new Lab({ seed: 13, net: { latency: fixed(400) } }, [1, 2]);
    lab.ctx(1).connect(2, 'x', 10_000);
    lab.sim.kernel.runUntilTime(100);
    lab.crash(2);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('connectFailed').map((e) => [e.tag, e.t])).toEqual([['x', 10_000]]);
  });

  it.each([
    ['a partition', (lab: Lab) => lab.sim.net.cuts.partition([[1], [2]])],
    ['a one-way block of the answer', (lab: Lab) => lab.sim.net.cuts.block(2, 1)],
  ])('a connect whose SYN is in flight when %s begins fails after the timeout; nobody is told of a connection', (_name, cut) => {
    const lab = new Lab({ seed: 14, net: { latency: fixed(400) } }, [1, 2]);
    lab.ctx(1).connect(2, 'x', 10_000);
    lab.sim.kernel.runUntilTime(100);
    cut(lab);
    lab.sim.net.cutsChanged();
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('connectFailed').map((e) => [e.tag, e.reason, e.t])).toEqual([['x', 'timeout', 10_000]]);
    expect(lab.of('accept')).toEqual([]);
    expect(lab.of('connected')).toEqual([]);
  });

  it('a SYN lost to a cut is sent again 1 s, then 3 s, 7 s after the first, as TCP does: a path healed within the timeout connects', () => {
    const lab = new Lab({ seed: 15, net: { latency: fixed(400) } }, [1, 2, 3]);
    lab.sim.net.cuts.partition([[1], [2], [3]]);
    lab.sim.net.cutsChanged();
    lab.ctx(1).connect(2, 'healed', 5_000_000);
    lab.ctx(1).connect(3, 'never', 5_000_000);
    lab.sim.kernel.at(2_600_000, () => { lab.sim.net.cuts.heal(); lab.sim.net.cuts.partition([[1, 2], [3]]); lab.sim.net.cutsChanged(); });
    lab.sim.kernel.runUntilTime(10_000_000);
    // 'healed': SYNs at 0 and 1 s are lost, the one at 3 s gets through (the path healed at 2.6 s).
    expect(lab.of('accept').map((e) => [e.tag, e.t])).toEqual([['healed', 3_000_400]]);
    expect(lab.of('connected').map((e) => [e.tag, e.t])).toEqual([['healed', 3_000_800]]);
    // 'never': its SYNs at 0, 1 and 3 s met the cut, and 7 s is past its timeout.
    expect(lab.of('connectFailed').map((e) => [e.tag, e.reason, e.t])).toEqual([['never', 'timeout', 5_000_000]]);
  });

  it('a machine that is off gets SYNs until it is up (without refuseWhenDown)', () => {
    const lab = new Lab({ seed: 16, net: { latency: fixed(250) } }, [1, 2], { start: false });
    lab.sim.start(1);
    lab.ctx(1).connect(2, 'x', 5_000_000);
    lab.sim.kernel.at(1_500_000, () => lab.sim.start(2));
    lab.sim.kernel.runUntilTime(10_000_000);
    expect(lab.of('connected').map((e) => [e.tag, e.t])).toEqual([['x', 3_000_500]]);
    expect(lab.of('connectFailed')).toEqual([]);
  });

  it('with refuseWhenDown, connect to a down node is refused after one round trip (or times out first, if the timeout is shorter)', () => {
    const lab = new Lab({ seed: 12, net: { latency: fixed(300), refuseWhenDown: true } }, [1, 2]);
    lab.crash(2);
    lab.ctx(1).connect(2, 'rst', 10_000);
    lab.ctx(1).connect(2, 'short', 450);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('connectFailed').map((e) => [e.tag, e.reason, e.t])).toEqual([['short', 'timeout', 450], ['rst', 'refused', 600]]);
  });

  it('an acceptor that crashes during the handshake: the connector hears connected, then eof', () => {
    const lab = new Lab({ seed: 13, net: { latency: fixed(400) } }, [1, 2]);
    lab.ctx(1).connect(2, 'x', 10_000);
    lab.sim.kernel.runUntilTime(500); // accepted at 400
    lab.crash(2);
    lab.sim.kernel.runUntilTime(100_000);
    const at1 = lab.log.filter((e) => e.node === 1 && e.kind !== 'start').map((e) => [e.kind, e.t]);
    expect(at1).toEqual([['connected', 800], ['close', 900]]);
    expect(lab.of('close', 1)[0]!.reason).toBe('eof');
  });

  it('connect across a cut fails after the timeout', () => {
    const lab = new Lab({ seed: 14, net: { latency: fixed(100) } }, [1, 2]);
    lab.sim.net.cuts.partition([[1], [2]]);
    lab.sim.net.cutsChanged();
    lab.ctx(1).connect(2, 'x', 5_000);
    lab.sim.kernel.runUntilTime(100_000);
    expect(lab.of('connectFailed').map((e) => [e.tag, e.t])).toEqual([['x', 5_000]]);
    expect(lab.of('accept')).toEqual([]);
  });

  it("a connect issued by a crashed incarnation never reaches the restarted one", () => {
    for (const crashAt of [100, 500, 700]) {
      // latency 400: accept at 400, connected at 800; the timeout path for a down peer.
      const lab = new Lab({ seed: 15, net: { latency: fixed(400) } }, [1, 2, 3]);
      lab.crash(3);
      lab.ctx(1).connect(2, 'old', 2_000);
      lab.ctx(1).connect(3, 'old-down', 2_000);
      lab.sim.kernel.runUntilTime(crashAt);
      lab.crash(1);
      lab.sim.restart(1);
      lab.sim.kernel.runUntilTime(100_000);
      const at1 = lab.log.filter((e) => e.node === 1 && e.kind !== 'start');
      expect(at1, `crash at ${crashAt}`).toEqual([]);
      expect(lab.stale).toEqual([]);
    }
  });
});

describe('Network: latency spikes', () => {
  it('a spike adds its extra latency to messages sent within its window only', () => {
    const lab = new Lab({ seed: 16, net: { latency: fixed(100) } }, [1, 2, 3]);
    const c12 = lab.connect(1, 2);
    const c13 = lab.connect(1, 3);
    const t0 = lab.sim.now;
    lab.sim.net.spike(1_000, 5_000);
    const sendAt = (t: number, conn: ConnId, from: NodeId, n: string) => lab.sim.kernel.at(t, () => lab.ctx(from).send(conn, msg(n)));
    sendAt(t0, c12, 1, 'start');
    sendAt(t0 + 999, c12, 2, 'end');
    sendAt(t0 + 1_000, c13, 1, 'after');
    lab.sim.kernel.runUntilTime(t0 + 100_000);
    const at = (n: string) => lab.of('message').find((e) => e.msg['n'] === n)!.t;
    expect(at('start')).toBe(t0 + 5_100);
    expect(at('end')).toBe(t0 + 999 + 5_100);
    expect(at('after')).toBe(t0 + 1_100);
  });

  it('a spike limited to some nodes affects only links touching them', () => {
    const lab = new Lab({ seed: 17, net: { latency: fixed(100) } }, [1, 2, 3]);
    const c12 = lab.connect(1, 2);
    const c23 = lab.connect(2, 3);
    const t0 = lab.sim.now;
    lab.sim.net.spike(10_000, 5_000, [3]);
    lab.ctx(1).send(c12, msg('12'));
    lab.ctx(2).send(c23, msg('23'));
    lab.ctx(3).send(c23, msg('32'));
    lab.sim.kernel.runUntilTime(t0 + 100_000);
    const at = (n: string) => lab.of('message').find((e) => e.msg['n'] === n)!.t;
    expect(at('12')).toBe(t0 + 100);
    expect(at('23')).toBe(t0 + 5_100);
    expect(at('32')).toBe(t0 + 5_100);
  });
});

describe('Network: link counters', () => {
  type Op =
    | { kind: 'send'; a: number; b: number; burst: number }
    | { kind: 'crash'; a: number }
    | { kind: 'partition'; groups: number[] }
    | { kind: 'heal' }
    | { kind: 'loss'; ppm: number }
    | { kind: 'block'; a: number; b: number }
    | { kind: 'spike'; extraUs: number }
    | { kind: 'close'; a: number; b: number };
  const N = 4;
  const opArb: fc.Arbitrary<{ dt: number; op: Op }> = fc.record({
    dt: fc.nat({ max: 3_000 }),
    op: fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('send' as const), a: fc.nat({ max: N - 1 }), b: fc.nat({ max: N - 2 }), burst: fc.integer({ min: 1, max: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), a: fc.nat({ max: N - 1 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: N, maxLength: N }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('loss' as const), ppm: fc.constantFrom(0, 0, 50_000, 300_000) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), a: fc.nat({ max: N - 1 }), b: fc.nat({ max: N - 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), a: fc.nat({ max: N - 1 }), b: fc.nat({ max: N - 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('spike' as const), extraUs: fc.nat({ max: 10_000 }) }) },
    ),
  });

  it('sent = delivered + dropped + in flight; delivered = what processes received; each direction delivers a prefix of what was sent, in order (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.array(opArb, { maxLength: 40, size: 'max' }), (seed, ops) => {
        const ids = [1, 2, 3, 4];
        const lab = new Lab({ seed, net: { latency: uniform(100, 2_000), giveUpUs: 20_000 } }, ids);
        let k = 0;
        const sentByTest = new Map<string, number>();
        const sentOn = new Map<string, number[]>(); // `${conn}:${from}` -> payloads sent while open
        const peerOf = (a: number, b: number) => ids.filter((x) => x !== ids[a])[b]!;
        let t = 0;
        for (const { dt, op } of ops) {
          t += dt;
          lab.sim.kernel.at(t, () => {
            const net = lab.sim.net;
            switch (op.kind) {
              case 'send': {
                const a = ids[op.a]!, b = peerOf(op.a, op.b);
                if (!lab.sim.isUp(a)) { lab.sim.restart(a); return; }
                const p = lab.current(a)!;
                const conn = p.connTo.get(b);
                if (conn === undefined) { lab.ctx(a).connect(b, 'c', 5_000); return; }
                for (let i = 0; i < op.burst; i++) {
                  if (net.isOpen(conn)) {
                    sentByTest.set(`${a}>${b}`, (sentByTest.get(`${a}>${b}`) ?? 0) + 1);
                    const key = `${conn}:${a}`;
                    if (!sentOn.has(key)) sentOn.set(key, []);
                    sentOn.get(key)!.push(k);
                  }
                  lab.ctx(a).send(conn, { type: 'DATA', n: k++, from: a });
                }
                return;
              }
              case 'crash': lab.crash(ids[op.a]!); return;
              case 'partition': {
                const groups: number[][] = [[], []];
                op.groups.forEach((g, i) => { if (g >= 0) groups[g]!.push(ids[i]!); });
                net.cuts.partition(groups); net.cutsChanged(); return;
              }
              case 'heal': heal(lab); return;
              case 'loss': net.setLoss(op.ppm); return;
              case 'block': net.cuts.block(ids[op.a]!, peerOf(op.a, op.b)); net.cutsChanged(); return;
              case 'spike': net.spike(5_000, op.extraUs); return;
              case 'close': {
                const a = ids[op.a]!, b = peerOf(op.a, op.b);
                const p = lab.current(a);
                const conn = p?.connTo.get(b);
                if (p && lab.sim.isUp(a) && conn !== undefined) { lab.ctx(a).close(conn); p.connTo.delete(b); }
                return;
              }
            }
          });
        }
        const check = (quiet: boolean) => {
          for (const { from, to, counters: c } of lab.sim.net.linkCounters()) {
            const received = lab.of('message', to).filter((e) => e.msg['from'] === from).length;
            expect(c.delivered, `${from}>${to} delivered`).toBe(received);
            expect(c.sent, `${from}>${to} sent`).toBe(sentByTest.get(`${from}>${to}`) ?? 0);
            if (quiet) expect(c.sent, `${from}>${to}`).toBe(c.delivered + c.dropped);
            else expect(c.sent).toBeGreaterThanOrEqual(c.delivered + c.dropped);
          }
        };
        for (let cp = 1_000; cp < t; cp += 7_000) {
          lab.sim.kernel.runUntilTime(cp);
          check(false);
        }
        lab.sim.kernel.runUntilTime(t + 1);
        heal(lab);
        lab.sim.net.setLoss(0);
        lab.sim.kernel.runUntilTime(t + 1_000_000);
        expect(lab.sim.kernel.queue.length).toBe(0);
        check(true);
        // Reliable FIFO until the break: per connection and direction, what arrived is a
        // prefix of what was sent while the connection was open.
        const got = new Map<string, unknown[]>();
        for (const e of lab.of('message')) {
          const key = `${e.conn}:${String(e.msg['from'])}`;
          if (!got.has(key)) got.set(key, []);
          got.get(key)!.push(e.msg['n']);
        }
        for (const [key, arrived] of got) {
          const sent = sentOn.get(key) ?? [];
          expect(arrived, `connection:from ${key}`).toEqual(sent.slice(0, arrived.length));
        }
        expect(lab.stale).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });
});
