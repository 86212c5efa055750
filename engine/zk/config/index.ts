// zoo.cfg support: parse a ZooKeeper 3.8 configuration into a typed EnsembleConfig with
// ZooKeeper's defaults, render one back, and build the quorum verifier it implies.
export type {
  CfgError, EnsembleConfig, GroupSpec, HostPort, LearnerType, ParseResult, ServerSpec, ZkSettings,
} from './types.ts';
export { parseZooCfg } from './zooCfg.ts';
export { formatZooCfg, type FormatOptions } from './format.ts';
export { isDistributed, verifierFor } from './verifier.ts';
export { formatServerValue, parseServerValue } from './serverLine.ts';
export {
  DEFAULT_COMMIT_LOG_COUNT, DEFAULT_SNAP_COUNT, DEFAULT_TICK_TIME, EXTENDED_TYPES_SID_MAX, FOUR_LETTER_WORDS,
  MIN_SNAP_RETAIN_COUNT, SID_MAX, defaultMaxSessionTimeout, defaultMinSessionTimeout, defaultSettings,
  enabledFourLetterWords,
} from './defaults.ts';
