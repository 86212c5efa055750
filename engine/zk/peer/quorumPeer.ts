// A ZooKeeper server (ZK 3.8: QuorumPeer) as a simulator Process. It loads its epochs and
// last logged zxid from disk, runs FastLeaderElection while LOOKING, and then the ZAB role
// the election decided (Leader, or a Learner as follower/observer); when the role ends it
// goes back to LOOKING. It routes connections by the port they were dialled on (`quorum` for
// learners, `election:<sid>` for the QuorumCnxManager) and timers by prefix (fle./qcm./zab./peer.).
// Its database and SyncRequestProcessor outlive roles; when a role ends without a crash the
// state is fast-forwarded from the log (ZK: ZooKeeperServer.shutdown → fastForwardDataBase),
// or reloaded from disk if a SNAP/TRUNC sync was cut short (ZOOKEEPER-3642).
import type { CloseReason, ConnId, ConnectFailReason, Message, NodeId } from '../../net/types.ts';
import type { NodeContext, Process } from '../../sim/process.ts';
import { isBugFlag, type BugFlag } from '../bugs.ts';
import type { EnsembleConfig } from '../config/types.ts';
import { verifierFor } from '../config/verifier.ts';
import { FastLeaderElection, type DecideInfo, type FleOptions } from '../election/fastLeaderElection.ts';
import { ELECTION_TAG_PREFIX, QuorumCnxManager } from '../election/quorumCnxManager.ts';
import type { DecidedVia, ServerState, Vote } from '../election/types.ts';
import type { EpochFile } from '../persistence/epochFiles.ts';
import { SYNC_RUN_TIMER, SyncRequestProcessor } from '../persistence/syncProcessor.ts';
import { ZkDatabase } from '../persistence/zkDatabase.ts';
import type { QuorumVerifier } from '../quorum/verifier.ts';
import { digestStateMachine } from '../txn/digestState.ts';
import type { ClientSync, ClientWrite, StateMachine } from '../txn/types.ts';
import { Leader } from '../zab/leader.ts';
import { Learner } from '../zab/learner.ts';
import { QUORUM_PORT_TAG } from '../zab/packets.ts';
import type { PeerServices, ZabState } from '../zab/services.ts';
import type { Zxid } from '../zxid.ts';
import { BootLoader, EpochWriter, type BootResult } from './persistence.ts';

export interface QuorumPeerOptions {
  config: EnsembleConfig;
  fle?: FleOptions;
  /** Historical bugs to re-introduce (engine/zk/bugs.ts). */
  bugs?: readonly string[];
  /** The replicated state (default: the digest chain). */
  stateMachine?: StateMachine;
  /**
   * ZooKeeper's startZkServer sets the leader's lastProcessedZxid to zxid(e, 0); off by
   * default (a deliberate deviation, see Broadcast.start) until the election scenarios'
   * expectations allow for late learners SNAPed at zxid(e, 0).
   */
  newEpochMarker?: boolean;
  /** QuorumCnxManager send cost (see QcmOptions.sendCostUs); bounds vote floods such as ZOOKEEPER-1419's. */
  qcmSendCostUs?: number;
}

const START_ROLE_TIMER = 'peer.startRole';
const OBSERVER_DELAY_TIMER = 'peer.observerDelay';
const OBSERVER_ELECTION_DELAY_MAX_US = 200_000; // ZK: zookeeper.observer.election.DelayMs

export class QuorumPeer implements Process, PeerServices {
  state: ServerState = 'LOOKING';
  zabState: ZabState = 'ELECTION';
  role: Leader | Learner | undefined;
  acceptedEpoch_ = 0;
  currentEpoch_ = 0;
  refused: string | undefined;
  readonly verifier: QuorumVerifier;
  readonly config: EnsembleConfig;
  readonly tickUs: number;
  readonly stateMachine: StateMachine;
  readonly newEpochMarker: boolean;
  ctx!: NodeContext;
  db!: ZkDatabase;
  syncProcessor!: SyncRequestProcessor;
  private readonly bugs: ReadonlySet<BugFlag>;
  /** The last committed zxid this incarnation knew when it last served (summary). */
  private lastCommittedServed: Zxid | null = null;
  fle!: FastLeaderElection;
  private qcm!: QuorumCnxManager;
  private epochs!: EpochWriter;
  private boot: BootLoader | undefined;
  private decided: { vote: Vote; info: DecideInfo } | undefined;
  private stateTraced = false;

  constructor(readonly sid: NodeId, private readonly opts: QuorumPeerOptions) {
    this.config = opts.config;
    this.verifier = verifierFor(opts.config);
    this.tickUs = opts.config.tickTime * 1000;
    this.stateMachine = opts.stateMachine ?? digestStateMachine;
    this.newEpochMarker = opts.newEpochMarker ?? false;
    const bugs = opts.bugs ?? [];
    const unknown = bugs.filter((b) => !isBugFlag(b));
    if (unknown.length > 0) throw new Error(`unknown bug flag(s): ${unknown.join(', ')}`);
    this.bugs = new Set(bugs as BugFlag[]);
  }

