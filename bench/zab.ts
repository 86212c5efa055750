// ZAB benchmarks on `write-load-5` (five servers, 300 client requests per second sent to
// every server), stretched from its 5 s of load to RUN_MS so one run is long enough to be
// steady: the scenario's zoo.cfg and workload (rate, request mix, keys) as it defines them,
// only the load window and the run are longer. The election and ZAB checkers run as in
// every ZooKeeper scenario (the scenario's TeeSink feeds them every event); the trace itself
// is dropped, as in elections_per_s (no NDJSON serialisation, no trace hash). Timing covers
// build and run.
//
// commits_per_s: zab.commit events (one per txn a leader committed: a quorum acked it,
//   strictly in zxid order; the summary's `committed`) per wall second, no faults.
// sim_seconds_per_wall_second: simulated seconds per wall second, with the faults of
//   zabBenchFaults (crashes and restarts of followers and of the leader, 2|3 partitions, an
//   isolated server, 1 % and 5 % message loss) under the same load.
//
// `npx tsx bench/zab.ts` prints both (one run each); bench/run.ts takes the best of three.
import { formatViolation } from '../engine/check/types.ts';
import type { FaultEntry, FaultEntryInput } from '../engine/faults/schedule.ts';
import { parseFaultSchedule } from '../engine/faults/schedule.ts';
import { nullSink } from '../engine/trace/sink.ts';
import { zkScenario } from '../scenarios/zk/build.ts';
import type { ZkScenarioSpec } from '../scenarios/zk/spec.ts';
import { zabSpecs } from '../scenarios/zk/zab.ts';

const SCENARIO = 'write-load-5';
/** Simulated time per run; the load runs from 0.5 s (as in the scenario) to the end. */
const RUN_MS = 62_000;
/** Faults come in [FAULTS_FROM_MS, FAULTS_UNTIL_MS); the last seconds are healed. */
const FAULTS_FROM_MS = 2_000;
const FAULTS_UNTIL_MS = 58_000;
const CYCLE_MS = 8_000;
const SEED = '1';

function stretchedSpec(): ZkScenarioSpec {
  const spec = zabSpecs.find((s) => s.id === SCENARIO);
  if (!spec || spec.workload === undefined || Array.isArray(spec.workload)) throw new Error(`${SCENARIO}: expected one workload`);
  const workload = spec.workload as Exclude<ZkScenarioSpec['workload'], undefined | readonly unknown[]>;
  return { ...spec, id: `${SCENARIO}-${RUN_MS / 1000}s`, workload: { ...workload, untilMs: RUN_MS }, untilMs: RUN_MS };
}

/**
 * Seven 8-second cycles over servers 1..5 (5 leads at first, so cycles that crash it force a
 * leader change): crash one server and restart it 2.5 s later; 1 % loss; a 2|3 partition
 * (the minority side moves each cycle) healed after 1.5 s; 5 % loss for a second; one server
 * isolated for a second. Never more than one server down, so a quorum can always form.
 */
export function zabBenchFaults(): FaultEntry[] {
  const input: FaultEntryInput[] = [];
  for (let k = 0, at = FAULTS_FROM_MS; at + CYCLE_MS <= FAULTS_UNTIL_MS; k++, at += CYCLE_MS) {
    const victim = 5 - (k % 5);
    const minority = [1 + (k % 5), 1 + ((k + 2) % 5)].sort((a, b) => a - b);
    const majority = [1, 2, 3, 4, 5].filter((n) => !minority.includes(n));
    input.push(
      { at, fault: { kind: 'crash', node: victim } },
      { at: at + 2_500, fault: { kind: 'restart', node: victim } },
      { at: at + 3_000, fault: { kind: 'loss', probability: 0.01 } },
      { at: at + 4_000, fault: { kind: 'partition', groups: [minority, majority] } },
      { at: at + 5_500, fault: { kind: 'heal' } },
      { at: at + 6_000, fault: { kind: 'loss', probability: 0.05 } },
      { at: at + 7_000, fault: { kind: 'loss', probability: 0 } },
      { at: at + 7_000, fault: { kind: 'isolate', node: 1 + ((k + 1) % 5) } },
      { at: at + 7_900, fault: { kind: 'heal' } },
    );
  }
  const r = parseFaultSchedule(input, [1, 2, 3, 4, 5]);
  if (!r.ok) throw new Error(`bench fault schedule: ${r.errors.join('; ')}`);
  return r.schedule;
}

export interface ZabRun {
  wallS: number;
  simS: number;
  committed: number;
  violations: string[];
}

export function runWriteLoad(faults: readonly FaultEntry[] = []): ZabRun {
  const scenario = zkScenario(stretchedSpec());
  const t0 = performance.now();
  const run = scenario.build({ seed: SEED, sink: nullSink, extraFaults: faults });
  run.sim.kernel.runUntilTime(scenario.defaultUntilUs);
  const wallS = (performance.now() - t0) / 1000;
  const summary = run.summary();
  return { wallS, simS: run.sim.now / 1_000_000, committed: summary.committed as number, violations: (run.violations?.() ?? []).map(formatViolation) };
}

const warned = new Set<string>();

/**
 * A benchmark that measures a broken run measures nothing: the run must have committed about
 * as much as the load offered. A checker violation is reported (once) but does not stop the
 * benchmark: the same seed and schedule reproduce it (`npx tsx bench/zab.ts`).
 */
function sane(r: ZabRun, what: string, committedMin: number): ZabRun {
  if (r.committed < committedMin) throw new Error(`${what}: only ${r.committed} commits (expected ≥ ${committedMin})`);
  for (const v of r.violations) {
    if (warned.has(v)) continue;
    warned.add(v);
    process.stderr.write(`warning: ${what}: checker: ${v}\n`);
  }
  return r;
}

export function commitsPerS(): number {
  const r = sane(runWriteLoad(), 'commits_per_s', 250 * (RUN_MS / 1000 - 1));
  return r.committed / r.wallS;
}

export function simSecondsPerWallSecond(): number {
  const r = sane(runWriteLoad(zabBenchFaults()), 'sim_seconds_per_wall_second', 100 * (RUN_MS / 1000 - 1));
  return r.simS / r.wallS;
}

if (process.argv[1]?.endsWith('zab.ts')) {
  const plain = runWriteLoad();
  const faulty = runWriteLoad(zabBenchFaults());
  for (const [name, r] of [['no faults', plain], ['faults', faulty]] as const) {
    process.stdout.write(`${name.padEnd(10)} ${r.simS} sim s in ${r.wallS.toFixed(2)} wall s: ${r.committed} commits, ` +
      `${Math.round(r.committed / r.wallS)} commits/s, ${(r.simS / r.wallS).toFixed(1)} sim s/wall s, ${r.violations.length} violations\n`);
    for (const v of r.violations) process.stdout.write(`  ${v}\n`);
  }
}
