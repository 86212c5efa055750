// FaultState: what the trace says about the environment at the current moment — which
// servers are up (node.start / node.crash; a server that refused to start, zk.refuse, is up
// but useless), which network directions are cut, whether message loss is on, latency
// spikes, clock drift and slow fsyncs. It is rebuilt from `fault` events with the meaning
// engine/faults/apply.ts gives them, written out again here so that a checker does not
// depend on the network code it judges: a partition replaces the previous partition and
// leaves unlisted nodes alone; isolate and oneWay add to the cuts; heal removes every cut;
// loss, drift and fsyncDelay set a value; a spike adds `extraMs` to messages sent during
// `durationMs`. crash/restart faults are not used: node.crash / node.start say the same and
// also appear when a test crashes a node directly.
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import type { TraceEvent } from './types.ts';

interface Spike {
  untilUs: number;
  /** untilUs + extraUs: the last message it slowed has arrived. */
  settledUs: number;
  nodes: readonly number[] | undefined;
}

/** What an event did to the fault state. */
export interface FaultUpdate {
  changed: boolean;
  /** A fault event this tracker cannot read, in words. */
  problem?: string;
}

const UNCHANGED: FaultUpdate = { changed: false };
const CHANGED: FaultUpdate = { changed: true };

export class FaultState {
  private readonly up = new Set<number>();
  private readonly refused = new Set<number>();
  private groupOf = new Map<number, number>();
  private readonly isolated = new Set<number>();
  private readonly oneWay = new Set<string>();
  private lossProbability = 0;
  private spikes: Spike[] = [];
  private readonly drift = new Map<number, number>();
  private fsyncAllUs = 0;
  private readonly fsyncUs = new Map<number, number>();

  observe(ev: TraceEvent): FaultUpdate {
    const node = ev['node'];
    switch (ev.e) {
      case 'node.start':
        if (typeof node !== 'number') return { changed: false, problem: "node.start without an integer 'node'" };
        this.up.add(node);
        this.refused.delete(node);
        return CHANGED;
      case 'node.crash':
        if (typeof node !== 'number') return { changed: false, problem: "node.crash without an integer 'node'" };
        this.up.delete(node);
        this.refused.delete(node);
        return CHANGED;
      case 'zk.refuse':
        if (typeof node !== 'number') return { changed: false, problem: "zk.refuse without an integer 'node'" };
        this.refused.add(node);
        return CHANGED;
      case 'fault':
        return this.onFault(ev.t, ev['fault']);
      default:
        return UNCHANGED;
    }
  }

  private onFault(t: number, f: unknown): FaultUpdate {
    if (f === null || typeof f !== 'object') return { changed: false, problem: 'fault event without a fault object' };
    const o = f as Record<string, unknown>;
    const bad = (what: string): FaultUpdate => ({ changed: false, problem: `fault ${String(o['kind'])}: ${what}` });
    switch (o['kind']) {
      case 'crash': case 'restart':
        return UNCHANGED;
      case 'partition': {
        const groups = o['groups'];
        if (!Array.isArray(groups) || !groups.every(isIntList)) return bad("'groups' should be lists of node ids");
        this.groupOf = new Map();
        groups.forEach((g: number[], i) => g.forEach((n) => this.groupOf.set(n, i)));
        return CHANGED;
      }
      case 'isolate':
        if (!isInt(o['node'])) return bad("'node' should be a node id");
        this.isolated.add(o['node']);
        return CHANGED;
      case 'oneWay':
        if (!isInt(o['from']) || !isInt(o['to'])) return bad("'from' and 'to' should be node ids");
        this.oneWay.add(`${o['from']}>${o['to']}`);
        return CHANGED;
      case 'heal':
        this.groupOf = new Map();
        this.isolated.clear();
        this.oneWay.clear();
        return CHANGED;
      case 'loss':
        if (typeof o['probability'] !== 'number') return bad("'probability' should be a number");
        this.lossProbability = o['probability'];
        return CHANGED;
      case 'spike': {
        const { durationMs, extraMs, nodes } = o;
        if (typeof durationMs !== 'number' || typeof extraMs !== 'number') return bad("'durationMs' and 'extraMs' should be numbers");
        if (nodes !== undefined && !isIntList(nodes)) return bad("'nodes' should be a list of node ids");
        const untilUs = t + Math.round(durationMs * 1000);
        this.spikes = this.spikes.filter((s) => s.settledUs > t);
        this.spikes.push({ untilUs, settledUs: untilUs + Math.round(extraMs * 1000), nodes });
        return CHANGED;
      }
      case 'drift':
        if (!isInt(o['node']) || !isInt(o['ppm'])) return bad("'node' and 'ppm' should be integers");
        this.drift.set(o['node'], o['ppm']);
        return CHANGED;
      case 'fsyncDelay': {
        const n = o['node'];
        if (typeof o['extraMs'] !== 'number' || (n !== undefined && !isInt(n))) return bad("'extraMs' should be a number and 'node' a node id");
        const us = Math.round(o['extraMs'] * 1000);
        if (n === undefined) {
          this.fsyncAllUs = us;
          this.fsyncUs.clear();
        } else {
          this.fsyncUs.set(n, us);
        }
        return CHANGED;
      }
      default:
        return bad('unknown fault kind');
    }
  }