  /** Kept for readers of the summary: the database's lastProcessedZxid. */
  get lastLoggedZxid_(): Zxid { return this.db ? this.db.lastProcessedZxid : 0; }

  // ---- PeerServices ------------------------------------------------------------------------

  acceptedEpoch(): number { return this.acceptedEpoch_; }
  currentEpoch(): number { return this.currentEpoch_; }
  lastLoggedZxid(): Zxid { return this.db.lastProcessedZxid; }
  bug(flag: BugFlag): boolean { return this.bugs.has(flag); }

  /** A client write arriving at this server: proposed if leading, forwarded if following. */
  submitWrite(req: ClientWrite): boolean {
    if (this.refused || !this.role) return false;
    if (this.role instanceof Leader) return this.role.serving() && this.role.broadcast.submit(req);
    return this.role.forward(req);
  }

  /**
   * A client sync arriving at this server. A learner forwards it and completes it when the
   * leader's SYNC comes back; at the leader it flows through like a read (ZK: CommitProcessor
   * with matchSyncs false) and completes at once.
   */
  submitSync(req: ClientSync): boolean {
    if (this.refused || !this.role) return false;
    if (!(this.role instanceof Leader)) return this.role.forwardSync(req);
    if (!this.role.serving()) return false;
    if (this.ctx.tracing) {
      this.ctx.trace('zab.syncStart', { id: req.id });
      this.ctx.trace('zab.syncDone', { id: req.id, zxid: this.db.lastTxnZxid });
    }
    return true;
  }

  /** Summary: the last committed zxid — while serving, everything applied is committed. */
  lastCommittedZxid(): Zxid | null {
    if (this.zabState === 'BROADCAST' && this.db) return this.db.lastTxnZxid;
    return this.lastCommittedServed;
  }

  persistEpoch(file: EpochFile, epoch: number, then: () => void): void { this.epochs.persist(file, epoch, then); }
  updateElectionVote(epoch: number): void { this.fle.updateElectionVote(epoch); }

  setZabState(s: ZabState): void {
    if (s === this.zabState) return;
    this.zabState = s;
    this.ctx.trace('zk.zabState', { zabState: s });
  }

  roleFailed(cause: string): void {
    if (!this.role) return;
    const role = this.role;
    if (this.zabState === 'BROADCAST') this.lastCommittedServed = this.db.lastTxnZxid;
    role.shutdown();
    this.role = undefined;
    this.decided = undefined;
    const wasObserver = this.state === 'OBSERVING';
    this.setState('LOOKING', cause);
    this.setZabState('ELECTION');
    // ZK: ZooKeeperServer.shutdown — the processors flush, then the state catches up with the
    // log (fastForwardDataBase), or is cleared after an interrupted SNAP (ZOOKEEPER-3642).
    this.syncProcessor.shutdown();
    if (role instanceof Learner && role.syncInterrupted()) this.db.load('reload');
    else if (!this.bug('no-fastforward-2845')) this.db.fastForward();
    if (wasObserver) this.ctx.setTimer(OBSERVER_DELAY_TIMER, this.ctx.random.int(OBSERVER_ELECTION_DELAY_MAX_US + 1));
    else this.fle.lookForLeader();
  }

  // ---- Process -----------------------------------------------------------------------------

  start(ctx: NodeContext): void {
    this.ctx = ctx;
    this.db = new ZkDatabase(ctx, this.stateMachine, { commitLogCount: this.config.commitLogCount });
    this.syncProcessor = new SyncRequestProcessor(ctx, this.db, this.config.snapCount);
    // Until the epochs are loaded (and written, on a first start) nothing listens.
    this.boot = new BootLoader(ctx, this.db, (r) => this.booted(r));
    this.boot.start();
  }

  private booted(r: BootResult): void {
    const ctx = this.ctx;
    this.boot = undefined;
    if (r.state) {
      this.acceptedEpoch_ = r.state.acceptedEpoch;
      this.currentEpoch_ = r.state.currentEpoch;
      ctx.trace('zk.recover', { acceptedEpoch: r.state.acceptedEpoch, currentEpoch: r.state.currentEpoch, lastZxid: r.state.lastLoggedZxid });
    }
    if (!r.ok) {
      // ZK 3.8: QuorumPeer.loadDataBase throws and the server does not start.
      this.refused = r.refusal;
      ctx.trace('zk.refuse', { reason: r.refusal });
      return;
    }
    this.epochs = new EpochWriter(ctx, (file, epoch) => {
      if (file === 'acceptedEpoch') this.acceptedEpoch_ = epoch;
      else this.currentEpoch_ = epoch;
      ctx.trace('zk.epoch', { file, epoch });
    });
    const servers = this.config.servers.map((s) => s.sid);
    this.qcm = new QuorumCnxManager(ctx, this.sid, servers, undefined, { cnxTimeoutMs: this.config.cnxTimeout, sendCostUs: this.opts.qcmSendCostUs });
    this.fle = new FastLeaderElection(ctx, {
      sid: this.sid,
      verifier: () => this.verifier,
      getPeerState: () => this.state,
      isObserver: () => this.isObserver(),
      initialVote: () => ({ leader: this.sid, zxid: this.db.lastProcessedZxid, peerEpoch: this.currentEpoch_ }),
      onDecided: (vote, how, info) => this.onDecided(vote, how, info),
    }, this.qcm, this.bug('fle-1419') ? { ...this.opts.fle, bug1419: true } : this.opts.fle);
    this.qcm.onNotification = (from, n) => this.fle.receive(n);
    this.setState('LOOKING', 'server started');
    this.fle.lookForLeader();
  }

