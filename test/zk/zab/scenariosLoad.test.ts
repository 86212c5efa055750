// The ZAB load scenarios and every bug scenario (run as written, without its flag) reach
// their expected outcome for SEEDS seeds with no checker firing; each bug flag, turned on,
// breaks its scenario's expected outcome and is caught by a checker — the ZAB checkers for
// the ZAB bugs — on the first seed. (The recovery scenarios are in scenarios.test.ts.)
import { describe, expect, it } from 'vitest';
import { BUGS } from '../../../engine/zk/bugs.ts';
import { zabSpecs } from '../../../scenarios/zk/zab.ts';
import { zabBugSpecs } from '../../../scenarios/zk/zabBugs.ts';
import { RECOVERY, SEEDS, expectCleanForSeeds, runSpec, type Outcome } from './scenarioRuns.ts';

describe.each([...zabSpecs.filter((s) => !RECOVERY.includes(s.id)), ...zabBugSpecs])('scenario $id', (spec) => {
  it(`reaches its expected outcome for ${SEEDS} seeds, no checker firing`, () => {
    expectCleanForSeeds(spec);
  }, 1_200_000);
});

/** A flagged bug must show within this many seeds. */
const BUG_SEEDS_MAX = 5;

describe.each(BUGS)('bug flag $flag ($jira)', (bug) => {
  const spec = zabBugSpecs.find((s) => s.id === bug.scenario)!;
  // Election bugs are caught by the election checkers (VotesMonotonic), the rest by the ZAB checkers.
  const caughtBy = (out: Outcome) => (bug.flag.startsWith('fle-') ? out.violations : out.zab);
  it(`is shown by ${bug.scenario}: a checker catches it on the first seed`, () => {
    expect(spec, `no scenario ${bug.scenario}`).toBeDefined();
    let caughtAt: number | undefined;
    for (let seed = 1; seed <= BUG_SEEDS_MAX && caughtAt === undefined; seed++) {
      const out = runSpec(spec, seed, [bug.flag]);
      if (caughtBy(out).length > 0 && out.unmet.length > 0) caughtAt = seed;
    }
    expect(caughtAt, `${bug.flag} not caught in ${BUG_SEEDS_MAX} seeds`).toBe(1);
  }, 600_000);
});

it('every bug flag names a scenario that exists', () => {
  for (const b of BUGS) expect(zabBugSpecs.map((s) => s.id)).toContain(b.scenario);
});
