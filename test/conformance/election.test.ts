// Conformance: a real Apache ZooKeeper 3.8 ensemble on 127.0.0.1 (test/support/realZk.ts,
// tickTime 200, initLimit 10, syncLimit 5) against the simulator's election scenarios, run
// for seed 1. Each test drives the real servers through a scenario's faults (SIGKILL for a
// crash, SIGSTOP for a hang), reads who leads through `srvr`, and expects the simulator's
// `summary.leader` and `summary.servers[].state` to say the same. `srvr` cannot tell LOOKING
// from "elected but not yet synced": both answer "not currently serving" and count as LOOKING.
// "Start together" means together at the election, not at JVM launch: RealEnsemble.startTogether
// holds each server (SIGSTOP) once it goes LOOKING until all have (JVM boots differ by up to
// ~1.5 s on a busy machine, enough for a staggered start, which is another scenario).
// Runs whenever java and ZooKeeper are installed, always under CI (missing them fails there).
// ZKSIM_REALZK_KEEP=1 keeps the servers' folders (logs, data); a failing test keeps its own.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario, type RunSummary } from '../../scenarios/runner.ts';
import { zkScenario } from '../../scenarios/zk/build.ts';
import { zooCfg } from '../../scenarios/zk/spec.ts';
import {
  INSTALL_HINT, leaderOf, RealEnsemble, realZkMissing, simStates, TIMING, type Modes,
} from '../support/realZk.ts';

const SEED = '1';
const missing = realZkMissing();
const requireRealZk = Boolean(process.env.CI);
const skip = missing.length > 0 && !requireRealZk;
if (skip) {
  console.warn(`[conformance] skipping the real ZooKeeper tests: missing ${missing.join(', ')}. Install: ${INSTALL_HINT}`);
}

interface SimServer { sid: number; state: string; currentEpoch: number | null }

interface SimOutcome {
  leader: number | null;
  states: Record<number, string>;
  leaderEpoch: number | null;
}

function outcome(summary: RunSummary): SimOutcome {
  const servers = summary.servers as SimServer[];
  const leader = summary.leader as number | null;
  return {
    leader,
    states: Object.fromEntries(servers.map((s) => [s.sid, s.state])),
    leaderEpoch: servers.find((s) => s.sid === leader)?.currentEpoch ?? null,
  };
}

