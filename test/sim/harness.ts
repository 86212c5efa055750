// Test harness: a Sim whose nodes run a small recording Process. Every input a process
// sees is appended to one log (with virtual time and incarnation); a test may add hooks
// per node to act on inputs (e.g. send on accept) through the NodeContext it is handed.
import { Sim, type SimConfig } from '../../engine/sim/sim.ts';
import type { NodeContext, Process } from '../../engine/sim/process.ts';
import type { CloseReason, ConnId, ConnectFailReason, Message, NodeId } from '../../engine/net/types.ts';

export type Seen =
  | { kind: 'start'; t: number; node: NodeId; inc: number }
  | { kind: 'timer'; t: number; node: NodeId; inc: number; key: string; local: number }
  | { kind: 'accept'; t: number; node: NodeId; inc: number; conn: ConnId; peer: NodeId; tag: string }
  | { kind: 'connected'; t: number; node: NodeId; inc: number; conn: ConnId; peer: NodeId; tag: string }
  | { kind: 'connectFailed'; t: number; node: NodeId; inc: number; peer: NodeId; tag: string; reason: ConnectFailReason }
  | { kind: 'message'; t: number; node: NodeId; inc: number; conn: ConnId; msg: Message }
  | { kind: 'close'; t: number; node: NodeId; inc: number; conn: ConnId; reason: CloseReason }
  | { kind: 'synced'; t: number; node: NodeId; inc: number; tag: string };

export interface Hooks {
  start?(ctx: NodeContext, p: Recorder): void;
  onTimer?(ctx: NodeContext, key: string, p: Recorder): void;
  onAccept?(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string, p: Recorder): void;
  onConnected?(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string, p: Recorder): void;
  onMessage?(ctx: NodeContext, conn: ConnId, msg: Message, p: Recorder): void;
  onClose?(ctx: NodeContext, conn: ConnId, reason: CloseReason, p: Recorder): void;
  onSynced?(ctx: NodeContext, tag: string, p: Recorder): void;
}

/** One incarnation of a node: records every input into the lab's log. */
export class Recorder implements Process {
  /** Connections this incarnation knows are open, by peer. */
  readonly connTo = new Map<NodeId, ConnId>();
  alive = true;

  constructor(private readonly lab: Lab, readonly id: NodeId, readonly inc: number) {}

  private log(e: Omit<Seen, 't' | 'node' | 'inc'>): void {
    // An input reaching an incarnation that was crashed is a bug in the host.
    if (!this.alive || this.lab.sim.node(this.id).process !== this) {
      this.lab.stale.push({ ...e, t: this.lab.sim.now, node: this.id, inc: this.inc } as Seen);
    }
    this.lab.log.push({ ...e, t: this.lab.sim.now, node: this.id, inc: this.inc } as Seen);
  }

  private get hooks(): Hooks {
    return this.lab.hooks.get(this.id) ?? {};
  }

  start(ctx: NodeContext): void {
    this.log({ kind: 'start' });
    this.hooks.start?.(ctx, this);
  }

  onTimer(ctx: NodeContext, key: string): void {
    this.log({ kind: 'timer', key, local: ctx.now() } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onTimer?.(ctx, key, this);
  }

  onAccept(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string): void {
    this.connTo.set(peer, conn);
    this.log({ kind: 'accept', conn, peer, tag } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onAccept?.(ctx, conn, peer, tag, this);
  }

  onConnected(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string): void {
    this.connTo.set(peer, conn);
    this.log({ kind: 'connected', conn, peer, tag } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onConnected?.(ctx, conn, peer, tag, this);
  }

  onConnectFailed(_ctx: NodeContext, peer: NodeId, tag: string, reason: ConnectFailReason): void {
    this.log({ kind: 'connectFailed', peer, tag, reason } as Omit<Seen, 't' | 'node' | 'inc'>);
  }

  onMessage(ctx: NodeContext, conn: ConnId, msg: Message): void {
    this.log({ kind: 'message', conn, msg } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onMessage?.(ctx, conn, msg, this);
  }

  onClose(ctx: NodeContext, conn: ConnId, reason: CloseReason): void {
    for (const [peer, c] of this.connTo) if (c === conn) this.connTo.delete(peer);
    this.log({ kind: 'close', conn, reason } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onClose?.(ctx, conn, reason, this);
  }

  onSynced(ctx: NodeContext, tag: string): void {
    this.log({ kind: 'synced', tag } as Omit<Seen, 't' | 'node' | 'inc'>);
    this.hooks.onSynced?.(ctx, tag, this);
  }
}

export class Lab {
  readonly sim: Sim;
  readonly log: Seen[] = [];
  /** Inputs that reached an incarnation after its crash (must stay empty). */
  readonly stale: Seen[] = [];
  readonly hooks = new Map<NodeId, Hooks>();
  /** Every incarnation ever built, in order. */
  readonly procs: Recorder[] = [];

  constructor(cfg: SimConfig, ids: readonly NodeId[], opts: { start?: boolean } = {}) {
    this.sim = new Sim(cfg);
    for (const id of ids) {
      this.sim.addNode(id, (nid) => {
        const prev = this.current(nid);
        if (prev) prev.alive = false;
        const p = new Recorder(this, nid, this.sim.node(nid).incarnation);
        this.procs.push(p);
        return p;
      });
    }
    if (opts.start ?? true) for (const id of ids) this.sim.start(id);
  }

  /** The newest incarnation of `id` (undefined before its first start). */
  current(id: NodeId): Recorder | undefined {
    for (let i = this.procs.length - 1; i >= 0; i--) if (this.procs[i]!.id === id) return this.procs[i];
    return undefined;
  }

  crash(id: NodeId): void {
    const p = this.current(id);
    this.sim.crash(id);
    if (p) p.alive = false;
  }

  ctx(id: NodeId): NodeContext {
    return this.sim.node(id);
  }

  /** Connects `from` to `to` and runs until both ends know the connection. */
  connect(from: NodeId, to: NodeId, tag = 't'): ConnId {
    this.ctx(from).connect(to, tag, 1_000_000);
    const ok = this.sim.kernel.runUntil(() => this.current(from)!.connTo.has(to) && this.current(to)!.connTo.has(from), this.sim.now + 10_000_000);
    if (!ok) throw new Error(`connect ${from} -> ${to} did not complete`);
    return this.current(from)!.connTo.get(to)!;
  }

  of<K extends Seen['kind']>(kind: K, node?: NodeId): Extract<Seen, { kind: K }>[] {
    return this.log.filter((e): e is Extract<Seen, { kind: K }> => e.kind === kind && (node === undefined || e.node === node));
  }

  /** Payloads (`n` fields) of messages node `to` received on `conn`. */
  received(to: NodeId, conn?: ConnId): unknown[] {
    return this.of('message', to).filter((e) => conn === undefined || e.conn === conn).map((e) => e.msg['n']);
  }
}

/** A message with a sequence payload. */
export const msg = (n: unknown, type = 'DATA'): Message => ({ type, n });

/** numRuns for a property, scaled by ZKSIM_PROP_SCALE (e.g. 20 for a longer soak). */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env['ZKSIM_PROP_SCALE'] ?? 1)));

/** A cheap assertion for hot loops inside properties (expect() costs a lot per call). */
export function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}
