// Transactions and the replicated state they are applied to. ZAB orders and delivers txns;
// it never looks inside them: a txn is a typed payload `{type, ...}` (JSON-serialisable),
// and a server's ReplicatedState applies it. Until the data tree exists the state is a
// key/value map with a digest that chains every txn (digestState.ts); the data tree will
// implement the same interface and plug in without touching engine/zk/zab.
//
// Invariants every ReplicatedState keeps: apply is deterministic (same txns in the same
// order ⇒ same digest on every server and platform); snapshot() is JSON-serialisable and
// restore(snapshot()) gives back a state with the same digest; an `error` txn (a write
// that failed validation at the leader, ZK's OpCode.error) consumes its zxid and changes
// nothing but the digest chain.
import type { Zxid } from '../zxid.ts';

/** A txn as ZAB carries it: a type and its fields, all JSON values. */
export interface Txn {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Writes the workload issues today (the data tree will bring create/delete/setData...). */
export type SetTxn = { readonly type: 'set'; readonly key: string; readonly value: string };
export type CreateTxn = { readonly type: 'create'; readonly key: string; readonly value: string };
/** ZK: OpCode.error (-1) — a write that failed at the leader; `err` is the KeeperException code. */
export type ErrorTxn = { readonly type: 'error'; readonly err: number; readonly op: string };

/** A txn at its zxid: what the log, the committed log and PROPOSAL packets hold. */
export interface ZxidTxn {
  readonly zxid: Zxid;
  readonly txn: Txn;
}

export interface ReplicatedState {
  /** Applies `txn` at `zxid`; txns arrive in zxid order. */
  apply(zxid: Zxid, txn: Txn): void;
  /** A short string that depends on every txn applied so far, in order. */
  digest(): string;
  /** A JSON-serialisable image of the whole state. */
  snapshot(): unknown;
  /** Replaces the whole state with a snapshot() image. Throws on a malformed image. */
  restore(snap: unknown): void;
}

/** A write request as a client (the workload) submits it to any server. */
export interface ClientWrite {
  readonly op: 'set' | 'create';
  readonly key: string;
  readonly value: string;
}

/**
 * A client's sync (ZK: OpCode.sync): at a learner it waits until the leader's SYNC comes
 * back, so that everything the leader had committed when it saw the sync is applied here.
 * `id` names the request in the trace.
 */
export interface ClientSync {
  readonly op: 'sync';
  readonly id: number;
}

/**
 * The leader's validation step (ZK: PrepRequestProcessor): turns a request into the txn to
 * propose, judging it against the applied state plus the changes of proposals not yet
 * applied (ZK: outstandingChanges). One per leader term.
 */
export interface RequestPrep {
  prepare(req: ClientWrite, zxid: Zxid): Txn;
  /** The txn at `zxid` has been applied to the state: its outstanding change is dropped. */
  applied(zxid: Zxid): void;
}

/** What a server needs to build its replicated state and its leader-side validation. */
export interface StateMachine {
  newState(): ReplicatedState;
  newPrep(state: ReplicatedState): RequestPrep;
}
