// The run's extra fault schedule as data: every UI action (crash, restart, partition,
// heal, loss, latency) appends one `{at, fault}` entry at the current time, and the run is
// redone from scratch with the scenario's seed (and bug flags), so the result is
// reproducible anywhere — by the URL, by the `zksim run` command, or by the vitest test this
// module writes.
import type { FaultInput, ScenarioRun } from '../trace/types.ts';

/** Appends a fault at `atMs` (rounded to the µs), keeping the schedule sorted by time. */
export function appendFault(schedule: readonly FaultInput[], atMs: number, fault: FaultInput['fault']): FaultInput[] {
  const at = Math.round(atMs * 1000) / 1000;
  const out = [...schedule, { at, fault }];
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

export function removeFault(schedule: readonly FaultInput[], index: number): FaultInput[] {
  return schedule.filter((_, i) => i !== index);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The `zksim run` command for a run: `--bug` once per flag, `--faults` as JSON. */
export function cliCommand(run: ScenarioRun): string {
  const parts = [`npx zksim run ${run.scenario} --seed ${run.seed}`, ...run.bugs.map((f) => `--bug ${f}`)];
  if (run.faults.length) parts.push(`--faults ${shellQuote(JSON.stringify(run.faults))}`);
  return parts.join(' ');
}

const ident = (s: string) => s.replace(/[^a-zA-Z0-9]+/g, '-');

/** A ready-to-paste vitest test that replays the run and pins its hash and outcome. */
export function vitestTest(run: ScenarioRun, hash: string, summary: Record<string, unknown>): string {
  const { scenario, seed, faults, bugs } = run;
  const name = `${ident(scenario)}-seed-${ident(seed)}${bugs.map((f) => `-${ident(f)}`).join('')}${faults.length ? `-${faults.length}-faults` : ''}`;
  const what = [bugs.length ? `bug ${bugs.join(', ')}` : '', faults.length ? `${faults.length} fault(s)` : ''].filter(Boolean).join(' and ');
  const expectations = [`  expect(summary.traceHash).toBe(${JSON.stringify(hash)});`];
  if ('leader' in summary) expectations.push(`  expect(summary.leader).toBe(${JSON.stringify(summary.leader)});`);
  if (Array.isArray(summary.violations)) expectations.push(`  expect(summary.violations).toHaveLength(${summary.violations.length});`);
  const options = [`seed: ${JSON.stringify(seed)}`, ...(bugs.length ? [`bugs: ${JSON.stringify(bugs)}`] : []), 'extraFaults: faults.schedule'];
  return [
    `// Save as test/scenarios/${name}.test.ts — replays the run the zksim web UI showed.`,
    `import { expect, test } from 'vitest';`,
    `import { parseFaultSchedule } from '../../engine/faults/schedule.ts';`,
    `import { findScenario } from '../../scenarios/index.ts';`,
    `import { runScenario } from '../../scenarios/runner.ts';`,
    ``,
    `test(${JSON.stringify(`${scenario} seed ${seed}${what ? ` with ${what}` : ''} replays exactly`)}, () => {`,
    `  const scenario = findScenario(${JSON.stringify(scenario)})!;`,
    `  const faults = parseFaultSchedule(${JSON.stringify(faults)}, scenario.nodes);`,
    `  if (!faults.ok) throw new Error(faults.errors.join('\\n'));`,
    `  const { summary } = runScenario(scenario, { ${options.join(', ')} });`,
    ...expectations,
    `});`,
    ``,
  ].join('\n');
}
