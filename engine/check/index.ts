// The checkers' public face. Each checker reads trace events one at a time and re-derives
// a property the protocol must keep, without calling the protocol's own code; the
// election/discovery set runs together as ElectionCheckers (or checkTrace for a whole trace),
// the ZAB broadcast/recovery set as ZabCheckers (or checkZabTrace), with Convergence to
// judge the end state.
export * from './types.ts';
export { FaultState, type FaultUpdate } from './faultState.ts';
export { OneLeaderPerEpoch } from './oneLeaderPerEpoch.ts';
export { EstablishedHadQuorum } from './establishedHadQuorum.ts';
export { EpochsMonotonic } from './epochsMonotonic.ts';
export { VotesMonotonic } from './votesMonotonic.ts';
export { ElectionLiveness, livenessBoundUs, MAX_NOTIFICATION_INTERVAL_MS, type LivenessTimeouts } from './electionLiveness.ts';
export {
  ElectionCheckers, checkTrace, ensembleFromHeader, type CheckedEnsemble, type ElectionCheckerOptions,
} from './election.ts';
export { ZabHistories, type Entry, type HistoryChange, type ZabPhase } from './zabHistory.ts';
export { canonicalJson } from '../trace/canonicalJson.ts';
export { entryKey, fmtTxn, fmtZxid, type HistoryChecker } from './zabFields.ts';
export { ZabIntegrity } from './zabIntegrity.ts';
export { ZabAgreement } from './zabAgreement.ts';
export { ZabTotalOrder, ZabLocalPrimaryOrder, ZabGlobalPrimaryOrder } from './zabOrder.ts';
export { ZabPrimaryIntegrity } from './zabPrimaryIntegrity.ts';
export { ZabSyncFreshness } from './zabSyncFreshness.ts';
export { ZabCommittedNotLost } from './zabCommittedNotLost.ts';
export { ZabPrefixOfOneHistory } from './zabPrefix.ts';
export {
  convergence, endStates, type ConvergenceGroup, type ConvergenceOptions, type ConvergenceReport, type ServerEndState,
} from './zabConvergence.ts';
export { ZabCheckers, checkZabTrace, ZAB_HISTORY, type ZabCheckerOptions } from './zab.ts';