  // ---- queries -----------------------------------------------------------------------------

  isUp(sid: number): boolean {
    return this.up.has(sid);
  }

  /** Up, started successfully, and its fsyncs are not slowed down. */
  isHealthy(sid: number): boolean {
    return this.up.has(sid) && !this.refused.has(sid) && this.fsyncExtraUs(sid) === 0;
  }

  /** The direction from → to is cut (same rule as the network's cuts). */
  blocked(from: number, to: number): boolean {
    if (from === to) return false;
    if (this.isolated.has(from) || this.isolated.has(to)) return true;
    const gf = this.groupOf.get(from), gt = this.groupOf.get(to);
    if (gf !== undefined && gt !== undefined && gf !== gt) return true;
    return this.oneWay.has(`${from}>${to}`);
  }

  connected(a: number, b: number): boolean {
    return !this.blocked(a, b) && !this.blocked(b, a);
  }

  lossActive(): boolean {
    return this.lossProbability > 0;
  }

  driftPpm(sid: number): number {
    return this.drift.get(sid) ?? 0;
  }

  fsyncExtraUs(sid: number): number {
    return this.fsyncUs.get(sid) ?? this.fsyncAllUs;
  }

  /** When the last latency spike touching any of `sids` has settled (0 if none did). */
  settledUs(sids: readonly number[]): number {
    let until = 0;
    for (const s of this.spikes) {
      if (s.nodes === undefined || s.nodes.some((n) => sids.includes(n))) until = Math.max(until, s.settledUs);
    }
    return until;
  }

  /**
   * A quorum of healthy voters that are pairwise connected in both directions, with no
   * message loss in force; undefined if there is none. Among several, the largest, then
   * the one with the smallest sids (deterministic). Quorums are upward closed, so it is
   * enough to look at maximal cliques of the connectivity graph.
   */
  connectedQuorum(verifier: QuorumVerifier): number[] | undefined {
    if (this.lossActive()) return undefined;
    const healthy = verifier.votingMembers().filter((sid) => this.isHealthy(sid));
    if (!verifier.containsQuorum(healthy)) return undefined;
    const cliques: number[][] = [];
    this.maximalCliques([], healthy, [], cliques);
    const quorums = cliques.filter((c) => verifier.containsQuorum(c)).map((c) => c.sort((a, b) => a - b));
    quorums.sort((a, b) => b.length - a.length || lexCompare(a, b));
    return quorums[0];
  }

  /** Bron–Kerbosch (no pivot): every maximal set of pairwise connected servers. */
  private maximalCliques(r: number[], p: number[], x: number[], out: number[][]): void {
    if (p.length === 0 && x.length === 0) {
      out.push(r);
      return;
    }
    let candidates = p;
    let excluded = x;
    for (const v of p) {
      const adj = (u: number) => u !== v && this.connected(u, v);
      this.maximalCliques([...r, v], candidates.filter(adj), excluded.filter(adj), out);
      candidates = candidates.filter((u) => u !== v);
      excluded = [...excluded, v];
    }
  }
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function isIntList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every(isInt);
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
