// The ZAB scenarios about recovery (sync modes, truncation, crashes, restarts) reach their
// expected outcome for SEEDS seeds (scenarioRuns.ts) with no election or ZAB checker firing.
// The load scenarios and the bug scenarios are in scenariosLoad.test.ts, so that vitest runs
// the two halves side by side.
import { describe, it } from 'vitest';
import { zabSpecs } from '../../../scenarios/zk/zab.ts';
import { RECOVERY, SEEDS, expectCleanForSeeds } from './scenarioRuns.ts';

describe.each(zabSpecs.filter((s) => RECOVERY.includes(s.id)))('scenario $id', (spec) => {
  it(`reaches its expected outcome for ${SEEDS} seeds, no checker firing`, () => {
    expectCleanForSeeds(spec);
  }, 1_200_000);
});
