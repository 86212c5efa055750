// Quorum systems: which sets of servers may decide. QuorumMaj (the default) and
// QuorumHierarchical (group.N / weight.N in zoo.cfg), behind one QuorumVerifier contract.
export type {
  HierarchicalDescription, HierarchicalGroupDescription, LearnerType, MajorityDescription,
  QuorumDescription, QuorumMember, QuorumVerifier,
} from './verifier.ts';
export { asSidSet } from './verifier.ts';
export { QuorumMaj } from './majority.ts';
export { QuorumHierarchical, type HierarchicalGroup, type HierarchicalSpec } from './hierarchical.ts';
