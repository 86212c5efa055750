// A simulation: one kernel, one network, one disk per node, the hosted processes, the
// fault schedule and the trace sink, wired together. This is the object scenarios,
// tests, the CLI and the browser worker drive.
import { Kernel } from '../kernel/kernel.ts';
import type { Micros } from '../kernel/time.ts';
import { fail } from '../kernel/assert.ts';
import { type LatencyDist } from '../net/latency.ts';
import { Network, defaultNetConfig, type NetConfig } from '../net/network.ts';
import type { CloseReason, ConnId, ConnectFailReason, Message, NetListener, NodeId } from '../net/types.ts';
import { nullSink, type TraceSink } from '../trace/sink.ts';
import { NodeHost } from './node.ts';
import type { ProcessFactory } from './process.ts';

export interface SimConfig {
  seed: string | number;
  net?: Partial<NetConfig>;
  fsyncLatency?: LatencyDist;
  /** On a crash, let the first unsynced write of a file land partly. */
  tornWrites?: boolean;
  sink?: TraceSink;
}

export interface ResolvedSimConfig {
  net: NetConfig;
  fsyncLatency: LatencyDist;
  tornWrites: boolean;
}

export class Sim implements NetListener {
  readonly kernel: Kernel;
  readonly net: Network;
  readonly sink: TraceSink;
  readonly config: ResolvedSimConfig;
  private readonly hosts = new Map<NodeId, NodeHost>();

  constructor(cfg: SimConfig) {
    this.kernel = new Kernel({ seed: cfg.seed });
    this.sink = cfg.sink ?? nullSink;
    this.config = {
      net: { ...defaultNetConfig, ...cfg.net },
      fsyncLatency: cfg.fsyncLatency ?? { kind: 'uniform', minUs: 500, maxUs: 2_000 },
      tornWrites: cfg.tornWrites ?? false,
    };
    this.net = new Network(this.kernel, this, this.sink, this.config.net);
  }

  get now(): Micros {
    return this.kernel.now;
  }

  emit(e: string, fields: Record<string, unknown>): void {
    if (this.sink.enabled) this.sink.emit({ t: this.kernel.now, e, ...fields });
  }

  // ---- nodes -----------------------------------------------------------------------------

  addNode(id: NodeId, factory: ProcessFactory): NodeHost {
    if (!Number.isSafeInteger(id)) fail(`bad node id ${id}`);
    if (this.hosts.has(id)) fail(`node ${id} added twice`);
    const host = new NodeHost(this, id, factory);
    this.hosts.set(id, host);
    return host;
  }

  node(id: NodeId): NodeHost {
    const h = this.hosts.get(id);
    if (!h) fail(`no node ${id}`);
    return h;
  }

  hasNode(id: NodeId): boolean {
    return this.hosts.has(id);
  }

  nodeIds(): NodeId[] {
    return [...this.hosts.keys()].sort((a, b) => a - b);
  }

  start(id: NodeId): void {
    const h = this.node(id);
    if (!h.up) h.start();
  }

  crash(id: NodeId): void {
    this.node(id).crash(this.config.tornWrites);
  }

  restart(id: NodeId): void {
    this.start(id);
  }

  // ---- NetListener -----------------------------------------------------------------------

  isUp(node: NodeId): boolean {
    return this.hosts.get(node)?.up ?? false;
  }

  accepts(node: NodeId, tag: string): boolean {
    const h = this.live(node);
    return h !== undefined && (h.process!.accepts?.(h, tag) ?? true);
  }

  onAccept(node: NodeId, conn: ConnId, peer: NodeId, tag: string): void {
    const h = this.live(node);
    if (!h) return;
    h.conns.add(conn);
    h.process!.onAccept?.(h, conn, peer, tag);
  }

  onConnected(node: NodeId, conn: ConnId, peer: NodeId, tag: string): void {
    const h = this.live(node);
    if (!h) return;
    h.conns.add(conn);
    h.process!.onConnected?.(h, conn, peer, tag);
  }

  onConnectFailed(node: NodeId, peer: NodeId, tag: string, reason: ConnectFailReason): void {
    const h = this.live(node);
    if (h) h.process!.onConnectFailed?.(h, peer, tag, reason);
  }

  onMessage(node: NodeId, conn: ConnId, msg: Message): void {
    const h = this.live(node);
    if (h && h.conns.has(conn)) h.process!.onMessage?.(h, conn, msg);
  }

  onClose(node: NodeId, conn: ConnId, reason: CloseReason): void {
    const h = this.live(node);
    if (!h || !h.conns.delete(conn)) return;
    h.process!.onClose?.(h, conn, reason);
  }

  private live(node: NodeId): NodeHost | undefined {
    const h = this.hosts.get(node);
    return h && h.up ? h : undefined;
  }
}
