// ZooKeeper 3.8's built-in defaults for everything a zoo.cfg may leave out, each with
// the source it comes from, and the small rules ZooKeeper applies on top of the values
// (floors it silently raises values to, the four-letter-word whitelist). FastLeaderElection
// timing (finalizeWait 200 ms, max notification interval 60 s) is not configuration and
// lives with the election code.
import type { EnsembleConfig, ZkSettings } from './types.ts';

/** ZK 3.8: ZooKeeperServer.DEFAULT_TICK_TIME (conf/zoo_sample.cfg uses 2000). */
export const DEFAULT_TICK_TIME = 3000;
/** ZK 3.8: ZooKeeperServer.DEFAULT_SNAP_COUNT; getSnapCount raises values < 2 to 2. */
export const DEFAULT_SNAP_COUNT = 100_000;
export const MIN_SNAP_COUNT = 2;
/** ZK 3.8: ZKDatabase.DEFAULT_COMMIT_LOG_COUNT, also the floor it raises smaller values to. */
export const DEFAULT_COMMIT_LOG_COUNT = 500;
/** ZK 3.8: QuorumPeerConfig.MIN_SNAP_RETAIN_COUNT, default and floor of autopurge.snapRetainCount. */
export const MIN_SNAP_RETAIN_COUNT = 3;
/** ZK 3.8: FilePadding.preAllocSize = 65536 * 1024 bytes; the key is in KB. */
export const DEFAULT_PREALLOC_SIZE_KB = 65_536;
/** ZK 3.8: QuorumCnxManager.cnxTO */
export const DEFAULT_CNX_TIMEOUT_MS = 5000;
/** ZK 3.8: ZooKeeperServer.DEFAULT_GLOBAL_OUTSTANDING_LIMIT */
export const DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
/** ZK 3.8: JettyAdminServer.DEFAULT_PORT */
export const DEFAULT_ADMIN_SERVER_PORT = 8080;
/** Session ids carry the sid in their top byte (SessionTrackerImpl.initializeNextSessionId). */
export const SID_MAX = 255;
/** With zookeeper.extendedTypesEnabled the top byte 0xff is reserved (EphemeralType, ZOOKEEPER-2901). */
export const EXTENDED_TYPES_SID_MAX = 254;

/** ZK 3.8: QuorumPeerConfig.parseProperties (minSessionTimeout/maxSessionTimeout == -1 ⇒ 2×/20× tick). */
export function defaultMinSessionTimeout(tickTime: number): number {
  return 2 * tickTime;
}
export function defaultMaxSessionTimeout(tickTime: number): number {
  return 20 * tickTime;
}

/** Every scalar setting at ZooKeeper's default, for a given tickTime. */
export function defaultSettings(tickTime: number = DEFAULT_TICK_TIME): ZkSettings {
  return {
    tickTime,
    initLimit: 0, // QuorumPeerConfig: int field, no default; checkValidity rejects 0 when distributed
    syncLimit: 0,
    connectToLearnerMasterLimit: 0,
    minSessionTimeout: defaultMinSessionTimeout(tickTime),
    maxSessionTimeout: defaultMaxSessionTimeout(tickTime),
    cnxTimeout: DEFAULT_CNX_TIMEOUT_MS,
    dataDir: '',
    dataLogDir: '',
    snapCount: DEFAULT_SNAP_COUNT,
    commitLogCount: DEFAULT_COMMIT_LOG_COUNT,
    preAllocSize: DEFAULT_PREALLOC_SIZE_KB,
    snapRetainCount: MIN_SNAP_RETAIN_COUNT,
    purgeInterval: 0,
    syncEnabled: true,
    maxClientCnxns: 60, // QuorumPeerConfig.maxClientCnxns
    globalOutstandingLimit: DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
    localSessionsEnabled: false,
    localSessionsUpgradingEnabled: false,
    readOnlyModeEnabled: false,
    skipACL: false, // ZooKeeperServer: skipACL only when zookeeper.skipACL == "yes"
    leaderServes: true, // Leader: serves unless zookeeper.leaderServes == "no"
    fourLetterWordWhitelist: [],
    adminEnableServer: true, // AdminServerFactory: enabled unless "false"
    adminServerPort: DEFAULT_ADMIN_SERVER_PORT,
    electionAlg: 3,
    standaloneEnabled: true,
    reconfigEnabled: false,
    quorumListenOnAllIPs: false,
  };
}

/** ZK 3.8: FourLetterCommands.cmd2String */
export const FOUR_LETTER_WORDS: readonly string[] = [
  'conf', 'cons', 'crst', 'dirs', 'dump', 'envi', 'gtmk', 'ruok', 'stmk', 'srst', 'srvr', 'stat',
  'wchc', 'wchp', 'wchs', 'mntr', 'isro', 'telnet close', 'hash',
];

/**
 * The four-letter words a server answers. ZK 3.8: FourLetterCommands.isEnabled — '*' enables
 * all, "srvr" is always on (zkServer.sh needs it) and "isro" is on in read-only mode.
 * Unknown words are accepted there and simply never match; they are left out here.
 */
export function enabledFourLetterWords(config: Pick<EnsembleConfig, 'fourLetterWordWhitelist' | 'readOnlyModeEnabled'>): string[] {
  const on = new Set<string>();
  for (const word of config.fourLetterWordWhitelist) {
    if (word === '*') FOUR_LETTER_WORDS.forEach((w) => on.add(w));
    else on.add(word);
  }
  if (config.readOnlyModeEnabled) on.add('isro');
  on.add('srvr');
  return FOUR_LETTER_WORDS.filter((w) => on.has(w));
}
