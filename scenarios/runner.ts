// Runs a scenario for a seed up to a time and returns its summary. The trace header is
// written first, then every event, then an end line; the hash covers header and events.
// Shared by the CLI, tests, benchmarks and the browser worker.
import type { FaultEntry } from '../engine/faults/schedule.ts';
import type { Micros } from '../engine/kernel/time.ts';
import { DeferredSink, RecordingSink } from '../engine/trace/sink.ts';
import { ZKSIM_VERSION } from '../engine/version.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../engine/trace/schema.ts';
import { formatViolation, type Violation } from '../engine/check/types.ts';
import type { BuiltRun, Scenario } from './types.ts';

export interface RunOptions {
  seed: string;
  untilUs?: Micros;
  /** Receives each NDJSON line (header, events, end). */
  write?: (line: string) => void;
  /** Keep events in memory (the browser does). */
  keep?: boolean;
  extraFaults?: readonly FaultEntry[];
  /** Historical bugs to re-introduce (engine/zk/bugs.ts). */
  bugs?: readonly string[];
}

export interface RunSummary {
  scenario: string;
  seed: string;
  simulatedMs: number;
  events: number;
  traceHash: string;
  [field: string]: unknown;
}

export interface RunResult {
  summary: RunSummary;
  /** What the scenario's checkers found, structured (the summary has them as lines). */
  violations: Violation[];
  run: BuiltRun;
  sink: RecordingSink;
}

export function runScenario(scenario: Scenario, opts: RunOptions): RunResult {
  const sink = new RecordingSink({ keep: opts.keep, write: opts.write });
  const untilUs = opts.untilUs ?? scenario.defaultUntilUs;
  // The header must precede every event, but the config is known only after build().
  const deferred = new DeferredSink();
  const run = scenario.build({ seed: opts.seed, sink: deferred, extraFaults: opts.extraFaults, bugs: opts.bugs });
  sink.line({ type: 'header', format: TRACE_FORMAT, version: TRACE_VERSION, zksim: ZKSIM_VERSION, seed: opts.seed, scenario: scenario.id, config: { untilUs, ...run.config } });
  deferred.attach(sink);
  run.sim.kernel.runUntilTime(untilUs);
  run.sim.emit('run.end', { reason: 'until' });
  const hash = sink.hash;
  const events = sink.count;
  opts.write?.(JSON.stringify({ type: 'end', t: run.sim.now, events, hash }));
  const summary: RunSummary = {
    scenario: scenario.id,
    seed: opts.seed,
    simulatedMs: run.sim.now / 1000,
    events,
    traceHash: hash,
    ...run.summary(),
  };
  const violations = run.violations?.() ?? [];
  if (run.violations) summary.violations = violations.map(formatViolation);
  return { summary, violations, run, sink };
}