  isObserver(): boolean {
    return this.config.servers.find((s) => s.sid === this.sid)?.type === 'observer';
  }

  private onDecided(vote: Vote, how: DecidedVia, info: DecideInfo): void {
    this.decided = { vote, info };
    const cause = info.state === 'LEADING'
      ? `elected: a quorum {${info.agreeing.join(',')}} agreed on me (${how})`
      : `${info.state === 'OBSERVING' ? 'observing' : 'following'} ${vote.leader}: a quorum {${info.agreeing.join(',')}} agreed (${how})`;
    this.setState(info.state, cause);
    this.ctx.setTimer(START_ROLE_TIMER, 0);
  }

  private startRole(): void {
    const d = this.decided;
    if (!d || this.role) return;
    if (d.info.state === 'LEADING') {
      const leader = new Leader(this);
      this.role = leader;
      leader.lead();
    } else {
      const learner = new Learner(this, d.vote.leader, d.info.state === 'OBSERVING' ? 'observer' : 'follower');
      this.role = learner;
      learner.start();
    }
  }

  private setState(state: ServerState, cause: string): void {
    const prev = this.stateTraced ? this.state : null;
    this.state = state;
    this.stateTraced = true;
    this.ctx.trace('zk.state', { state, prev, cause });
  }

  onTimer(ctx: NodeContext, key: string): void {
    if (this.refused) return;
    if (key.startsWith('fle.')) return this.fle.onTimer(key);
    if (key.startsWith('qcm.')) return this.qcm.onTimer(key);
    if (key === SYNC_RUN_TIMER) return void this.syncProcessor.onTimer(key);
    if (key.startsWith('zab.')) return this.role?.onTimer(key);
    if (key === START_ROLE_TIMER) return this.startRole();
    if (key === OBSERVER_DELAY_TIMER && this.state === 'LOOKING' && !this.role) this.fle.lookForLeader();
  }

  /** Only a leader listens on the quorum port (ZK: LearnerCnxAcceptor, started in lead()). */
  accepts(_ctx: NodeContext, tag: string): boolean {
    if (this.refused || this.boot) return false;
    return tag === QUORUM_PORT_TAG ? this.role instanceof Leader : tag.startsWith(ELECTION_TAG_PREFIX);
  }

  onAccept(ctx: NodeContext, conn: ConnId, _peer: NodeId, tag: string): void {
    if (tag !== QUORUM_PORT_TAG) return;
    if (this.role instanceof Leader) this.role.onAccept(conn);
    else ctx.close(conn); // the role ended between the SYN and now
  }

  onConnected(ctx: NodeContext, conn: ConnId, peer: NodeId, tag: string): void {
    if (tag.startsWith(ELECTION_TAG_PREFIX)) return this.qcm.onConnected(conn, peer, tag);
    if (tag === QUORUM_PORT_TAG && this.role instanceof Learner) return this.role.onConnected(conn);
    ctx.close(conn);
  }

  onConnectFailed(_ctx: NodeContext, peer: NodeId, tag: string, reason: ConnectFailReason): void {
    if (tag.startsWith(ELECTION_TAG_PREFIX)) return this.qcm.onConnectFailed(peer, tag);
    if (tag === QUORUM_PORT_TAG && this.role instanceof Learner) this.role.onConnectFailed(reason);
  }

  onMessage(ctx: NodeContext, conn: ConnId, msg: Message): void {
    if (this.refused) return;
    if (this.qcm.claims(conn, msg)) return this.qcm.onMessage(conn, msg);
    if (this.role?.owns(conn)) this.role.onMessage(conn, msg);
  }

  onClose(_ctx: NodeContext, conn: ConnId, reason: CloseReason): void {
    if (this.refused) return;
    if (this.qcm.owns(conn)) return this.qcm.onClose(conn, reason);
    if (this.role?.owns(conn)) this.role.onClose(conn);
  }

  onSynced(_ctx: NodeContext, tag: string): void {
    if (this.boot?.onSynced(tag)) return;
    if (this.epochs?.onSynced(tag)) return;
    this.db?.onSynced(tag);
  }
}
