// The comparison of the servers' committed prefixes at a cursor, for the Prefixes view: one
// row per zxid any server holds (or that was committed and nobody holds any more), one cell
// per server, and a verdict. The state's digest after zxid z depends on every txn up to z
// (engine/zk/txn/digestState.ts), so two servers with the same digest at z agree on their
// whole history up to z, and the first row where committed digests differ — or where a
// server lacks a committed txn yet holds later ones — is where histories diverge.
// A cell's class numbers the distinct digests of its row: 0 is the reference history (the
// leader's, else the most servers', else the lowest sid's), 1, 2... the others. Runs of rows
// that look alike fold into one range row (never across an epoch), so a long run reads at a
// glance. Uncommitted txns in a state (replayed from a log, possibly never committed) are
// shown but never judged.
import type { ApplyRec, ZabModel } from './zab.ts';
import { listSids } from './words.ts';
import { zxidEpoch, zxidHex } from './zxid.ts';

/** digest: a committed txn; uncommitted: in the state but not (yet) committed; snap: inside a
 *  SNAP image or an old snapshot; missing: absent although the server holds later committed
 *  txns; none: not (yet) there. */
export type CellKind = 'digest' | 'uncommitted' | 'snap' | 'missing' | 'none';

export interface Cell {
  kind: CellKind;
  /** For digest cells: 0 = the reference history of the row, 1.. = others. */
  cls: number;
  digest: string;
}

export interface PrefixRow {
  from: number;
  to: number;
  count: number;
  /** Cells at `to` (the last zxid of the range), in the order of `nodes`. */
  cells: Cell[];
  divergent: boolean;
  /** Committed, applied somewhere once, and now held by no server. */
  lost: boolean;
}

export interface Comparison {
  nodes: number[];
  rows: PrefixRow[];
  /** First zxid where histories diverge, and the servers off the reference history there. */
  divergeAt?: number;
  diverging: number[];
  /** Highest zxid up to which every server's committed txns agree. */
  agreeUpTo?: number;
  lost: number;
  verdict: string;
  ok: boolean;
}

interface RawRow { zxid: number; cells: Cell[]; divergent: boolean; lost: boolean }

const NONE: Cell = { kind: 'none', cls: -1, digest: '' };
const SNAP: Cell = { kind: 'snap', cls: -1, digest: '' };
const MISSING: Cell = { kind: 'missing', cls: -1, digest: '' };

/**
 * Walks every server's state in zxid order at once (a k-way merge), with the committed
 * zxids nobody holds any more; folds alike rows as it goes. O(txns held × servers).
 */
export function comparePrefixes(zab: ZabModel, nodes: readonly number[], c: number, leader: number | null): Comparison {
  const n = nodes.length;
  const states = nodes.map((sid) => zab.server(sid).stateAt(c));
  const recs = states.map((st) => st.recs);
  const coverTo = states.map((st) => st.cover?.zxid ?? -1);
  const maxCommitted = states.map((st, k) => {
    let m = coverTo[k]!;
    for (let j = st.recs.length - 1; j >= 0; j--) {
      const r = st.recs[j]!;
      if (r.zxid > m && zab.isCommitted(r, c)) { m = r.zxid; break; }
    }
    return m;
  });
  const gone: number[] = [];
  for (const { zxid, idx } of zab.commitList) {
    if (idx > c) break;
    const first = zab.firstApply.get(zxid);
    if (first !== undefined && first <= c) gone.push(zxid);
  }
  gone.sort((a, b) => a - b);
  const leaderCol = leader === null ? -1 : nodes.indexOf(leader);
  const ptr = new Int32Array(n);
  let gp = 0;
  const raw: RawRow[] = [];
  const row: (ApplyRec | undefined)[] = new Array<ApplyRec | undefined>(n);
  for (;;) {
    let z = Infinity;
    for (let k = 0; k < n; k++) { const r = recs[k]![ptr[k]!]; if (r && r.zxid < z) z = r.zxid; }
    if (gp < gone.length && gone[gp]! < z) z = gone[gp]!;
    if (z === Infinity) break;
    let anyRec = false, anyCommitted = false;
    for (let k = 0; k < n; k++) {
      const r = recs[k]![ptr[k]!];
      row[k] = r && r.zxid === z ? r : undefined;
      if (row[k]) { anyRec = true; ptr[k]!++; if (zab.isCommitted(row[k]!, c)) anyCommitted = true; }
    }
    while (gp < gone.length && gone[gp]! <= z) gp++;
    const cells: Cell[] = new Array<Cell>(n);
    let covered = false;
    for (let k = 0; k < n; k++) {
      const r = row[k];
      if (r) cells[k] = { kind: zab.isCommitted(r, c) ? 'digest' : 'uncommitted', cls: -1, digest: r.digest };
      else if (z <= coverTo[k]!) { cells[k] = SNAP; covered = true; }
      else cells[k] = anyCommitted && z < maxCommitted[k]! ? MISSING : NONE;
    }
    const classes = anyCommitted ? classify(cells, leaderCol, nodes) : 0;
    const divergent = classes > 1 || (anyCommitted && cells.includes(MISSING));
    raw.push({ zxid: z, cells, divergent, lost: !anyRec && !covered });
  }
  return verdictOf(nodes, fold(raw), raw, maxCommitted);
}

