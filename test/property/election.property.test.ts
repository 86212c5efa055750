// Property: for random ensembles (3–7 voters, some observers, some hierarchical) under
// random fault schedules (crash/restart, partitions, one-way blocks, isolation, loss,
// drift), no checker ever fires, and once the faults heal a leader is established and
// serving, with every server following it, within the bound the config's timeouts give.
// A failure shrinks to a minimal schedule and prints the replay command.
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { livenessBoundUs } from '../../engine/check/electionLiveness.ts';
import { formatViolation } from '../../engine/check/types.ts';
import { ms } from '../../engine/kernel/time.ts';
import { parseZooCfg } from '../../engine/zk/config/zooCfg.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import type { QuorumPeer } from '../../engine/zk/peer/quorumPeer.ts';
import { zkScenario } from '../../scenarios/zk/build.ts';
import { ensembleArb, healAll, scheduleArb, sidsOf, zooCfgOf, type EnsembleShape, type TimedFault } from '../support/arbitraries.ts';
import { ROOT } from '../support/cli.ts';

const RUNS = Number(process.env.ZKSIM_PROPERTY_RUNS ?? (process.env.CI ? 1000 : 150));
const FAULT_PHASE_MS = 8_000;
const HEAL_MS = FAULT_PHASE_MS + 1;

interface Outcome { violations: string[]; convergedAtMs: number | null; boundMs: number }

export function runCase(shape: EnsembleShape, faults: TimedFault[], seed: number): Outcome {
  const cfgText = zooCfgOf(shape);
  const parsed = parseZooCfg(cfgText);
  if (!parsed.ok) throw new Error(`bad generated zoo.cfg: ${JSON.stringify(parsed.errors)}`);
  const sids = sidsOf(shape);
  const boundMs = livenessBoundUs(parsed.config) / 1000;
  const scenario = zkScenario({
    id: 'property', title: 'property', caption: '', tags: [], zooCfg: cfgText, untilMs: HEAL_MS + boundMs,
    faults: [...faults, ...healAll(sids, HEAL_MS)], expect: { leader: 'any' },
  });
  const run = scenario.build({ seed: String(seed), sink: { enabled: true, emit() {} } });
  const peers = () => sids.map((s) => run.sim.node(s).process as QuorumPeer);
  // Established and serving: one leader in BROADCAST with a quorum of voters synced to it.
  // (Not every server: one that persisted a higher acceptedEpoch than the leader's epoch
  // cannot join until the next election, in ZooKeeper too.)
  const verifier = verifierFor(parsed.config);
  const converged = () => {
    const ps = peers();
    const leaders = ps.filter((p) => p.state === 'LEADING' && p.zabState === 'BROADCAST');
    if (leaders.length !== 1) return false;
    const synced = ps.filter((p) => p.zabState === 'BROADCAST' && (p === leaders[0] || p.state === 'FOLLOWING')).map((p) => p.sid);
    return verifier.containsQuorum(synced);
  };
  const k = run.sim.kernel;
  k.runUntilTime(ms(HEAL_MS));
  let convergedAtMs: number | null = null;
  for (let t = HEAL_MS; t <= HEAL_MS + boundMs; t += 50) {
    k.runUntilTime(ms(t));
    if (converged()) { convergedAtMs = t; break; }
  }
  return { violations: run.violations!().map(formatViolation), convergedAtMs, boundMs };
}

function replayHint(shape: EnsembleShape, faults: TimedFault[], seed: number): string {
  const dir = join(ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, 'property-failure.cfg');
  writeFileSync(cfg, zooCfgOf(shape));
  const all = [...faults, ...healAll(sidsOf(shape), HEAL_MS)];
  return `replay: npx zksim run --config ${cfg} --seed ${seed} --until 150s --faults '${JSON.stringify(all)}'`;
}

describe('election under random faults', () => {
  it(`never violates a checker and converges after healing (${RUNS} schedules)`, () => {
    const arb = ensembleArb.chain((shape) =>
      fc.record({ shape: fc.constant(shape), faults: scheduleArb(sidsOf(shape), FAULT_PHASE_MS), seed: fc.integer({ min: 1, max: 1_000_000 }) }));
    fc.assert(
      fc.property(arb, ({ shape, faults, seed }) => {
        const out = runCase(shape, faults, seed);
        if (out.violations.length === 0 && out.convergedAtMs !== null) return;
        const hint = replayHint(shape, faults, seed);
        expect(out.violations, hint).toEqual([]);
        expect(out.convergedAtMs, `no serving leader within ${out.boundMs} ms after healing; ${hint}`).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  }, 1_200_000);
});
