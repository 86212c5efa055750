// The contract between protocol code and the simulator. A Process is one incarnation of
// the software on a node: it reacts to one input at a time and acts only through the
// NodeContext it is handed (sans-IO). A crash discards the Process object; a restart
// builds a new one, which recovers from `ctx.disk` in `start`.
import type { Micros } from '../kernel/time.ts';
import type { Random } from '../kernel/random.ts';
import type { CloseReason, ConnId, ConnectFailReason, Message, NodeId } from '../net/types.ts';

export interface Process {
  /** First input of every incarnation (fresh start or restart after a crash). */
  start(ctx: NodeContext): void;
  onTimer?(ctx: NodeContext, key: string): void;
  /** Whether this process listens on the port `tag` names (default: every port). */
  accepts?(ctx: NodeContext, tag: string): boolean;
  /** An incoming connection from `peer` was accepted; `tag` is the one `peer` dialled with. */
  onAccept?(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string): void;
  /** An outgoing `connect(peer, tag)` succeeded. */
  onConnected?(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string): void;
  onConnectFailed?(ctx: NodeContext, peer: NodeId, tag: string, reason: ConnectFailReason): void;
  onMessage?(ctx: NodeContext, conn: ConnId, msg: Message): void;
  onClose?(ctx: NodeContext, conn: ConnId, reason: CloseReason): void;
  /** An `fsync(file, tag)` finished: what was written before it is durable. */
  onSynced?(ctx: NodeContext, tag: string): void;
}

export type ProcessFactory = (id: NodeId) => Process;

/** What a node's own disk offers its process. Writes are visible at once; fsync makes them durable. */
export interface NodeDisk {
  exists(file: string): boolean;
  list(prefix?: string): string[];
  size(file: string): number;
  read(file: string): Uint8Array | undefined;
  append(file: string, data: Uint8Array): void;
  write(file: string, data: Uint8Array): void;
  truncate(file: string, length: number): void;
  rename(from: string, to: string): void;
  delete(file: string): void;
  /** Makes everything written to `file` so far durable; `onSynced(tag)` follows. */
  fsync(file: string, tag: string): void;
}

export interface NodeContext {
  readonly id: NodeId;
  /** This node's clock (runs at 1 + drift against virtual time). */
  now(): Micros;
  /** This node's random stream (`node:<id>`); its draws never shift other streams. */
  readonly random: Random;
  /** Arms (or re-arms) the timer `key` to fire after `delayUs` of this node's time. */
  setTimer(key: string, delayUs: Micros): void;
  cancelTimer(key: string): void;
  hasTimer(key: string): boolean;
  connect(peer: NodeId, tag: string, timeoutUs: Micros): void;
  send(conn: ConnId, msg: Message): void;
  close(conn: ConnId): void;
  readonly disk: NodeDisk;
  /** Adds a protocol event to the trace; `e` is namespaced, e.g. "demo.suspect". */
  trace(e: string, fields?: Record<string, unknown>): void;
  /** Whether anyone records the trace (lets hot paths skip building events). */
  readonly tracing: boolean;
}