/** Numbers the row's distinct committed digests (0 = reference); returns how many there are. */
function classify(cells: Cell[], leaderCol: number, nodes: readonly number[]): number {
  let first = '';
  let same = true;
  for (const x of cells) {
    if (x.kind !== 'digest') continue;
    if (first === '') first = x.digest; else if (x.digest !== first) { same = false; break; }
  }
  if (same) {
    for (const x of cells) if (x.kind === 'digest') x.cls = 0;
    return first === '' ? 0 : 1;
  }
  const groups = new Map<string, number[]>();
  cells.forEach((x, k) => {
    if (x.kind !== 'digest') return;
    const g = groups.get(x.digest);
    if (g) g.push(k); else groups.set(x.digest, [k]);
  });
  const order = [...groups.values()].sort((a, b) => {
    if (a.includes(leaderCol) !== b.includes(leaderCol)) return a.includes(leaderCol) ? -1 : 1;
    return b.length - a.length || nodes[a[0]!]! - nodes[b[0]!]!;
  });
  order.forEach((g, cls) => { for (const k of g) cells[k]!.cls = cls; });
  return order.length;
}

function alike(a: RawRow, b: RawRow): boolean {
  if (a.divergent !== b.divergent || a.lost !== b.lost || zxidEpoch(a.zxid) !== zxidEpoch(b.zxid)) return false;
  for (let k = 0; k < a.cells.length; k++) {
    const x = a.cells[k]!, y = b.cells[k]!;
    if (x.kind !== y.kind || x.cls !== y.cls) return false;
  }
  return true;
}

function fold(raw: RawRow[]): PrefixRow[] {
  const out: PrefixRow[] = [];
  let prev: RawRow | undefined;
  for (const r of raw) {
    const last = out[out.length - 1];
    if (last && prev && alike(prev, r)) {
      last.to = r.zxid; last.count++; last.cells = r.cells;
    } else {
      out.push({ from: r.zxid, to: r.zxid, count: 1, cells: r.cells, divergent: r.divergent, lost: r.lost });
    }
    prev = r;
  }
  return out;
}

function verdictOf(nodes: readonly number[], rows: PrefixRow[], raw: RawRow[], maxCommitted: number[]): Comparison {
  const lost = raw.filter((r) => r.lost).length;
  const first = raw.findIndex((r) => r.divergent);
  let agreeUpTo: number | undefined;
  for (let k = (first < 0 ? raw.length : first) - 1; k >= 0; k--) {
    if (raw[k]!.cells.some((x) => x.kind === 'digest')) { agreeUpTo = raw[k]!.zxid; break; }
  }
  const upTo = agreeUpTo !== undefined ? `up to ${zxidHex(agreeUpTo)}` : first < 0 ? 'so far (no committed txns yet)' : 'on no committed txn before it';
  const notes = [uncommittedNote(nodes, raw), lost > 0 ? `${lost} committed txn${lost > 1 ? 's are' : ' is'} held by no server any more: lost.` : ''];
  const base = { nodes: [...nodes], rows, lost, ...(agreeUpTo !== undefined ? { agreeUpTo } : {}) };
  if (first < 0) {
    const top = Math.max(...maxCommitted);
    const behind = nodes.filter((_, k) => maxCommitted[k]! < top);
    const at = behind.map((s) => zxidHex(Math.max(0, maxCommitted[nodes.indexOf(s)]!))).join(', ');
    if (behind.length && top >= 0) notes.unshift(`${plural(behind, 'Server', 'Servers')} ${listSids(behind)} ${behind.length > 1 ? 'are' : 'is'} behind (${at}).`);
    return { ...base, diverging: [], ok: lost === 0, verdict: join(`All servers agree ${upTo}.`, notes) };
  }
  const row = raw[first]!;
  const diverging = nodes.filter((_, k) => row.cells[k]!.cls > 0 || row.cells[k]!.kind === 'missing');
  const ref = nodes.filter((_, k) => row.cells[k]!.cls === 0);
  const lacking = diverging.filter((s) => row.cells[nodes.indexOf(s)]!.kind === 'missing');
  const differing = diverging.filter((s) => !lacking.includes(s));
  const refText = `${plural(ref, 'server', 'servers')} ${listSids(ref)}`;
  const how = diverging.length === 1
    ? (lacking.length ? 'it lacks that committed txn but holds later ones' : `its digest there differs from ${refText}'s`)
    : [differing.length ? `${listSids(differing)} with digests unlike ${refText}'s` : '',
      lacking.length ? `${listSids(lacking)} lacking that committed txn but holding later ones` : ''].filter(Boolean).join('; ');
  const verb = diverging.length > 1 ? 'diverge' : 'diverges';
  return {
    ...base, divergeAt: row.zxid, diverging, ok: false,
    verdict: join(`${plural(diverging, 'Server', 'Servers')} ${listSids(diverging)} ${verb} at ${zxidHex(row.zxid)} (${how}). All servers agree ${upTo}.`, notes),
  };
}

/** "Server 3 holds 83 uncommitted txns (replayed from its own log)." */
function uncommittedNote(nodes: readonly number[], raw: RawRow[]): string {
  const counts = nodes.map((_, k) => raw.reduce((n, r) => n + (r.cells[k]!.kind === 'uncommitted' ? 1 : 0), 0));
  const who = nodes.filter((_, k) => counts[k]! > 0);
  if (!who.length) return '';
  const parts = who.map((s) => `${counts[nodes.indexOf(s)]}`).join(', ');
  return `${plural(who, 'Server', 'Servers')} ${listSids(who)} ${who.length > 1 ? 'hold' : 'holds'} ${parts} uncommitted txn${who.length > 1 || counts[nodes.indexOf(who[0]!)]! > 1 ? 's' : ''} (replayed from ${who.length > 1 ? 'their' : 'its'} own log, not judged).`;
}

const plural = (xs: readonly unknown[], one: string, many: string) => (xs.length > 1 ? many : one);
const join = (head: string, notes: string[]) => [head, ...notes.filter(Boolean)].join(' ');
