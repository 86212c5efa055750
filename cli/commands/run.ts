// `zksim run <scenario>`: runs a scenario for a seed and prints its summary.
import { defaultScenarioId, findScenario, scenarios } from '../../scenarios/index.ts';
import { scenarioFromZooCfg } from '../zooCfgScenario.ts';
import { runScenario, type RunSummary } from '../../scenarios/runner.ts';
import { parseFaultsOption, parseSeed, parseUntil } from '../args.ts';
import { fail } from '../errors.ts';
import { BUG_FLAGS, unknownBugFlags } from '../../engine/zk/bugs.ts';
import { TraceFileWriter } from '../traceFile.ts';

export interface RunFlags {
  seed: string;
  config?: string;
  until?: string;
  trace?: string;
  json?: boolean;
  faults?: string;
  bug?: string[];
}

export function runCommand(id: string | undefined, flags: RunFlags, out: (s: string) => void): void {
  if (id !== undefined && flags.config !== undefined) fail('give either a scenario or --config <zoo.cfg>, not both');
  const scenario = flags.config !== undefined ? scenarioFromZooCfg(flags.config, (w) => process.stderr.write(`${w}\n`)) : findScenario(id ?? defaultScenarioId);
  if (!scenario) fail(`unknown scenario "${id}" (known: ${scenarios.map((s) => s.id).join(', ')})`);
  const seed = parseSeed(flags.seed);
  const untilUs = flags.until === undefined ? scenario.defaultUntilUs : parseUntil(flags.until);
  const extraFaults = flags.faults === undefined ? undefined : parseFaultsOption(flags.faults, scenario.nodes);
  const bugs = flags.bug ?? [];
  const unknown = unknownBugFlags(bugs);
  if (unknown.length > 0) fail(`unknown --bug ${unknown.map((b) => `"${b}"`).join(', ')} (known: ${BUG_FLAGS.join(', ')})`);
  const writer = flags.trace !== undefined ? new TraceFileWriter(flags.trace) : undefined;
  const started = performance.now();
  let summary: RunSummary;
  try {
    summary = runScenario(scenario, { seed, untilUs, write: writer?.write, extraFaults, bugs }).summary;
  } finally {
    writer?.close();
  }
  const wallMs = performance.now() - started;
  if (flags.json) {
    out(JSON.stringify(summary));
    return;
  }
  out(formatSummary(summary, wallMs, flags.trace));
}

function formatSummary(s: RunSummary, wallMs: number, tracePath: string | undefined): string {
  const lines = [
    `scenario   ${s.scenario}`,
    `seed       ${s.seed}`,
    `simulated  ${s.simulatedMs} ms in ${wallMs.toFixed(0)} ms wall (${(s.simulatedMs / Math.max(wallMs, 1)).toFixed(0)}x real time)`,
    `events     ${s.events}`,
    `trace hash ${s.traceHash}${tracePath ? `  (written to ${tracePath})` : ''}`,
  ];
  const { scenario: _a, seed: _b, simulatedMs: _c, events: _d, traceHash: _e, ...rest } = s;
  for (const [k, v] of Object.entries(rest)) lines.push(`${k.padEnd(10)} ${JSON.stringify(v)}`);
  return lines.join('\n');
}
