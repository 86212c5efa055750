// Who is in the run and what a quorum is, read from the trace header's config (and, when
// the header does not say, from the node ids the events mention). ZooKeeper scenarios put
// the ensemble there (servers with sid and participant/observer type, the quorum
// verifier); kernel demos list plain node ids. Unknown shapes degrade to "every node votes,
// majority quorum" rather than failing.
import type { TraceHeader } from './types.ts';

export interface ServerInfo {
  sid: number;
  type: 'participant' | 'observer';
}

export interface Ensemble {
  servers: ServerInfo[];
  /** Sids of participants (the voters). */
  voters: number[];
  /** Smallest number of voters that can be a quorum (for a majority verifier: any that many). */
  quorumSize: number;
  /** Hierarchical quorums: the voter groups (null for a majority verifier). */
  groups: number[][] | null;
  /** Server weights (hierarchical quorums; 1 when the config gives none). */
  weights: Map<number, number>;
  /** The verifier as the config describes it (e.g. "majority of 3", or hierarchical groups). */
  verifier: string;
  /** Whether the run is a ZooKeeper ensemble (false for kernel demos). */
  zookeeper: boolean;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first array (depth <= 3) of objects that all carry a numeric `sid`. */
function findServers(v: unknown, depth: number): Rec[] | undefined {
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((x) => isRec(x) && typeof x.sid === 'number')) return v as Rec[];
    return undefined;
  }
  if (!isRec(v) || depth === 0) return undefined;
  for (const key of ['servers', 'ensemble', 'peers']) {
    const found = findServers(v[key], depth - 1);
    if (found) return found;
  }
  for (const x of Object.values(v)) {
    const found = findServers(x, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** A quorum description: a number named like quorumSize, or {size|quorumSize} under quorum/verifier. */
function findQuorum(config: Rec): { size?: number; text?: string } {
  for (const key of ['quorumSize', 'quorum', 'verifier', 'quorumVerifier']) {
    const v = config[key];
    if (typeof v === 'number') return { size: v };
    if (typeof v === 'string') return { text: v };
    if (isRec(v)) {
      const size = [v.quorumSize, v.size, v.quorum].find((x) => typeof x === 'number') as number | undefined;
      const text = [v.description, v.describe, v.text, v.kind, v.type].find((x) => typeof x === 'string') as string | undefined;
      return { ...(size !== undefined ? { size } : {}), ...(text !== undefined ? { text } : {}) };
    }
  }
  const ens = config.ensemble;
  return isRec(ens) ? findQuorum(ens) : {};
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function readEnsemble(header: TraceHeader, nodeIdsSeen: Iterable<number>): Ensemble {
  const config = header.config;
  const found = findServers(config, 3);
  let servers: ServerInfo[];
  let zookeeper = found !== undefined;
  if (found) {
    servers = found.map((s) => ({
      sid: s.sid as number,
      type: s.type === 'observer' || s.learnerType === 'observer' || s.peerType === 'observer' ? 'observer' : 'participant',
    }));
  } else {
    const listed = Array.isArray(config.nodes) ? config.nodes.filter((x): x is number => typeof x === 'number') : [];
    const ids = new Set<number>([...listed, ...nodeIdsSeen]);
    servers = [...ids].map((sid) => ({ sid, type: 'participant' as const }));
  }
  servers.sort((a, b) => a.sid - b.sid);
  const voters = servers.filter((s) => s.type === 'participant').map((s) => s.sid);
  const q = findQuorum(config);
  const { groups, weights } = findGroups(config);
  const quorumSize = q.size ?? (groups ? hierarchicalMin(groups, weights) : majority(voters.length));
  if (!zookeeper && /^(startup|staggered|leader|split|crash|highest|epoch|sid|observer|hierarchical|lost)/.test(header.scenario)) {
    zookeeper = true;
  }
  const verifier = q.text ?? (groups
    ? `hierarchical: a majority of weight in a majority of the ${groups.length} groups (at least ${quorumSize} servers)`
    : `majority: ${quorumSize} of ${voters.length} voters`);
  return { servers, voters, quorumSize, verifier, zookeeper, groups, weights };
}

/** Groups and weights of a hierarchical ensemble (config.ensemble.groups/weights), if any. */
function findGroups(config: Rec): { groups: number[][] | null; weights: Map<number, number> } {
  const ens = isRec(config.ensemble) ? config.ensemble : config;
  const weights = new Map<number, number>();
  if (isRec(ens.weights)) for (const [k, v] of Object.entries(ens.weights)) if (typeof v === 'number') weights.set(Number(k), v);
  const raw = Array.isArray(ens.groups) ? ens.groups : [];
  const groups = raw.map((g) => (isRec(g) && Array.isArray(g.members) ? g.members.filter((x): x is number => typeof x === 'number') : []))
    .filter((g) => g.length > 0);
  return { groups: groups.length > 0 ? groups : null, weights };
}

const weightOf = (w: Map<number, number>, sid: number) => w.get(sid) ?? 1;

/** The fewest servers that can make a hierarchical quorum (unit weights: majority of a majority). */
function hierarchicalMin(groups: number[][], w: Map<number, number>): number {
  const need = groups.map((g) => {
    const total = g.reduce((a, s) => a + weightOf(w, s), 0);
    const sorted = [...g].sort((a, b) => weightOf(w, b) - weightOf(w, a));
    let sum = 0, k = 0;
    while (2 * sum <= total && k < sorted.length) sum += weightOf(w, sorted[k++]!);
    return total === 0 ? Infinity : k;
  }).sort((a, b) => a - b);
  const live = need.filter(Number.isFinite);
  return live.slice(0, Math.floor(live.length / 2) + 1).reduce((a, b) => a + b, 0);
}

/** Whether `sids` form a quorum: ZK's QuorumMaj, or QuorumHierarchical when there are groups. */
export function isQuorum(ens: Ensemble, sids: Iterable<number>): boolean {
  const set = new Set([...sids].filter((s) => ens.voters.includes(s)));
  if (!ens.groups) return set.size >= ens.quorumSize;
  let live = 0, ok = 0;
  for (const g of ens.groups) {
    const total = g.reduce((a, s) => a + weightOf(ens.weights, s), 0);
    if (total === 0) continue;
    live++;
    const got = g.filter((s) => set.has(s)).reduce((a, s) => a + weightOf(ens.weights, s), 0);
    if (2 * got > total) ok++;
  }
  return 2 * ok > live;
}
