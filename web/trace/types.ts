// The web app's own vocabulary for traces. The UI reads trace events only (DESIGN.md, "the
// trace is the contract"), so these types mirror docs/trace-format.md and the protocol
// trace events (engine/zk/*/traceEvents.ts) without importing the engine: only the Web
// Worker may do that. Events stay loose objects; fields.ts reads them defensively.

export interface TraceEvent {
  t: number;
  e: string;
  [field: string]: unknown;
}

export interface TraceHeader {
  type: 'header';
  format: string;
  version: number;
  zksim: string;
  seed: string;
  scenario: string;
  config: Record<string, unknown>;
}

/** ZooKeeper's ServerState. */
export type ServerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
export const SERVER_STATES: readonly ServerState[] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'];

/**
 * What the UI shows for a node: a ZooKeeper state, or UP (running, no ZooKeeper state yet —
 * kernel demos, or a server between start and its first zk.state), DOWN (crashed) or OFF
 * (not started yet).
 */
export type NodeStatus = ServerState | 'UP' | 'DOWN' | 'OFF';
export const NODE_STATUSES: readonly NodeStatus[] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING', 'UP', 'DOWN', 'OFF'];

/** The part of a vote totalOrderPredicate compares: proposed leader, its zxid and epoch. */
export interface VoteTriple {
  leader: number;
  zxid: number;
  peerEpoch: number;
}

/** One recvset / outofelection entry of fle.tally. */
export interface RecvEntry extends VoteTriple {
  sid: number;
  electionEpoch: number;
  state?: string;
}

/** A fault-schedule entry in its input form (`at` in ms), as the CLI's --faults takes it. */
export interface FaultInput {
  at: number;
  fault: { kind: string; [field: string]: unknown };
}

/**
 * What decides a live run's trace: the scenario, the seed, the extra faults and the
 * historical bugs re-introduced (flags of `zksim run --bug`; empty for faithful ZooKeeper).
 */
export interface ScenarioRun {
  scenario: string;
  seed: string;
  faults: FaultInput[];
  bugs: string[];
}

/** Where a loaded trace came from: decides what the URL says and whether faults can be added. */
export type RunSource =
  | ({ kind: 'scenario' } & ScenarioRun)
  | { kind: 'file'; name: string }
  | { kind: 'url'; url: string };

/** A trace error as engine/trace/reader.ts reports it. */
export interface TraceError {
  line: number;
  field?: string;
  message: string;
}

export function formatTraceError(err: TraceError): string {
  return `line ${err.line}: ${err.field !== undefined ? `field "${err.field}": ` : ''}${err.message}`;
}
