// Hosts one node: its lifecycle (start, crash, restart), its named timers under clock
// drift, its disk with fsync latency, and the NodeContext its Process acts through.
// Everything volatile — the Process object, timers, connections, pending fsyncs — belongs
// to one incarnation and is dropped by a crash; only the disk's durable content survives.
import { fail } from '../kernel/assert.ts';
import { NO_EVENT, type EventId } from '../kernel/queue.ts';
import type { Random } from '../kernel/random.ts';
import type { Micros } from '../kernel/time.ts';
import { Disk } from '../disk/disk.ts';
import { drawLatency } from '../net/latency.ts';
import type { ConnId, Message, NodeId } from '../net/types.ts';
import type { NodeContext, NodeDisk, Process, ProcessFactory } from './process.ts';
import type { Sim } from './sim.ts';

const PPM = 1_000_000;

/** `due` is the node's local clock reading at which the timer fires. */
interface TimerArg { host: NodeHost; key: string; ev: EventId; due: Micros }

export class NodeHost implements NodeContext {
  up = false;
  incarnation = 0;
  process: Process | undefined;
  readonly disk: NodeDisk;
  readonly storage: Disk;
  readonly random: Random;
  readonly conns = new Set<ConnId>();
  private readonly timers = new Map<string, TimerArg>();
  private readonly pendingSyncs = new Set<EventId>();
  private lastSyncAt = 0;
  private driftPpm = 0;
  private localBase = 0;
  private realBase = 0;
  fsyncExtraUs = 0;

  constructor(private readonly sim: Sim, readonly id: NodeId, private readonly factory: ProcessFactory) {
    this.storage = new Disk(id);
    this.random = sim.kernel.random.node(id);
    this.disk = this.makeDisk();
  }

  get tracing(): boolean {
    return this.sim.sink.enabled;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(): void {
    if (!(!this.up)) fail(`node ${this.id} is already up`);
    this.up = true;
    this.incarnation++;
    this.process = this.factory(this.id);
    this.sim.emit('node.start', { node: this.id, incarnation: this.incarnation });
    this.process.start(this);
  }

  crash(torn: boolean): void {
    if (!this.up) return;
    this.up = false;
    this.process = undefined;
    for (const t of this.timers.values()) this.sim.kernel.cancel(t.ev);
    this.timers.clear();
    for (const ev of this.pendingSyncs) this.sim.kernel.cancel(ev);
    this.pendingSyncs.clear();
    this.conns.clear();
    this.sim.emit('node.crash', { node: this.id, incarnation: this.incarnation });
    this.sim.net.nodeDown(this.id);
    for (const loss of this.storage.crash(torn ? this.sim.kernel.random.disk : undefined)) {
      this.sim.emit('disk.lost', { node: this.id, ...loss });
    }
  }

  // ---- clock -----------------------------------------------------------------------------

  now(): Micros {
    const d = this.sim.kernel.now - this.realBase;
    if (this.driftPpm === 0) return this.localBase + d;
    const q = Math.floor(d / PPM), r = d - q * PPM;
    return this.localBase + d + q * this.driftPpm + Math.floor((r * this.driftPpm) / PPM);
  }

  setDrift(ppm: number): void {
    if (!(Number.isInteger(ppm) && ppm > -PPM && ppm < PPM)) fail(`drift out of range: ${ppm}`);
    const local = this.now();
    this.localBase = local;
    this.realBase = this.sim.kernel.now;
    this.driftPpm = ppm;
    // Armed timers wait for a local clock reading: a new rate moves when that comes.
    const k = this.sim.kernel;
    for (const arg of this.timers.values()) {
      k.cancel(arg.ev);
      arg.ev = k.after(this.realDelay(arg.due - local), fireTimer, arg);
    }
  }

  /** Virtual microseconds that pass while this node's clock advances `local`. */
  private realDelay(local: Micros): Micros {
    if (this.driftPpm === 0) return local;
    const den = PPM + this.driftPpm;
    const q = Math.floor(local / den), r = local - q * den;
    return q * PPM + Math.ceil((r * PPM) / den);
  }

  // ---- timers ----------------------------------------------------------------------------

  setTimer(key: string, delayUs: Micros): void {
    if (!(Number.isFinite(delayUs) && delayUs >= 0)) fail(`setTimer(${key}): bad delay ${delayUs}`);
    this.cancelTimer(key);
    const local = Math.round(delayUs);
    const arg: TimerArg = { host: this, key, ev: NO_EVENT, due: this.now() + local };
    arg.ev = this.sim.kernel.after(this.realDelay(local), fireTimer, arg);
    this.timers.set(key, arg);
  }

  cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (!t) return;
    this.sim.kernel.cancel(t.ev);
    this.timers.delete(key);
  }

  hasTimer(key: string): boolean {
    return this.timers.has(key);
  }

  fire(arg: TimerArg): void {
    if (!(this.timers.get(arg.key) === arg)) fail(`stale timer ${arg.key} on node ${this.id}`);
    this.timers.delete(arg.key);
    if (this.sim.sink.enabled) this.sim.emit('timer.fire', { node: this.id, key: arg.key });
    this.process!.onTimer?.(this, arg.key);
  }

  // ---- network ---------------------------------------------------------------------------

  connect(peer: NodeId, tag: string, timeoutUs: Micros): void {
    this.sim.net.connect(this.id, peer, timeoutUs, tag);
  }

  send(conn: ConnId, msg: Message): void {
    this.sim.net.send(conn, this.id, msg);
  }

  close(conn: ConnId): void {
    this.conns.delete(conn);
    this.sim.net.close(conn, this.id);
  }

  trace(e: string, fields?: Record<string, unknown>): void {
    if (this.sim.sink.enabled) this.sim.emit(e, { node: this.id, ...fields });
  }

  // ---- disk ------------------------------------------------------------------------------

  private makeDisk(): NodeDisk {
    const d = this.storage;
    const emit = (op: string, file: string, bytes?: number) => {
      if (this.sim.sink.enabled) this.sim.emit('disk.write', { node: this.id, op, file, ...(bytes !== undefined ? { bytes } : {}) });
    };
    return {
      exists: (f) => d.exists(f),
      list: (p) => d.list(p),
      size: (f) => d.size(f),
      read: (f) => d.read(f),
      append: (f, data) => { d.append(f, data); emit('append', f, data.length); },
      write: (f, data) => { d.write(f, data); emit('write', f, data.length); },
      truncate: (f, len) => { d.truncate(f, len); emit('truncate', f, len); },
      rename: (a, b) => { d.rename(a, b); emit('rename', `${a}>${b}`); },
      delete: (f) => { d.delete(f); emit('delete', f); },
      fsync: (f, tag) => this.fsync(f, tag),
    };
  }

  private fsync(file: string, tag: string): void {
    const point = this.storage.syncPoint(file);
    const k = this.sim.kernel;
    let at = k.now + drawLatency(this.sim.config.fsyncLatency, k.random.disk) + this.fsyncExtraUs;
    if (at < this.lastSyncAt) at = this.lastSyncAt; // one device: fsyncs finish in order
    this.lastSyncAt = at;
    const ev: EventId = k.at(at, () => {
      this.pendingSyncs.delete(ev);
      if (point) this.storage.commitSync(point);
      this.sim.emit('disk.fsync', { node: this.id, file, bytes: point?.image.bytes ?? 0, tag });
      this.process!.onSynced?.(this, tag);
    });
    this.pendingSyncs.add(ev);
  }
}

function fireTimer(arg: unknown): void {
  const t = arg as TimerArg;
  t.host.fire(t);
}
