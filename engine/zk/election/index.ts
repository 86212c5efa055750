// The election as the QuorumPeer embeds it: one QuorumCnxManager (the channel) feeding one
// FastLeaderElection (the algorithm), built together for one process incarnation. Also the
// routing predicates the peer uses to hand connections, messages and timers to them (see
// the contract at the top of quorumCnxManager.ts and fastLeaderElection.ts).
import type { NodeContext } from '../../sim/process.ts';
import { FastLeaderElection } from './fastLeaderElection.ts';
import type { ElectionHost, FleOptions } from './host.ts';
import { ELECTION_TAG_PREFIX, QuorumCnxManager, type QcmOptions } from './quorumCnxManager.ts';

export * from './types.ts';
export * from './totalOrderPredicate.ts';
export * from './fastLeaderElection.ts';
export * from './quorumCnxManager.ts';
export { electionTraceSchemas, fleTraceSchemas, qcmTraceSchemas } from './traceEvents.ts';

export interface Election {
  readonly qcm: QuorumCnxManager;
  readonly fle: FastLeaderElection;
}

/** Builds the pair; `servers` = every server of the view (voters and observers), incl. me. */
export function createElection(
  ctx: NodeContext, host: ElectionHost, servers: Iterable<number>,
  opts: { qcm?: QcmOptions; fle?: FleOptions } = {},
): Election {
  const qcm = new QuorumCnxManager(ctx, host.sid, servers, undefined, opts.qcm);
  const fle = new FastLeaderElection(ctx, host, qcm, opts.fle);
  qcm.onNotification = (_sid, n) => fle.receive(n);
  return { qcm, fle };
}

export function isElectionTag(tag: string): boolean {
  return tag.startsWith(ELECTION_TAG_PREFIX);
}

/** Routes a timer key to the election; false if the key is not the election's. */
export function routeElectionTimer(e: Election, key: string): boolean {
  if (key.startsWith('fle.')) e.fle.onTimer(key);
  else if (key.startsWith('qcm.')) e.qcm.onTimer(key);
  else return false;
  return true;
}
