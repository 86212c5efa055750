// The scenario registry: every named scenario, in the order `zksim list` shows them.
import { demoGossip5 } from './demo-gossip-5.ts';
import { zkScenario } from './zk/build.ts';
import { electionSpecs } from './zk/election.ts';
import { zabSpecs } from './zk/zab.ts';
import { zabBugSpecs } from './zk/zabBugs.ts';
import type { Scenario } from './types.ts';

export const scenarios: readonly Scenario[] = [...electionSpecs.map(zkScenario), ...zabSpecs.map(zkScenario), ...zabBugSpecs.map(zkScenario), demoGossip5];

export const defaultScenarioId = 'startup-3';

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

export type { Scenario } from './types.ts';