function simulate(id: string): SimOutcome {
  const scenario = findScenario(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const { summary } = runScenario(scenario, { seed: SEED });
  expect(summary.violations, `${id} --seed ${SEED}`).toEqual([]);
  return outcome(summary);
}

/** The simulator's leader hang: node 3 isolated at 3 s; ms until a new leader serves (bench/timings.ts). */
function simulateHang(): SimOutcome & { toServingMs: number | null; toLookingMs: number | null } {
  const faultMs = 3_000;
  const scenario = zkScenario({
    id: 'conformance-hang-3', title: '', caption: '', tags: [], zooCfg: zooCfg(3), untilMs: faultMs + 5_000,
    faults: [{ at: faultMs, fault: { kind: 'isolate', node: 3 } }], expect: { leader: 'any' },
  });
  const { summary, sink } = runScenario(scenario, { seed: SEED, keep: true });
  const evs = sink.events!;
  const faultUs = faultMs * 1000;
  const serving = evs.find((e) => e.t >= faultUs && e.e === 'zab.newLeaderAcked');
  const looking = evs.find((e) => e.t >= faultUs && e.e === 'zk.state' && e.state === 'LOOKING' && e.node !== 3);
  return {
    ...outcome(summary),
    toServingMs: serving ? (serving.t - faultUs) / 1000 : null,
    toLookingMs: looking ? (looking.t - faultUs) / 1000 : null,
  };
}

/** The epoch of a zxid as `srvr` prints it (0x100000000 → 1). */
function epochOf(zxid: string | null): number | null {
  return zxid === null ? null : Number(BigInt(zxid) >> 32n);
}

function only(m: Modes, sids: number[]): Modes {
  return Object.fromEntries(sids.map((sid) => [sid, m[sid]!])) as Modes;
}

function pick(states: Record<number, string>, sids: number[]): Record<number, string> {
  return Object.fromEntries(sids.map((sid) => [sid, states[sid]!]));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[conformance] ${line}`);

/** One ensemble per describe block: created and started in beforeAll, always closed in afterAll. */
function useEnsemble(size: number): () => RealEnsemble {
  let zk: RealEnsemble | undefined;
  beforeAll(async () => {
    zk = await RealEnsemble.create(size);
    try {
      await zk.startTogether();
    } catch (err) {
      zk.keep = true;
      throw err;
    }
  });
  afterAll(async () => {
    await zk?.close();
  });
  return () => {
    const ens = zk!;
    onTestFailed(() => {
      ens.keep = true;
      console.error(`[conformance] real ZooKeeper logs, kept in ${ens.dir}:\n${ens.logTails(40)}`);
    });
    return ens;
  };
}

describe.skipIf(skip)('real ZooKeeper 3.8 on 127.0.0.1 vs the simulator', () => {
  beforeAll(() => {
    if (missing.length > 0) throw new Error(`CI is set, so the real ZooKeeper conformance tests must run, but ${missing.join(', ')} is missing. Install: ${INSTALL_HINT}`);
  });

  describe('three servers started together', () => {
    const ensemble = useEnsemble(3);

    it('startup-3: server 3 leads epoch 1, 1 and 2 follow', async () => {
      const zk = ensemble();
      const real = await zk.waitForLeader();
      const realEpoch = epochOf((await zk.srvr(real.leader)).zxid);
      const sim = simulate('startup-3');
      log(`startup-3: real leader ${real.leader} epoch ${realEpoch} ${JSON.stringify(real.modes)} ${Math.round(real.elapsedMs)} ms after the start gate; sim leader ${sim.leader} epoch ${sim.leaderEpoch} ${JSON.stringify(sim.states)}`);
      expect(real.leader).toBe(3);
      expect(simStates(real.modes)).toEqual({ 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'LEADING' });
      expect(sim.leader).toBe(real.leader);
      expect(sim.states).toEqual(simStates(real.modes));
      expect(sim.leaderEpoch).toBe(realEpoch);
    });

    it('leader-crash-3: leader 3 SIGKILLed → 2 leads, 1 follows; 3 restarts as a follower', async () => {
      const zk = ensemble();
      expect((await zk.waitForLeader()).leader, 'precondition: 3 leads').toBe(3);
      await zk.kill(3);
      const failover = await zk.waitForLeader();
      log(`leader-crash-3: after SIGKILL of 3: ${JSON.stringify(failover.modes)} in ${Math.round(failover.elapsedMs)} ms`);
      expect(failover.leader).toBe(2);
      expect(failover.modes).toEqual({ 1: 'follower', 2: 'leader', 3: 'down' });

      zk.start(3);
      const rejoined = await zk.waitForLeader();
      const realEpoch = epochOf((await zk.srvr(rejoined.leader)).zxid);
      const sim = simulate('leader-crash-3');
      log(`leader-crash-3: after restart of 3: real ${JSON.stringify(rejoined.modes)} epoch ${realEpoch}; sim leader ${sim.leader} epoch ${sim.leaderEpoch} ${JSON.stringify(sim.states)}`);
      expect(rejoined.leader).toBe(2);
      expect(simStates(rejoined.modes)).toEqual({ 1: 'FOLLOWING', 2: 'LEADING', 3: 'FOLLOWING' });
      expect(sim.leader).toBe(rejoined.leader);
      expect(sim.states).toEqual(simStates(rejoined.modes));
      expect(sim.leaderEpoch).toBe(realEpoch);
    });

    it('crash-2-of-3: the leader and then a second server SIGKILLed → server 1 alone never serves', async () => {
      const zk = ensemble();
      const before = await zk.waitForLeader();
      // Like the scenario: the leader first, the other one 500 ms later; server 1 survives.
      const victims = [before.leader, ...[2, 3].filter((sid) => sid !== before.leader)].filter((sid) => sid !== 1);
      await zk.kill(victims[0]!);
      await sleep(500);
      for (const sid of victims.slice(1)) await zk.kill(sid);
      const alone = await zk.waitFor('server 1 not serving', (m) => m[1] === 'not-serving', 10_000);
      // It must stay so: watch it for longer than an election with a quorum takes (~0.4 s).
      const watchMs = 3_000;
      const seen = new Set<string>();
      const t0 = performance.now();
      while (performance.now() - t0 < watchMs) {
        seen.add((await zk.modes())[1]!);
        await sleep(75);
      }
      const final = await zk.modes();
      const sim = simulate('crash-2-of-3');
      log(`crash-2-of-3: real server 1 modes over ${watchMs} ms: ${[...seen].join(', ')}; final ${JSON.stringify(final)}; sim leader ${sim.leader} ${JSON.stringify(sim.states)}`);
      expect([...seen]).toEqual(['not-serving']);
      expect(leaderOf(alone.modes)).toBeNull();
      expect(simStates(final)).toEqual({ 1: 'LOOKING', 2: 'DOWN', 3: 'DOWN' });
      expect(sim.leader).toBeNull();
      expect(sim.states).toEqual(simStates(final));
    });
  });

  describe('three servers, the leader hangs', () => {
    const ensemble = useEnsemble(3);

    it('leader 3 SIGSTOPped → 1 and 2 elect 2 after about syncLimit × tickTime', async () => {
      const zk = ensemble();
      expect((await zk.waitForLeader()).leader, 'precondition: 3 leads').toBe(3);
      const pausedAt = Date.now();
      const t0 = performance.now();
      zk.pause(3);
      const real = await zk.waitFor('a new leader among 1 and 2, the other following', (m) => {
        const serving = (sid: number) => m[sid] === 'leader' || m[sid] === 'follower';
        return leaderOf(m) !== null && serving(1) && serving(2);
      });
      const observedMs = performance.now() - t0;
      zk.resume(3);
      // The same instants the simulator's numbers use (bench/timings.ts), from ZooKeeper's own
      // log: a follower going LOOKING, and the new leader's "Have quorum of supporters" (ZK
      // 3.8: Leader.startZkServer, after waitForNewLeaderAck = zab.newLeaderAcked).
      const lookingLine = zk.firstLogLine([1, 2], /QuorumPeer: LOOKING$/, pausedAt);
      const servingLine = zk.firstLogLine([1, 2], /Leader: Have quorum of supporters/, pausedAt);
      const realLookingMs = lookingLine && lookingLine.atEpochMs - pausedAt;
      const realServingMs = servingLine && servingLine.atEpochMs - pausedAt;
      const sim = simulateHang();
      const limitMs = TIMING.syncLimit * TIMING.tickTime;
      log(`hang (syncLimit × tickTime = ${limitMs} ms): real ${JSON.stringify(real.modes)}, followers LOOKING after ${realLookingMs} ms, ` +
        `server ${servingLine?.sid} has a quorum of NEWLEADER acks after ${realServingMs} ms, both serve (srvr) after ${Math.round(observedMs)} ms; ` +
        `sim leader ${sim.leader} ${JSON.stringify(sim.states)}, LOOKING after ${sim.toLookingMs} ms, newLeaderAcked after ${sim.toServingMs} ms`);
      expect(leaderOf(real.modes)).toBe(2);
      expect(only(real.modes, [1, 2])).toEqual({ 1: 'follower', 2: 'leader' });
      expect(sim.leader).toBe(2);
      expect(pick(sim.states, [1, 2])).toEqual(simStates(only(real.modes, [1, 2])));
      expect(servingLine?.sid, 'the new leader logged its quorum').toBe(2);
      expect(realServingMs).toBeGreaterThanOrEqual(700);
      expect(realServingMs).toBeLessThanOrEqual(2_500);
      expect(sim.toServingMs).not.toBeNull();
      expect(sim.toServingMs!).toBeGreaterThanOrEqual(700);
      expect(sim.toServingMs!).toBeLessThanOrEqual(2_500);
    });
  });

  describe('four servers started together', () => {
    const ensemble = useEnsemble(4);

    it('startup-4: server 4 leads epoch 1, 1–3 follow', async () => {
      const zk = ensemble();
      const real = await zk.waitForLeader();
      const realEpoch = epochOf((await zk.srvr(real.leader)).zxid);
      const sim = simulate('startup-4');
      log(`startup-4: real leader ${real.leader} epoch ${realEpoch} ${JSON.stringify(real.modes)} ${Math.round(real.elapsedMs)} ms after the start gate; sim leader ${sim.leader} epoch ${sim.leaderEpoch} ${JSON.stringify(sim.states)}`);
      expect(real.leader).toBe(4);
      expect(simStates(real.modes)).toEqual({ 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'FOLLOWING', 4: 'LEADING' });
      expect(sim.leader).toBe(real.leader);
      expect(sim.states).toEqual(simStates(real.modes));
      expect(sim.leaderEpoch).toBe(realEpoch);
    });
  });
});
