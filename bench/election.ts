// elections_per_s: complete startup-5 elections (all five servers start empty; done when
// one leads in BROADCAST and the other four follow it in BROADCAST) per wall second.
import type { QuorumPeer } from '../engine/zk/peer/quorumPeer.ts';
import { findScenario } from '../scenarios/index.ts';

const ELECTIONS = 300;

export function electionsPerS(): number {
  const scenario = findScenario('startup-5');
  if (!scenario) throw new Error('startup-5 is missing');
  const t0 = performance.now();
  for (let seed = 1; seed <= ELECTIONS; seed++) {
    const run = scenario.build({ seed: String(seed), sink: { enabled: false, emit() {} } });
    const peers = run.sim.nodeIds().map((id) => () => run.sim.node(id).process as QuorumPeer);
    const done = () => peers.every((p) => p().zabState === 'BROADCAST');
    let steps = 0;
    const ok = run.sim.kernel.runUntil(() => (++steps & 15) === 0 && done(), 10_000_000);
    if (!ok) throw new Error(`startup-5 seed ${seed}: no complete election within 10 s`);
  }
  return ELECTIONS / ((performance.now() - t0) / 1000);
}
