// ZooKeeper 3.8's built-in election constants, in one place. Times are in milliseconds as
// ZooKeeper configures them (the components convert to the kernel's microseconds when they
// arm a timer). Capacities are bounds, hence the `…Max` names.

/** ZK 3.8: FastLeaderElection.finalizeWait — how long a quorum must stay unchallenged. */
export const FINALIZE_WAIT_MS = 200;
/** ZK 3.8: zookeeper.fastleader.minNotificationInterval (default = finalizeWait). */
export const MIN_NOTIFICATION_INTERVAL_MS = 200;
/** ZK 3.8: zookeeper.fastleader.maxNotificationInterval — the backoff cap. */
export const MAX_NOTIFICATION_INTERVAL_MS = 60_000;
/** ZK 3.8: QuorumCnxManager.cnxTO (zookeeper.cnxTimeout) — election connect timeout. */
export const CNX_TIMEOUT_MS = 5_000;
/** ZK 3.8: QuorumCnxManager.SEND_CAPACITY — per-peer send queue; the newest message wins. */
export const SEND_CAPACITY_MAX = 1;
/** ZK 3.8: QuorumCnxManager.RECV_CAPACITY — receive queue; the oldest message is dropped. */
export const RECV_CAPACITY_MAX = 100;

export const US_PER_MS = 1_000;
