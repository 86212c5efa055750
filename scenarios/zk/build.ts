// Builds a runnable Scenario from a ZkScenarioSpec: parses its zoo.cfg, seeds each
// server's disk, starts servers on time, schedules faults and the write workload, runs the
// election checkers on the event stream, and summarises the outcome in the fields
// `zksim run --json` reports. Bug flags come from the spec and from BuildOptions.bugs.
import { ElectionCheckers } from '../../engine/check/election.ts';
import { ZabCheckers } from '../../engine/check/zab.ts';
import { scheduleFaults } from '../../engine/faults/apply.ts';
import { parseFaultSchedule, toInput, type FaultEntry } from '../../engine/faults/schedule.ts';
import { assert } from '../../engine/kernel/assert.ts';
import { ms } from '../../engine/kernel/time.ts';
import { Sim } from '../../engine/sim/sim.ts';
import type { TraceEvent, TraceSink } from '../../engine/trace/sink.ts';
import { parseZooCfg } from '../../engine/zk/config/zooCfg.ts';
import type { EnsembleConfig } from '../../engine/zk/config/types.ts';
import { unknownBugFlags } from '../../engine/zk/bugs.ts';
import { QuorumPeer } from '../../engine/zk/peer/quorumPeer.ts';
import { seedServerDisk } from '../../engine/zk/peer/seed.ts';
import { scheduleWorkload, validateWorkload } from '../../engine/zk/txn/workload.ts';
import { zxidHex } from '../../engine/zk/zxid.ts';
import type { BuildOptions, BuiltRun, Scenario } from '../types.ts';
import { unmetExpectations } from './expect.ts';
import type { ZkScenarioSpec } from './spec.ts';

function nodes(config: EnsembleConfig): number[] {
  return config.servers.map((s) => s.sid);
}

