// Shared vocabulary of the virtual network.

export type NodeId = number;
export type ConnId = number;

/** A message on the wire. `type` labels it in the trace and the UI (e.g. "NOTIFICATION", "PING"). */
export interface Message {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * Why a connection ended, as the end that is told can see it:
 * - `local`: this end closed it;
 * - `eof`: the other end closed it or its process died;
 * - `reset`: the connection was reset (injected loss);
 * - `timeout`: data could not get through for too long (a long partition).
 */
export type CloseReason = 'local' | 'eof' | 'reset' | 'timeout';

/** `timeout`: no answer (down machine or cut path); `refused`: the host answered RST. */
export type ConnectFailReason = 'timeout' | 'refused';

/** What the network tells the nodes; implemented by the simulation that hosts them. */
export interface NetListener {
  isUp(node: NodeId): boolean;
  /** Whether `node` (up) listens on the port `tag` names; a dial to a closed port is refused. */
  accepts(node: NodeId, tag: string): boolean;
  /** `tag` is what the connector passed (it names the port/channel it dialled). */
  onAccept(node: NodeId, conn: ConnId, peer: NodeId, tag: string): void;
  onConnected(node: NodeId, conn: ConnId, peer: NodeId, tag: string): void;
  onConnectFailed(node: NodeId, peer: NodeId, tag: string, reason: ConnectFailReason): void;
  onMessage(node: NodeId, conn: ConnId, msg: Message): void;
  onClose(node: NodeId, conn: ConnId, reason: CloseReason): void;
}

export interface LinkCounters {
  sent: number;
  delivered: number;
  dropped: number;
}
