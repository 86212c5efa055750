// Runs a real Apache ZooKeeper 3.8 ensemble on 127.0.0.1 as child processes of a test, so
// conformance tests can compare its election outcomes with the simulator's scenarios.
// Each server gets a temp folder (zoo.cfg, log4j.properties, data/myid) and distinct ports
// from a free base (client base+sid, quorum base+100+sid, election base+200+sid, like
// ../shared/notes/real-zookeeper.md). Servers are observed only through the `srvr`
// four-letter word on their client port.
// Invariants: only loopback addresses; every process started here is SIGKILLed by `close()`
// or, failing that, when this process exits or is signalled; `kill` resolves only once the
// process is gone, so a restart can bind the same ports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ZK_JAR = '/usr/share/java/zookeeper.jar';
/** ZooKeeper's log goes to a file through these; `startTogether` reads it (same Debian package). */
const LOG_JARS = ['/usr/share/java/slf4j-log4j12.jar', '/usr/share/java/log4j-1.2.jar'];
export const INSTALL_HINT = 'apt-get update && apt-get install -y zookeeper';

const HOST = '127.0.0.1';
/** Ports used per server: base+sid (client), base+100+sid (quorum), base+200+sid (election). */
const PORT_SPAN = 300;
const SRVR_TIMEOUT_MS = 1_000;
const POLL_MS = 50;
const WAIT_DEADLINE_MS = 30_000;
const KILL_DEADLINE_MS = 10_000;
const GATE_POLL_MS = 5;
/** ZK 3.8: QuorumPeer.run logs this just before lookForLeader sends its first notifications. */
const ENTERED_ELECTION = /\] INFO {2}QuorumPeer: LOOKING$/m;

export const TIMING = { tickTime: 200, initLimit: 10, syncLimit: 5 } as const;

function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** What is missing to run a real ensemble here (empty when nothing is). */
export function realZkMissing(): string[] {
  const missing: string[] = [];
  const java = spawnSync(javaCommand(), ['-version'], { stdio: 'ignore', timeout: 20_000 });
  if (java.error || java.status !== 0) missing.push(`java (${javaCommand()})`);
  for (const jar of [ZK_JAR, ...LOG_JARS]) if (!existsSync(jar)) missing.push(jar);
  return missing;
}

// ---- cleanup of every child process, whatever happens -------------------------------

const live = new Set<ChildProcess>();
const openEnsembles = new Set<RealEnsemble>();
let exitHooksInstalled = false;

function killAllNow(): void {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const ens of openEnsembles) if (!ens.keep) rmSync(ens.dir, { recursive: true, force: true });
  openEnsembles.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAllNow();
      process.off(sig, onSignal);
      // Keep the default behaviour (die by the signal) unless someone else handles it.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

// ---- ports -----------------------------------------------------------------------------

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: HOST, port }, () => srv.close(() => resolve(true)));
  });
}

/** A base port whose client, quorum and election ports for `size` servers are all free. */
async function freeBasePort(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below Linux's ephemeral range (32768+), so outgoing connections do not take them later.
    const base = 10_000 + 10 * Math.floor(Math.random() * ((32_000 - 10_000 - PORT_SPAN) / 10));
    const ports = [];
    for (let sid = 1; sid <= size; sid++) ports.push(base + sid, base + 100 + sid, base + 200 + sid);
    const ok = await Promise.all(ports.map(canBind));
    if (ok.every(Boolean)) return base;
  }
  throw new Error('realZk: no free loopback port range found in 50 attempts');
}

// ---- srvr ------------------------------------------------------------------------------

/**
 * What `srvr` says about a server. `not-serving`: it answered "not currently serving"
 * (LOOKING, or elected but not yet synced); `refused`: nothing listens (process gone);
 * `unresponsive`: connected but no answer in time (e.g. SIGSTOPped); `down`/`paused`: not
 * asked, the harness killed or stopped it.
 */
export type RealMode =
  | 'leader' | 'follower' | 'observer' | 'standalone'
  | 'not-serving' | 'refused' | 'unresponsive' | 'error' | 'down' | 'paused';

export interface SrvrResult {
  mode: RealMode;
  zxid: string | null;
  raw: string;
}

export function parseSrvr(raw: string): SrvrResult {
  const mode = /^Mode: (\w+)/m.exec(raw)?.[1];
  const zxid = /^Zxid: (0x[0-9a-f]+)/m.exec(raw)?.[1] ?? null;
  if (mode === 'leader' || mode === 'follower' || mode === 'observer' || mode === 'standalone') return { mode, zxid, raw };
  if (/not currently serving/i.test(raw)) return { mode: 'not-serving', zxid, raw };
  return { mode: 'error', zxid, raw };
}