export function parseSpecConfig(spec: Pick<ZkScenarioSpec, 'id' | 'zooCfg'>): EnsembleConfig {
  const r = parseZooCfg(spec.zooCfg);
  if (!r.ok) throw new Error(`scenario ${spec.id}: bad zoo.cfg: ${r.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  return r.config;
}

export function zkScenario(spec: ZkScenarioSpec): Scenario {
  const config = parseSpecConfig(spec);
  const nodes = config.servers.map((s) => s.sid);
  const faults = parseFaultSchedule(spec.faults ?? [], nodes);
  assert(faults.ok, `scenario ${spec.id}: bad faults: ${faults.ok ? '' : faults.errors.join('; ')}`);
  for (const w of workloadsOf(spec)) {
    const problem = validateWorkload(w);
    if (problem) throw new Error(`scenario ${spec.id}: ${problem}`);
  }
  return {
    id: spec.id,
    title: spec.title,
    caption: spec.caption,
    tags: spec.tags,
    nodes,
    defaultUntilUs: ms(spec.untilMs),
    build: (opts) => buildEnsemble(spec, config, faults.schedule, opts),
  };
}

/** Forwards events to the real sink and to observers (the checkers, the summary). */
class TeeSink implements TraceSink {
  readonly enabled = true;
  constructor(private readonly a: TraceSink, private readonly observers: ((ev: TraceEvent) => void)[]) {}
  emit(ev: TraceEvent): void {
    for (const o of this.observers) o(ev);
    this.a.emit(ev);
  }
}

function workloadsOf(spec: ZkScenarioSpec) {
  return spec.workload === undefined ? [] : Array.isArray(spec.workload) ? spec.workload : [spec.workload as NonNullable<ZkScenarioSpec['workload']>];
}

/** ZAB facts the summary reports, gathered from the event stream. */
class ZabTally {
  committed = 0;
  maxCommittedZxid = 0;
  truncated = 0;
  tornTails = 0;
  /** Client syncs a learner completed after its leader processed them. */
  learnerSyncs = 0;
  private readonly syncRequests = new Set<string>();
  readonly syncModes = new Set<string>();
  observe(ev: TraceEvent): void {
    if (ev.e === 'zab.commit') {
      this.committed++;
      if (typeof ev.zxid === 'number' && ev.zxid > this.maxCommittedZxid) this.maxCommittedZxid = ev.zxid;
    }
    else if (ev.e === 'zab.syncMode') this.syncModes.add(`${String(ev.learner)}:${String(ev.mode)}`);
    else if (ev.e === 'zab.trunc' && Array.isArray(ev.dropped) && ev.dropped.length > 0) this.truncated++;
    else if (ev.e === 'zab.recovered' && typeof ev.truncatedBytes === 'number' && ev.truncatedBytes > 0) this.tornTails++;
    else if (ev.e === 'zab.syncRequest') this.syncRequests.add(`${String(ev.learner)}:${String(ev.id)}`);
    else if (ev.e === 'zab.syncDone' && this.syncRequests.delete(`${String(ev.node)}:${String(ev.id)}`)) this.learnerSyncs++;
  }
}

function buildEnsemble(spec: ZkScenarioSpec, config: EnsembleConfig, schedule: readonly FaultEntry[], opts: BuildOptions): BuiltRun {
  const bugs = [...new Set([...(spec.bugs ?? []), ...(opts.bugs ?? [])])].sort();
  const unknown = unknownBugFlags(bugs);
  if (unknown.length > 0) throw new Error(`unknown bug flag(s): ${unknown.join(', ')} (see zksim bugs)`);
  const checkers = ElectionCheckers.fromHeader({ config: { ensemble: config } });
  const zabCheckers = ZabCheckers.fromHeader({ config: { ensemble: config } });
  let firstEstablishedUs: number | null = null;
  const firstEstablished = (ev: TraceEvent) => {
    if (ev.e === 'zab.established' && firstEstablishedUs === null) firstEstablishedUs = ev.t;
  };
  const tally = new ZabTally();
  const sink = new TeeSink(opts.sink, [(ev) => checkers.observe(ev), (ev) => zabCheckers.observe(ev), firstEstablished, (ev) => tally.observe(ev)]);
  const sim = new Sim({ seed: opts.seed, sink, net: { refuseWhenDown: true }, tornWrites: spec.tornWrites ?? false });
  const peers = new Map<number, QuorumPeer>();
  for (const s of config.servers) {
    sim.addNode(s.sid, () => {
      const p = new QuorumPeer(s.sid, { config, bugs, qcmSendCostUs: spec.qcmSendCostUs });
      peers.set(s.sid, p);
      return p;
    });
    seedServerDisk(sim.node(s.sid).storage, spec.init?.[s.sid] ?? {});
    const at = ms(spec.startAtMs?.[s.sid] ?? 0);
    if (at === 0) sim.start(s.sid);
    else sim.kernel.at(at, () => sim.start(s.sid));
  }
  scheduleFaults(sim, schedule);
  if (opts.extraFaults) scheduleFaults(sim, opts.extraFaults);
  const live = (sid: number) => (sim.node(sid).up ? peers.get(sid) : undefined);
  for (const w of workloadsOf(spec)) scheduleWorkload(sim.kernel, w, nodes(config), live);
  return {
    sim,
    config: {
      ensemble: config,
      zooCfg: spec.zooCfg,
      init: spec.init ?? {},
      startAtMs: spec.startAtMs ?? {},
      faults: toInput(schedule),
      ...(spec.workload ? { workload: spec.workload } : {}),
      ...(bugs.length > 0 ? { bugs } : {}),
      expect: spec.expect,
      caption: spec.caption,
      steps: spec.steps ?? [],
    },
    summary: () => {
      const servers = config.servers.map((s) => {
        const host = sim.node(s.sid);
        const p = peers.get(s.sid);
        const up = host.up && p !== undefined;
        return {
          sid: s.sid,
          type: s.type,
          state: up ? (p.refused ? 'REFUSED' : p.state) : 'DOWN',
          zabState: up ? p.zabState : null,
          acceptedEpoch: p?.acceptedEpoch_ ?? null,
          currentEpoch: p?.currentEpoch_ ?? null,
          lastZxid: p ? zxidHex(p.lastLoggedZxid_) : null,
          lastCommittedZxid: up && p.lastCommittedZxid() !== null ? zxidHex(p.lastCommittedZxid()!) : null,
          digest: up && p.db ? p.db.state.digest() : null,
        };
      });
      const leaders = config.servers.filter((s) => {
        const p = peers.get(s.sid);
        return sim.node(s.sid).up && p?.state === 'LEADING' && p.zabState === 'BROADCAST';
      });
      const summary = {
        leader: leaders.length === 1 ? leaders[0]!.sid : null,
        servers,
        electionMs: firstEstablishedUs === null ? null : firstEstablishedUs / 1000,
        committed: tally.committed,
        maxCommittedZxid: zxidHex(tally.maxCommittedZxid),
        syncModes: [...tally.syncModes].sort(),
        truncations: tally.truncated,
        tornTails: tally.tornTails,
        learnerSyncs: tally.learnerSyncs,
      };
      // Judged against the scenario's expected outcome, which holds for its own faults and
      // duration: with extra faults or a shorter --until a miss is information, not a bug.
      return { ...summary, unmetExpectations: unmetExpectations(spec.expect, summary) };
    },
    violations: () => [...checkers.finish(sim.now), ...zabCheckers.finish(sim.now)].sort((a, b) => a.t - b.t),
  };
}
