// Shared vocabulary of the ZAB checkers: how a txn is compared (canonical JSON, so key
// order never matters), how zab.propose / zab.apply fields are read (a txn is an object
// with a string `type`; a digest is a string or a number), and how zxids and txns are
// printed in messages (0x100000003; a txn cut short).
import { canonicalJson } from '../trace/canonicalJson.ts';
import { zxidHex } from '../zk/zxid.ts';
import type { Checker, Fields, TraceEvent, Violation } from './types.ts';
import type { HistoryChange, ZabHistories } from './zabHistory.ts';

/**
 * Canonical text per txn object: several checkers read each event's txn, and in a live run
 * every server's events carry the very txn object the leader proposed. Emitted events and
 * their txns are never changed, so the text is computed once per object.
 */
const txnText = new WeakMap<object, string>();

/** The event's `txn` (an object with a string `type`) as canonical JSON; notes a problem otherwise. */
export function readTxn(f: Fields): string {
  const o = f.obj('txn');
  if (o === undefined) return '';
  if (typeof o['type'] !== 'string' && f.problem === undefined) {
    f.problem = `field 'txn.type' should be a string, ${o['type'] === undefined ? 'it is missing' : `got ${JSON.stringify(o['type'])}`}`;
  }
  let text = txnText.get(o);
  if (text === undefined) txnText.set(o, text = canonicalJson(o));
  return text;
}

/** The event's optional `digest` (a string or a number) as JSON. */
export function readDigest(f: Fields): string | undefined {
  const d = f.ev['digest'];
  if (d === undefined) return undefined;
  if (typeof d === 'string' || (typeof d === 'number' && Number.isFinite(d))) return JSON.stringify(d);
  if (f.problem === undefined) f.problem = `field 'digest' should be a string or a number, got ${JSON.stringify(d)}`;
  return undefined;
}

const TXN_SHOWN_MAX = 60;

/** A txn for a message, cut short. */
export function fmtTxn(txn: string): string {
  return txn.length <= TXN_SHOWN_MAX ? txn : `${txn.slice(0, TXN_SHOWN_MAX - 1)}…`;
}

/** 0x100000003 */
export const fmtZxid = zxidHex;

/** The problems among the changes, as violations of `checker`. */
export function problemsAs(checker: string, changes: readonly HistoryChange[]): Violation[] {
  const out: Violation[] = [];
  for (const c of changes) if (c.kind === 'problem') out.push({ checker, t: c.t, message: c.message });
  return out;
}

/**
 * A checker that judges the histories ZabHistories re-derives. Standalone, `observe` feeds
 * its own ZabHistories; ZabCheckers shares one, feeds it once per event and hands each
 * checker the changes through `observeChanges` (then never call `observe` on it).
 */
export interface HistoryChecker extends Checker {
  readonly histories: ZabHistories;
  observeChanges(ev: TraceEvent, changes: readonly HistoryChange[]): Violation[];
}

/** Identifies a txn at its zxid: equal keys, equal txns. */
export function entryKey(e: { readonly zxid: number; readonly txn: string }): string {
  return `${e.zxid}|${e.txn}`;
}

/**
 * The last zxid in the state a zab.recovered rebuilt: its log's lastZxid, or the snapshot's
 * zxid if that is newer (a learner's log may end below the snapshot a SNAP sync left).
 */
export function recoveredUpTo(f: Fields): number {
  const last = f.int('lastZxid');
  const snap = f.ev['snapshotZxid'];
  if (snap === undefined) return last;
  if (typeof snap !== 'number' || !Number.isSafeInteger(snap)) {
    if (f.problem === undefined) f.problem = `field 'snapshotZxid' should be an integer, got ${JSON.stringify(snap)}`;
    return last;
  }
  return Math.max(last, snap);
}
