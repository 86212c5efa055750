// Property: random ensembles (3–5 voters, maybe an observer) under a steady write load and
// random fault schedules (crash/restart with torn writes, partitions, one-way blocks,
// isolation, loss, drift, slow disks) never fire a ZAB or election checker, and after the
// faults heal every server serves the same committed state (same last committed zxid and
// digest) within the election liveness bound. Failures shrink to a minimal schedule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../../engine/faults/schedule.ts';
import { formatViolation } from '../../../engine/check/types.ts';
import { ms } from '../../../engine/kernel/time.ts';
import { nullSink } from '../../../engine/trace/sink.ts';
import type { QuorumPeer } from '../../../engine/zk/peer/quorumPeer.ts';
import { zkScenario } from '../../../scenarios/zk/build.ts';
import { zooCfg, type ZkScenarioSpec } from '../../../scenarios/zk/spec.ts';
import { faultArb, healAll, type TimedFault } from '../../support/arbitraries.ts';

/** 100 schedules in CI, 25 on a laptop; ZKSIM_ZAB_PROPERTY_RUNS overrides. */
const RUNS = Number(process.env.ZKSIM_ZAB_PROPERTY_RUNS ?? (process.env.CI ? 100 : 25));
/** A fixed fast-check seed, so CI is repeatable; ZKSIM_ZAB_PROPERTY_SEED explores others. */
const SEED = Number(process.env.ZKSIM_ZAB_PROPERTY_SEED ?? 20_261_122);
const FAULT_PHASE_MS = 8_000;
const HEAL_MS = FAULT_PHASE_MS + 1;
const CONVERGE_BY_MS = 150_000;

interface Case { voters: number; observer: boolean; faults: TimedFault[]; seed: number }

const caseArb: fc.Arbitrary<Case> = fc.record({ voters: fc.integer({ min: 3, max: 5 }), observer: fc.boolean() }).chain(({ voters, observer }) => {
  const sids = Array.from({ length: voters + (observer ? 1 : 0) }, (_, i) => i + 1);
  const fault = fc.oneof(
    { weight: 6, arbitrary: faultArb(sids) },
    { weight: 1, arbitrary: fc.constantFrom(...sids).map((node): Fault => ({ kind: 'fsyncDelay', node, extraMs: 300 })) },
  );
  const faults = fc.array(fc.record({ at: fc.integer({ min: 0, max: FAULT_PHASE_MS }), fault }), { maxLength: 10 }).map((f) => [...f].sort((a, b) => a.at - b.at));
  return fc.record({ voters: fc.constant(voters), observer: fc.constant(observer), faults, seed: fc.integer({ min: 1, max: 1_000_000 }) });
});

function runCase(c: Case): { problems: string[]; convergedAtMs: number | null; refused: number[] } {
  const sids = Array.from({ length: c.voters + (c.observer ? 1 : 0) }, (_, i) => i + 1);
  const spec: ZkScenarioSpec = {
    id: 'zab-property', title: '', caption: '', tags: [], untilMs: CONVERGE_BY_MS, tornWrites: true, expect: { leader: 'any' },
    zooCfg: zooCfg(c.voters, { observers: c.observer ? [c.voters + 1] : [], extra: 'snapCount=100' }),
    faults: [...c.faults, ...healAll(sids, HEAL_MS), ...sids.map((node): TimedFault => ({ at: HEAL_MS, fault: { kind: 'fsyncDelay', node, extraMs: 0 } }))],
    workload: [{ ratePerSec: 150, fromMs: 300, untilMs: FAULT_PHASE_MS }, { ratePerSec: 50, fromMs: HEAL_MS, untilMs: HEAL_MS + 1_000 }],
  };
  const scenario = zkScenario(spec);
  // The build attaches the election and ZAB checkers itself; run.violations() reports both.
  const run = scenario.build({ seed: String(c.seed), sink: nullSink });
  const peers = () => sids.map((s) => run.sim.node(s).process as QuorumPeer | undefined);
  // ZooKeeper itself refuses to start a server whose SNAP-sync snapshot is durable but whose
  // currentEpoch (written right after it at NEWLEADER) is not: "The current epoch, 0, is
  // older than the last zxid", or, with the write's currentEpoch.tmp left empty by the crash,
  // "Found null in currentEpoch.tmp" (ZOOKEEPER-1653 left this window). Such a server waits
  // for an operator; the others must still converge.
  const refusedAsZooKeeperDoes = (p: QuorumPeer | undefined) => /^(the current epoch, \d+, is older than the last zxid's epoch|found null in currentEpoch.tmp)/.test(p?.refused ?? '');
  let convergedAtMs: number | null = null;
  for (let t = HEAL_MS + 1_500; t <= CONVERGE_BY_MS; t += 250) {
    run.sim.kernel.runUntilTime(ms(t));
    const ps = peers().filter((p) => !refusedAsZooKeeperDoes(p));
    if (!ps.every((p) => p?.zabState === 'BROADCAST')) continue;
    if (new Set(ps.map((p) => `${p!.lastCommittedZxid()}/${p!.db.state.digest()}`)).size === 1) { convergedAtMs = t; break; }
  }
  const refused = sids.filter((s) => refusedAsZooKeeperDoes(run.sim.node(s).process as QuorumPeer | undefined));
  return { problems: (run.violations?.() ?? []).map(formatViolation), convergedAtMs, refused };
}

describe('ZAB under random faults and writes', () => {
  it(`never fires a checker and converges after healing (${RUNS} schedules)`, () => {
    fc.assert(fc.property(caseArb, (c) => {
      const out = runCase(c);
      const hint = `voters ${c.voters}, observer ${c.observer}, seed ${c.seed}, faults ${JSON.stringify(c.faults)}`;
      expect(out.problems, hint).toEqual([]);
      expect(out.convergedAtMs, `no convergence by ${CONVERGE_BY_MS} ms; ${hint}`).not.toBeNull();
    }), { numRuns: RUNS, seed: SEED });
  }, 1_200_000);
});

describe('a crash between the SNAP snapshot and currentEpoch (found by this property)', () => {
  it('leaves a server ZooKeeper refuses to start, while the others converge', () => {
    // Server 1's disk is slow (300 ms per fsync): it joins late, is SNAP-synced, makes the
    // snapshot durable (1,110 ms), and crashes while currentEpoch.tmp is being synced (until
    // 1,411 ms). It restarts with a snapshot of epoch 1, currentEpoch 0 and an empty
    // currentEpoch.tmp: ZooKeeper reads the .tmp, finds no number, and stops.
    const out = runCase({
      voters: 4, observer: false, seed: 1,
      faults: [{ at: 0, fault: { kind: 'fsyncDelay', node: 1, extraMs: 300 } }, { at: 1_260, fault: { kind: 'crash', node: 1 } }],
    });
    expect(out.problems).toEqual([]);
    expect(out.refused).toEqual([1]);
    expect(out.convergedAtMs).not.toBeNull();
  });
});

