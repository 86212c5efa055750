// Every election scenario reaches its expected outcome — leader, states, epoch — with no
// checker violation, for 200 seeds each (ZKSIM_SEEDS overrides the count).
import { describe, expect, it } from 'vitest';
import { electionSpecs } from '../../scenarios/zk/election.ts';
import { zkScenario } from '../../scenarios/zk/build.ts';
import { runScenario } from '../../scenarios/runner.ts';

const SEEDS = Number(process.env.ZKSIM_SEEDS ?? 200);

interface ServerSummary { sid: number; state: string; currentEpoch: number | null }

describe.each(electionSpecs)('scenario $id', (spec) => {
  const scenario = zkScenario(spec);
  it(`reaches its expected outcome for ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { summary } = runScenario(scenario, { seed: String(seed) });
      const where = `${spec.id} --seed ${seed}`;
      const servers = summary.servers as ServerSummary[];
      expect(summary.violations, where).toEqual([]);
      if (spec.expect.leader === 'any') {
        expect(summary.leader, where).not.toBeNull();
      } else {
        expect(summary.leader, where).toBe(spec.expect.leader);
      }
      for (const [sid, state] of Object.entries(spec.expect.states ?? {})) {
        expect(servers.find((s) => s.sid === Number(sid))?.state, `${where} server ${sid}`).toBe(state);
      }
      if (spec.expect.epoch !== undefined && typeof summary.leader === 'number') {
        expect(servers.find((s) => s.sid === summary.leader)?.currentEpoch, `${where} epoch`).toBe(spec.expect.epoch);
      }
      // The run's own verdict (what `zksim run --json` reports) agrees.
      expect(summary.unmetExpectations, where).toEqual([]);
    }
  });
});
