// Builds a runnable Scenario from a ZkScenarioSpec: parses its zoo.cfg, seeds each
// server's disk, starts servers on time, schedules faults, runs the election checkers on
// the event stream, and summarises the outcome in the fields `zksim run --json` reports.
import { ElectionCheckers } from '../../engine/check/election.ts';
import { scheduleFaults } from '../../engine/faults/apply.ts';
import { parseFaultSchedule, toInput, type FaultEntry } from '../../engine/faults/schedule.ts';
import { assert } from '../../engine/kernel/assert.ts';
import { ms } from '../../engine/kernel/time.ts';
import { Sim } from '../../engine/sim/sim.ts';
import type { TraceEvent, TraceSink } from '../../engine/trace/sink.ts';
import { parseZooCfg } from '../../engine/zk/config/zooCfg.ts';
import type { EnsembleConfig } from '../../engine/zk/config/types.ts';
import { QuorumPeer } from '../../engine/zk/peer/quorumPeer.ts';
import { seedServerDisk } from '../../engine/zk/peer/seed.ts';
import { zxidHex } from '../../engine/zk/zxid.ts';
import type { BuildOptions, BuiltRun, Scenario } from '../types.ts';
import type { ZkScenarioSpec } from './spec.ts';

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

function buildEnsemble(spec: ZkScenarioSpec, config: EnsembleConfig, schedule: readonly FaultEntry[], opts: BuildOptions): BuiltRun {
  const checkers = ElectionCheckers.fromHeader({ config: { ensemble: config } });
  let firstEstablishedUs: number | null = null;
  const firstEstablished = (ev: TraceEvent) => {
    if (ev.e === 'zab.established' && firstEstablishedUs === null) firstEstablishedUs = ev.t;
  };
  const sink = new TeeSink(opts.sink, [(ev) => checkers.observe(ev), firstEstablished]);
  const sim = new Sim({ seed: opts.seed, sink, net: { refuseWhenDown: true } });
  const peers = new Map<number, QuorumPeer>();
  for (const s of config.servers) {
    sim.addNode(s.sid, () => {
      const p = new QuorumPeer(s.sid, { config });
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
  return {
    sim,
    config: {
      ensemble: config,
      zooCfg: spec.zooCfg,
      init: spec.init ?? {},
      startAtMs: spec.startAtMs ?? {},
      faults: toInput(schedule),
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
        };
      });
      const leaders = config.servers.filter((s) => {
        const p = peers.get(s.sid);
        return sim.node(s.sid).up && p?.state === 'LEADING' && p.zabState === 'BROADCAST';
      });
      return {
        leader: leaders.length === 1 ? leaders[0]!.sid : null,
        servers,
        electionMs: firstEstablishedUs === null ? null : firstEstablishedUs / 1000,
      };
    },
    violations: () => checkers.finish(sim.now).map((v) => `${(v.t / 1000).toFixed(1)} ms ${v.checker}: ${v.message}`),
  };
}
