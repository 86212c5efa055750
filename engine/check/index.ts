// The checkers' public face. Each checker reads trace events one at a time and re-derives
// a property the protocol must keep, without calling the protocol's own code; the
// election/discovery set runs together as ElectionCheckers (or checkTrace for a whole trace).
export * from './types.ts';
export { FaultState, type FaultUpdate } from './faultState.ts';
export { OneLeaderPerEpoch } from './oneLeaderPerEpoch.ts';
export { EstablishedHadQuorum } from './establishedHadQuorum.ts';
export { EpochsMonotonic } from './epochsMonotonic.ts';
export { ElectionLiveness, livenessBoundUs, MAX_NOTIFICATION_INTERVAL_MS, type LivenessTimeouts } from './electionLiveness.ts';
export {
  ElectionCheckers, checkTrace, ensembleFromHeader, type CheckedEnsemble, type ElectionCheckerOptions,
} from './election.ts';
