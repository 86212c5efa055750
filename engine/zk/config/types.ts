// The typed form of a zoo.cfg: what one ZooKeeper 3.8 ensemble is configured with once
// QuorumPeerConfig has applied its defaults. Every field is filled in (defaults from
// defaults.ts) except the few ZooKeeper itself treats as "not set". Field names follow
// QuorumPeerConfig / zoo.cfg keys; keys with dots become camelCase (noted per field).
import type { LearnerType } from '../quorum/verifier.ts';

export type { LearnerType };

/** A problem found in a zoo.cfg. line is 1-based; 0 means the file as a whole. */
export interface CfgError {
  readonly line: number;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly config: EnsembleConfig; readonly warnings: CfgError[] }
  | { readonly ok: false; readonly errors: CfgError[]; readonly warnings: CfgError[] };

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort] */
export interface ServerSpec {
  readonly sid: number;
  readonly host: string;
  /** Followers connect to the leader here (zoo_sample: 2888). */
  readonly quorumPort: number;
  /** FastLeaderElection connections (zoo_sample: 3888). */
  readonly electionPort: number;
  readonly type: LearnerType;
  /** 3.5+ dynamic-config client address; host is 0.0.0.0 when only a port is given. */
  readonly clientAddress?: HostPort;
}

/** group.G=sid:sid:... (hierarchical quorums). */
export interface GroupSpec {
  readonly gid: number;
  /** Ascending sids. */
  readonly members: readonly number[];
}

export interface EnsembleConfig {
  // --- time (ms) and learner limits (ticks) ---
  readonly tickTime: number;
  /** Ticks a learner may take to connect and sync. 0 = not set (only allowed when not distributed). */
  readonly initLimit: number;
  /** Ticks a learner may lag. 0 = not set (only allowed when not distributed). */
  readonly syncLimit: number;
  /** Ticks for a learner's connect attempts; 0 = use initLimit. */
  readonly connectToLearnerMasterLimit: number;
  /** Session timeout bounds (ms); default 2*tickTime and 20*tickTime. */
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  /** Timeout (ms) for opening election connections (system property zookeeper.cnxTimeout). */
  readonly cnxTimeout: number;

  // --- storage ---
  readonly dataDir: string;
  /** Defaults to dataDir. */
  readonly dataLogDir: string;
  /** Txns between snapshots (zookeeper.snapCount); ZooKeeper raises values < 2 to 2. */
  readonly snapCount: number;
  /** Committed proposals kept for DIFF sync (zookeeper.commitLogCount); raised to ≥ 500. */
  readonly commitLogCount: number;
  /** Txn log preallocation in KB (zookeeper.preAllocSize). */
  readonly preAllocSize: number;
  /** autopurge.snapRetainCount; ZooKeeper raises values < 3 to 3. */
  readonly snapRetainCount: number;
  /** autopurge.purgeInterval in hours; 0 = never purge. */
  readonly purgeInterval: number;
  /** Observers/followers log txns to disk. */
  readonly syncEnabled: boolean;

  // --- clients ---
  readonly clientPort?: number;
  readonly clientPortAddress?: string;
  readonly secureClientPort?: number;
  readonly secureClientPortAddress?: string;
  /** Per-client-IP connection cap; 0 = unlimited. */
  readonly maxClientCnxns: number;
  readonly globalOutstandingLimit: number;
  readonly localSessionsEnabled: boolean;
  readonly localSessionsUpgradingEnabled: boolean;
  /** readonlymode.enabled (see the warning parseZooCfg gives about it). */
  readonly readOnlyModeEnabled: boolean;
  /** skipACL=yes */
  readonly skipACL: boolean;
  /** leaderServes=no makes the leader refuse client connections. */
  readonly leaderServes: boolean;
  /** 4lw.commands.whitelist as written ('*' = all); srvr is always enabled on top. */
  readonly fourLetterWordWhitelist: readonly string[];
  /** admin.enableServer */
  readonly adminEnableServer: boolean;
  /** admin.serverPort */
  readonly adminServerPort: number;

  // --- quorum ---
  /** Only FastLeaderElection (3) exists in 3.8. */
  readonly electionAlg: 3;
  /** peerType as written; the server list wins when they disagree (QuorumPeerConfig.setupPeerType). */
  readonly peerType?: LearnerType;
  readonly standaloneEnabled: boolean;
  readonly reconfigEnabled: boolean;
  readonly quorumListenOnAllIPs: boolean;
  /** Ascending sid. */
  readonly servers: readonly ServerSpec[];
  /** Present iff the quorum is hierarchical; ascending gid. */
  readonly groups?: readonly GroupSpec[];
  /** Weight of every voter (1 unless weight.N says otherwise); observers have none. */
  readonly weights: Readonly<Record<number, number>>;

  /**
   * Keys zksim does not model, verbatim. For keys QuorumPeerConfig does not know either,
   * ZooKeeper sets the system property "zookeeper." + key, and so might a zksim module.
   */
  readonly extra: Readonly<Record<string, string>>;
}

/** The scalar settings: everything but the membership and extra keys. */
export type ZkSettings = Omit<EnsembleConfig, 'servers' | 'groups' | 'weights' | 'extra'>;
