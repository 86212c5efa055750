// The network between nodes over the trace: for each pair, how many connections are open
// (a connection opens at its first net.accept/net.connected and closes at its first
// net.close), and the cuts that faults impose — a partition replaces the grouping,
// isolation and one-way blocks accumulate, heal clears all (engine/net/cuts.ts) — plus
// the injected loss probability. All keyed by event index.
import { num, obj } from './fields.ts';
import { lastAtOrBefore } from './search.ts';
import type { TraceEvent } from './types.ts';

export interface Cuts {
  groups: number[][];
  isolated: number[];
  oneWay: [number, number][];
}

export const NO_CUTS: Cuts = { groups: [], isolated: [], oneWay: [] };

export function blocked(c: Cuts, from: number, to: number): boolean {
  if (from === to) return false;
  if (c.isolated.includes(from) || c.isolated.includes(to)) return true;
  const gf = c.groups.findIndex((g) => g.includes(from));
  const gt = c.groups.findIndex((g) => g.includes(to));
  if (gf >= 0 && gt >= 0 && gf !== gt) return true;
  return c.oneWay.some(([a, b]) => a === from && b === to);
}

export function anyCut(c: Cuts): boolean {
  return c.groups.length > 0 || c.isolated.length > 0 || c.oneWay.length > 0;
}

const pairKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);

interface Series<T> { idx: number[]; val: T[] }
const series = <T>(): Series<T> => ({ idx: [], val: [] });
function valueAt<T>(s: Series<T> | undefined, cursor: number, fallback: T): T {
  if (!s) return fallback;
  const k = lastAtOrBefore(s.idx, cursor);
  return k < 0 ? fallback : s.val[k]!;
}

export class Links {
  private readonly open = new Map<string, Series<number>>();
  private readonly conns = new Map<number, { key: string; open: boolean }>();
  readonly cuts = series<Cuts>();
  readonly loss = series<number>();
  private current: Cuts = NO_CUTS;

  add(ev: TraceEvent, i: number): void {
    switch (ev.e) {
      case 'net.accept': case 'net.connected': {
        const conn = num(ev, 'conn');
        if (this.conns.has(conn)) return;
        const key = pairKey(num(ev, 'from'), num(ev, 'to'));
        this.conns.set(conn, { key, open: true });
        this.bump(key, i, +1);
        return;
      }
      case 'net.close': {
        const c = this.conns.get(num(ev, 'conn'));
        if (!c || !c.open) return;
        c.open = false;
        this.bump(c.key, i, -1);
        return;
      }
      case 'fault': this.fault(obj(ev, 'fault') ?? {}, i); return;
    }
  }

  private bump(key: string, i: number, d: number): void {
    let s = this.open.get(key);
    if (!s) this.open.set(key, (s = series()));
    const prev = s.val.length ? s.val[s.val.length - 1]! : 0;
    s.idx.push(i); s.val.push(Math.max(0, prev + d));
  }

  private fault(f: Record<string, unknown>, i: number): void {
    const c = this.current;
    let next: Cuts | undefined;
    switch (f.kind) {
      case 'partition': {
        const groups = Array.isArray(f.groups) ? (f.groups as unknown[]).filter(Array.isArray) as number[][] : [];
        next = { ...c, groups: groups.map((g) => [...g].sort((a, b) => a - b)) };
        break;
      }
      case 'isolate': next = { ...c, isolated: [...c.isolated, num(f, 'node')] }; break;
      case 'oneWay': next = { ...c, oneWay: [...c.oneWay, [num(f, 'from'), num(f, 'to')]] }; break;
      case 'heal': next = NO_CUTS; break;
      case 'loss': this.loss.idx.push(i); this.loss.val.push(num(f, 'probability', 0)); return;
      default: return;
    }
    this.current = next;
    this.cuts.idx.push(i); this.cuts.val.push(next);
  }

  /** Open connections between a and b after event `cursor`. */
  openAt(a: number, b: number, cursor: number): number {
    return valueAt(this.open.get(pairKey(a, b)), cursor, 0);
  }

  cutsAt(cursor: number): Cuts {
    return valueAt(this.cuts, cursor, NO_CUTS);
  }

  lossAt(cursor: number): number {
    return valueAt(this.loss, cursor, 0);
  }
}
