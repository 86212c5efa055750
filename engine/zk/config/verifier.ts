// From a parsed ensemble to the quorum system it implies: QuorumHierarchical when the
// file had group lines, QuorumMaj otherwise (ZK 3.8: QuorumPeerConfig.createQuorumVerifier),
// and whether ZooKeeper would run the ensemble as a quorum at all.
import { QuorumHierarchical } from '../quorum/hierarchical.ts';
import { QuorumMaj } from '../quorum/majority.ts';
import type { QuorumVerifier } from '../quorum/verifier.ts';
import type { EnsembleConfig } from './types.ts';

export function verifierFor(config: Pick<EnsembleConfig, 'servers' | 'groups' | 'weights'>): QuorumVerifier {
  const members = config.servers.map((s) => ({ sid: s.sid, type: s.type }));
  if (config.groups === undefined) return new QuorumMaj(members);
  return new QuorumHierarchical({ members, groups: config.groups, weights: config.weights });
}

/**
 * ZK 3.8: QuorumPeerConfig.isDistributed — more than one participant, or standalone mode
 * switched off. A non-distributed config runs as a standalone server (no election, no ZAB).
 */
export function isDistributed(config: Pick<EnsembleConfig, 'servers' | 'standaloneEnabled'>): boolean {
  return !config.standaloneEnabled || config.servers.filter((s) => s.type === 'participant').length > 1;
}