export function srvr(port: number, timeoutMs = SRVR_TIMEOUT_MS): Promise<SrvrResult> {
  return new Promise((resolve) => {
    let raw = '';
    let done = false;
    const finish = (r: SrvrResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const sock = connect({ host: HOST, port });
    const timer = setTimeout(() => finish({ mode: 'unresponsive', zxid: null, raw }), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.end('srvr'));
    sock.on('data', (chunk: string) => { raw += chunk; });
    sock.on('end', () => finish(parseSrvr(raw)));
    sock.on('close', () => finish(parseSrvr(raw)));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      finish({ mode: err.code === 'ECONNREFUSED' ? 'refused' : raw ? parseSrvr(raw).mode : 'error', zxid: null, raw: raw || String(err) });
    });
  });
}

/** The simulator's ServerState for what `srvr` showed (a LOOKING peer is "not serving"). */
export function simStateOf(mode: RealMode): string {
  switch (mode) {
    case 'leader': return 'LEADING';
    case 'follower': return 'FOLLOWING';
    case 'observer': return 'OBSERVING';
    case 'not-serving': return 'LOOKING';
    case 'down': case 'refused': return 'DOWN';
    default: return mode.toUpperCase();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- the ensemble ----------------------------------------------------------------------

type Status = 'new' | 'running' | 'paused' | 'down';

export type Modes = Record<number, RealMode>;

export interface WaitResult {
  modes: Modes;
  elapsedMs: number;
}

export class RealEnsemble {
  private readonly procs = new Map<number, ChildProcess>();
  private readonly status = new Map<number, Status>();
  private readonly spawnErrors: string[] = [];
  /** How far `logSince` has read each server's log. */
  private readonly logOffsets = new Map<number, number>();
  readonly sids: number[];

  private constructor(readonly size: number, readonly dir: string, readonly basePort: number) {
    this.sids = Array.from({ length: size }, (_, i) => i + 1);
    for (const sid of this.sids) this.status.set(sid, 'new');
  }

  /** Writes every server's folder; starts nothing. */
  static async create(size: number): Promise<RealEnsemble> {
    const base = await freeBasePort(size);
    const dir = mkdtempSync(join(tmpdir(), `zksim-realzk-${size}-`));
    const ens = new RealEnsemble(size, dir, base);
    openEnsembles.add(ens);
    for (const sid of ens.sids) ens.writeServerDir(sid);
    return ens;
  }

  clientPort(sid: number): number {
    return this.basePort + sid;
  }

  serverDir(sid: number): string {
    return join(this.dir, `server${sid}`);
  }

  private writeServerDir(sid: number): void {
    const d = this.serverDir(sid);
    mkdirSync(join(d, 'data'), { recursive: true });
    writeFileSync(join(d, 'data', 'myid'), `${sid}\n`);
    const lines = [
      `tickTime=${TIMING.tickTime}`, `initLimit=${TIMING.initLimit}`, `syncLimit=${TIMING.syncLimit}`,
      `dataDir=${join(d, 'data')}`, `clientPort=${this.clientPort(sid)}`, `clientPortAddress=${HOST}`,
      'admin.enableServer=false', '4lw.commands.whitelist=*',
      ...this.sids.map((j) => `server.${j}=${HOST}:${this.basePort + 100 + j}:${this.basePort + 200 + j}`),
    ];
    writeFileSync(join(d, 'zoo.cfg'), lines.join('\n') + '\n');
    // Quiet on the console; INFO to a file the tests print when something fails.
    writeFileSync(join(d, 'log4j.properties'), [
      'log4j.rootLogger=INFO, FILE',
      'log4j.appender.FILE=org.apache.log4j.FileAppender',
      `log4j.appender.FILE.File=${join(d, 'zookeeper.log')}`,
      'log4j.appender.FILE.layout=org.apache.log4j.PatternLayout',
      // UTC ISO timestamps (the JVM runs with -Duser.timezone=UTC), comparable with Date.now().
      "log4j.appender.FILE.layout.ConversionPattern=%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} [myid:%X{myid}] %-5p %c{1}: %m%n",
      '',
    ].join('\n'));
  }

  /** Starts servers (all at once when no sid is given): spawned back to back, not awaited. */
  start(...sids: number[]): void {
    installExitHooks();
    for (const sid of sids.length ? sids : this.sids) {
      const st = this.status.get(sid);
      if (st === 'running' || st === 'paused') throw new Error(`realZk: server ${sid} is already running`);
      const d = this.serverDir(sid);
      const classpath = [d, ZK_JAR, ...LOG_JARS.filter((j) => existsSync(j))].join(':');
      const logFile = join(d, 'zookeeper.log');
      this.logOffsets.set(sid, existsSync(logFile) ? statSync(logFile).size : 0);
      const out = openSync(join(d, 'stdout.log'), 'a');
      const child = spawn(javaCommand(), [
        '-Xms64m', '-Xmx256m', '-XX:+UseSerialGC',
        // Start-up speed only (halves the time to a leader on a small, busy machine): C1 JIT
        // only, and no log4j JMX beans (their registration alone took ~2.5 s). Neither changes
        // ZooKeeper's timeouts or protocol.
        '-XX:TieredStopAtLevel=1', '-Dzookeeper.jmx.log4j.disable=true',
        '-Duser.timezone=UTC', '-Dzookeeper.admin.enableServer=false', '-Dzookeeper.4lw.commands.whitelist=*',
        `-Dlog4j.configuration=file:${join(d, 'log4j.properties')}`,
        '-cp', classpath,
        'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(d, 'zoo.cfg'),
      ], { cwd: d, stdio: ['ignore', out, out] });
      closeSync(out);
      live.add(child);
      child.once('error', (err) => {
        // Spawning failed (no java): nothing runs; waits time out and report the modes.
        live.delete(child);
        this.spawnErrors.push(`server ${sid}: ${err.message}`);
        if (this.procs.get(sid) === child) this.status.set(sid, 'down');
      });
      child.once('exit', () => {
        live.delete(child);
        if (this.procs.get(sid) === child) this.status.set(sid, 'down');
      });
      this.procs.set(sid, child);
      this.status.set(sid, 'running');
    }
  }

  /**
   * Starts every server so that they enter leader election together, as the simulator's
   * servers do at t=0. A JVM takes seconds to boot and, on a busy machine, the three boots
   * end up to ~1.5 s apart — long enough for the first two to elect each other before the
   * third votes (what staggered-start-3 models). So each server is SIGSTOPped as soon as
   * its log says it went LOOKING (a few ms after; alone it cannot reach a quorum, and a
   * decision also needs finalizeWait = 200 ms of quiet), and all are SIGCONTinued at once
   * when the last one got there; the notifications queued meanwhile are then exchanged.
   */
  async startTogether(deadlineMs = WAIT_DEADLINE_MS): Promise<void> {
    this.start();
    const waiting = new Set(this.sids);
    const t0 = performance.now();
    while (waiting.size > 0) {
      for (const sid of [...waiting]) {
        if (this.status.get(sid) !== 'running') continue;
        if (ENTERED_ELECTION.test(this.logSince(sid))) {
          this.pause(sid);
          waiting.delete(sid);
        }
      }
      if (waiting.size === 0) break;
      if (performance.now() - t0 > deadlineMs || [...waiting].some((sid) => this.status.get(sid) === 'down')) {
        for (const sid of this.sids) if (this.status.get(sid) === 'paused') this.resume(sid);
        throw new Error(`realZk: servers ${[...waiting].join(', ')} did not go LOOKING within ${deadlineMs} ms\n${this.logTails()}`);
      }
      await sleep(GATE_POLL_MS);
    }
    for (const sid of this.sids) this.resume(sid);
  }

  /** The part of the server's log written since the last call (whole lines only). */
  private logSince(sid: number): string {
    const f = join(this.serverDir(sid), 'zookeeper.log');
    if (!existsSync(f)) return '';
    const from = this.logOffsets.get(sid) ?? 0;
    const fd = openSync(f, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      const n = readSync(fd, buf, 0, buf.length, from);
      const text = buf.subarray(0, n).toString('utf8');
      const end = text.lastIndexOf('\n') + 1;
      this.logOffsets.set(sid, from + Buffer.byteLength(text.slice(0, end)));
      return text.slice(0, end);
    } finally {
      closeSync(fd);
    }
  }

  /** SIGKILL; resolves once the process has exited (its ports are free again). */
  async kill(sid: number): Promise<void> {
    const child = this.procs.get(sid);
    if (!child || child.pid === undefined || this.status.get(sid) === 'down' || child.exitCode !== null || child.signalCode !== null) {
      this.status.set(sid, 'down');
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`realZk: server ${sid} (pid ${child.pid}) survived SIGKILL`)), KILL_DEADLINE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGKILL');
    });
    this.status.set(sid, 'down');
  }

  /** SIGSTOP: the process hangs with its sockets open (a GC pause, a frozen VM). */
  pause(sid: number): void {
    const child = this.procs.get(sid);
    if (this.status.get(sid) !== 'running' || !child) throw new Error(`realZk: server ${sid} is not running`);
    child.kill('SIGSTOP');
    this.status.set(sid, 'paused');
  }

  /** SIGCONT after `pause`. */
  resume(sid: number): void {
    const child = this.procs.get(sid);
    if (this.status.get(sid) !== 'paused' || !child) throw new Error(`realZk: server ${sid} is not paused`);
    child.kill('SIGCONT');
    this.status.set(sid, 'running');
  }

  async srvr(sid: number): Promise<SrvrResult> {
    return srvr(this.clientPort(sid));
  }

  /** Every server's mode: running ones are asked (in parallel), killed/paused ones are not. */
  async modes(): Promise<Modes> {
    const entries = await Promise.all(this.sids.map(async (sid): Promise<[number, RealMode]> => {
      const st = this.status.get(sid);
      if (st === 'paused') return [sid, 'paused'];
      if (st !== 'running') return [sid, 'down'];
      return [sid, (await this.srvr(sid)).mode];
    }));
    return Object.fromEntries(entries) as Modes;
  }

  /** Polls `modes()` every POLL_MS until `done` holds; throws with the last modes at the deadline. */
  async waitFor(what: string, done: (m: Modes) => boolean, deadlineMs = WAIT_DEADLINE_MS): Promise<WaitResult> {
    const t0 = performance.now();
    let last: Modes = {};
    for (;;) {
      last = await this.modes();
      if (done(last)) return { modes: last, elapsedMs: performance.now() - t0 };
      if (performance.now() - t0 > deadlineMs) {
        const errors = this.spawnErrors.length ? `\nspawn errors: ${this.spawnErrors.join('; ')}` : '';
        throw new Error(`realZk: timed out after ${deadlineMs} ms waiting for ${what}; modes ${JSON.stringify(last)}${errors}\n${this.logTails()}`);
      }
      await sleep(POLL_MS);
    }
  }

  /** Waits until exactly one running server leads and every other running server follows. */
  waitForLeader(deadlineMs = WAIT_DEADLINE_MS): Promise<WaitResult & { leader: number }> {
    return this.waitFor('one leader, the other running servers following', (m) => {
      const running = Object.entries(m).filter(([, mode]) => mode !== 'down' && mode !== 'paused');
      const leaders = running.filter(([, mode]) => mode === 'leader');
      return leaders.length === 1 && running.every(([, mode]) => mode === 'leader' || mode === 'follower');
    }, deadlineMs).then((r) => ({ ...r, leader: leaderOf(r.modes)! }));
  }

  /**
   * The first line of the given servers' logs that matches `pattern` and was written at or
   * after `sinceEpochMs` (wall clock, as Date.now()), with its time; null if none.
   */
  firstLogLine(sids: readonly number[], pattern: RegExp, sinceEpochMs: number): LogLine | null {
    let first: LogLine | null = null;
    for (const sid of sids) {
      const f = join(this.serverDir(sid), 'zookeeper.log');
      if (!existsSync(f)) continue;
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        const at = Date.parse(line.slice(0, 24));
        if (Number.isNaN(at) || at < sinceEpochMs || !pattern.test(line)) continue;
        if (first === null || at < first.atEpochMs) first = { sid, atEpochMs: at, line };
        break;
      }
    }
    return first;
  }

  /**
   * The last lines of each server's log, for failure messages, without our own `srvr` polls
   * and stack frames. Set ZKSIM_REALZK_KEEP=1 to keep the whole folder after the run.
   */
  logTails(lines = 25): string {
    const noise = /Processing srvr command|^\s+at |^\s*$/;
    return this.sids.map((sid) => {
      const f = join(this.serverDir(sid), 'zookeeper.log');
      const text = existsSync(f)
        ? readFileSync(f, 'utf8').split('\n').filter((l) => !noise.test(l)).slice(-lines).join('\n')
        : '(no log)';
      return `--- server ${sid} (${this.status.get(sid)}) ${f}\n${text}`;
    }).join('\n');
  }

  /** Keep the folder (logs, data) after `close`, e.g. because a test failed. */
  keep = Boolean(process.env.ZKSIM_REALZK_KEEP);

  /** Kills every server started here (resuming paused ones first) and removes the folder. */
  async close(): Promise<void> {
    for (const sid of this.sids) if (this.status.get(sid) === 'paused') this.resume(sid);
    await Promise.all(this.sids.map((sid) => this.kill(sid)));
    if (!this.keep) rmSync(this.dir, { recursive: true, force: true });
    openEnsembles.delete(this);
  }
}

export interface LogLine {
  sid: number;
  atEpochMs: number;
  line: string;
}

export function leaderOf(m: Modes): number | null {
  const leaders = Object.entries(m).filter(([, mode]) => mode === 'leader').map(([sid]) => Number(sid));
  return leaders.length === 1 ? leaders[0]! : null;
}

/** The simulator's states (`summary.servers[].state`) for the given modes. */
export function simStates(m: Modes): Record<number, string> {
  return Object.fromEntries(Object.entries(m).map(([sid, mode]) => [Number(sid), simStateOf(mode)]));
}
