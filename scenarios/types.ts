// What a scenario is: a named, captioned recipe that builds a simulation (ensemble,
// initial state, faults, workload) for a seed, plus how to summarise its outcome and
// what outcome it expects. Scenarios are data plus a little code; the runner
// (runner.ts) is the only place that drives them.
import type { FaultEntry } from '../engine/faults/schedule.ts';
import type { Violation } from '../engine/check/types.ts';
import type { Micros } from '../engine/kernel/time.ts';
import type { Sim } from '../engine/sim/sim.ts';
import type { TraceSink } from '../engine/trace/sink.ts';

export interface BuildOptions {
  seed: string;
  sink: TraceSink;
  /** Faults added on top of the scenario's own (from the CLI, the UI or a test). */
  extraFaults?: readonly FaultEntry[];
  /** Historical bugs to re-introduce (engine/zk/bugs.ts flags; `zksim run --bug`). */
  bugs?: readonly string[];
}

export interface BuiltRun {
  sim: Sim;
  /** Goes into the trace header: everything needed to understand the run. */
  config: Record<string, unknown>;
  /** Scenario-specific fields of the run summary. */
  summary(): Record<string, unknown>;
  /** Problems the scenario's checks found, in time order (empty when all is well). */
  violations?(): Violation[];
}

export interface Scenario {
  id: string;
  title: string;
  /** One teaching paragraph: what to watch and why it happens. */
  caption: string;
  tags: readonly string[];
  /** The node ids the scenario runs (faults may name only these). */
  nodes: readonly number[];
  defaultUntilUs: Micros;
  build(opts: BuildOptions): BuiltRun;
}
