// The same seed gives the same trace, byte for byte: twice in one process, in a fresh
// process, and with every ambient source of nondeterminism poisoned while the engine runs.
import { describe, expect, it } from 'vitest';
import { demoGossip5 } from '../scenarios/demo-gossip-5.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../scenarios/runner.ts';
import { zksim } from './support/cli.ts';
import { withPoisonedGlobals } from './support/poison.ts';

function traceOf(seed: string): { hash: string; lines: string[] } {
  const lines: string[] = [];
  const r = runScenario(demoGossip5, { seed, write: (l) => lines.push(l) });
  return { hash: r.summary.traceHash, lines };
}

describe('determinism of demo-gossip-5 under random faults', () => {
  it('gives the same trace twice in one process', () => {
    for (const seed of ['1', '2', '4']) {
      const a = traceOf(seed), b = traceOf(seed);
      expect(b.hash).toBe(a.hash);
      expect(b.lines).toEqual(a.lines);
    }
  });

  it('gives different traces for different seeds', () => {
    expect(traceOf('2').hash).not.toBe(traceOf('3').hash);
  });

  it('gives the same hash with Math.random, Date.now, performance.now and timers poisoned', () => {
    const plain = traceOf('2').hash;
    const poisoned = withPoisonedGlobals(() => traceOf('2').hash);
    expect(poisoned).toBe(plain);
  });

  it('the poison really throws when the engine would touch a banned global', () => {
    const uses: (() => unknown)[] = [
      () => Math.random(), () => Date.now(), () => new Date(), () => Date(), () => performance.now(),
      () => setTimeout(() => {}, 1), () => setInterval(() => {}, 1),
    ];
    for (const use of uses) expect(() => withPoisonedGlobals(use), String(use)).toThrow(/nondeterminism/);
    expect(Date.now()).toBeGreaterThan(0); // restored afterwards
  });

  it('gives the same hash in a fresh process (the zksim CLI)', () => {
    const r = zksim(['run', 'demo-gossip-5', '--seed', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).traceHash).toBe(traceOf('2').hash);
  });
});

describe('determinism of a ZooKeeper run with faults and writes', () => {
  const run = (seed: string) => {
    const lines: string[] = [];
    const r = runScenario(findScenario('leader-crash-mid-broadcast')!, { seed, write: (l) => lines.push(l) });
    return { hash: r.summary.traceHash, lines };
  };

  it('gives the same trace twice, and with every ambient source of nondeterminism poisoned', () => {
    const a = run('3');
    const b = run('3');
    expect(b.lines).toEqual(a.lines);
    expect(withPoisonedGlobals(() => run('3').hash)).toBe(a.hash);
    expect(run('4').hash).not.toBe(a.hash);
  });
});
