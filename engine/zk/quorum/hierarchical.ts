// QuorumHierarchical: voters are split into disjoint groups and each voter has a weight
// (default 1). A group agrees when the summed weight of its members in the set is more
// than half of the group's total weight; a set is a quorum when more than half of the
// groups with non-zero total weight agree. Weight-0 voters never help, and weight-0
// groups can never agree and are not counted (ZK 3.8: QuorumHierarchical.computeGroupWeight).
// Invariant (with non-negative weights): two quorums agree in a common group, each with
// more than half its weight, so they share a voter of positive weight. ZooKeeper itself
// does not reject negative weights, which break this; the constructor here does.
import { assert } from '../../kernel/assert.ts';
import {
  asSidSet, isValidSid,
  type HierarchicalDescription, type HierarchicalGroupDescription, type LearnerType,
  type QuorumMember, type QuorumVerifier,
} from './verifier.ts';

export interface HierarchicalGroup {
  readonly gid: number;
  readonly members: readonly number[];
}

export interface HierarchicalSpec {
  readonly members: Iterable<QuorumMember>;
  /** Must partition the voters exactly; observers and unknown sids are not allowed. */
  readonly groups: readonly HierarchicalGroup[];
  /** Weights of voters; a voter without one weighs 1. Non-negative safe integers. */
  readonly weights?: Readonly<Record<number, number>>;
}

interface GroupState {
  readonly gid: number;
  readonly members: number[];
  readonly weight: number;
}

export class QuorumHierarchical implements QuorumVerifier {
  readonly kind = 'hierarchical';
  private readonly voterList: readonly number[];
  private readonly observerList: readonly number[];
  private readonly serverWeight: ReadonlyMap<number, number>;
  /** sid → index into `groups`. ZK 3.8: QuorumHierarchical.serverGroup */
  private readonly serverGroup: ReadonlyMap<number, number>;
  private readonly groups: readonly GroupState[];
  /** Groups with non-zero total weight. ZK 3.8: QuorumHierarchical.numGroups after computeGroupWeight */
  readonly numGroups: number;

  constructor(spec: HierarchicalSpec) {
    const types = new Map<number, LearnerType>();
    for (const m of spec.members) {
      assert(isValidSid(m.sid), `QuorumHierarchical: bad sid ${String(m.sid)}`);
      assert(!types.has(m.sid), `QuorumHierarchical: duplicate sid ${m.sid}`);
      types.set(m.sid, m.type);
    }
    const sids = [...types.keys()].sort((a, b) => a - b);
    this.voterList = sids.filter((sid) => types.get(sid) === 'participant');
    this.observerList = sids.filter((sid) => types.get(sid) === 'observer');

    const weights = new Map<number, number>();
    for (const [key, w] of Object.entries(spec.weights ?? {})) {
      const sid = Number(key);
      assert(types.get(sid) === 'participant', `QuorumHierarchical: weight for non-voter ${key}`);
      assert(Number.isSafeInteger(w) && w >= 0, `QuorumHierarchical: weight of ${key} must be a non-negative integer, got ${w}`);
      weights.set(sid, w);
    }
    // ZK 3.8: QuorumHierarchical.parse — every participant must be in a group and
    // weighs 1 unless told otherwise.
    for (const sid of this.voterList) if (!weights.has(sid)) weights.set(sid, 1);
    this.serverWeight = weights;

    const serverGroup = new Map<number, number>();
    const gids = new Set<number>();
    const groups: GroupState[] = [];
    for (const g of [...spec.groups].sort((a, b) => a.gid - b.gid)) {
      assert(Number.isSafeInteger(g.gid) && !gids.has(g.gid), `QuorumHierarchical: bad or duplicate gid ${g.gid}`);
      gids.add(g.gid);
      assert(g.members.length > 0, `QuorumHierarchical: group ${g.gid} is empty`);
      let total = 0;
      for (const sid of g.members) {
        assert(types.get(sid) === 'participant', `QuorumHierarchical: group ${g.gid} lists non-voter ${sid}`);
        assert(!serverGroup.has(sid), `QuorumHierarchical: server ${sid} is in multiple groups`);
        serverGroup.set(sid, groups.length);
        total += weights.get(sid)!;
      }
      groups.push({ gid: g.gid, members: [...g.members].sort((a, b) => a - b), weight: total });
    }
    for (const sid of this.voterList) assert(serverGroup.has(sid), `QuorumHierarchical: server ${sid} is not in a group`);
    this.serverGroup = serverGroup;
    this.groups = groups;
    this.numGroups = groups.filter((g) => g.weight > 0).length;
  }

  containsQuorum(set: ReadonlySet<number> | Iterable<number>): boolean {
    // ZK 3.8: QuorumHierarchical.containsQuorum — add up weights per group, count the
    // groups whose share is > groupWeight/2 (Java long division), then require more
    // than numGroups/2 of them. A weight-0 group has share 0, never > 0, so never agrees.
    const share = new Array<number>(this.groups.length).fill(0);
    for (const sid of asSidSet(set)) {
      const g = this.serverGroup.get(sid);
      if (g !== undefined) share[g]! += this.serverWeight.get(sid)!;
    }
    let agreeing = 0;
    for (let g = 0; g < this.groups.length; g++) {
      if (share[g]! > Math.floor(this.groups[g]!.weight / 2)) agreeing++;
    }
    return agreeing > Math.floor(this.numGroups / 2);
  }

  votingMembers(): number[] {
    return [...this.voterList];
  }

  observers(): number[] {
    return [...this.observerList];
  }

  weight(sid: number): number {
    return this.serverWeight.get(sid) ?? 0;
  }

  isVoter(sid: number): boolean {
    return this.serverGroup.has(sid);
  }

  /** Agreeing groups needed for a quorum. */
  get groupsNeeded(): number {
    return Math.floor(this.numGroups / 2) + 1;
  }

  /**
   * Largest k such that any k voters may fail and a quorum remains; -1 if no quorum can
   * form. The cheapest way to silence a group is to remove its heaviest members until
   * what is left weighs at most half; the cheapest way to break the quorum is to silence
   * the (numGroups - floor(numGroups/2)) cheapest groups.
   */
  get toleratedFailures(): number {
    if (this.numGroups === 0) return -1;
    const costs = this.groups.filter((g) => g.weight > 0).map((g) => this.silenceCost(g)).sort((a, b) => a - b);
    const mustSilence = this.numGroups - Math.floor(this.numGroups / 2);
    return costs.slice(0, mustSilence).reduce((a, b) => a + b, 0) - 1;
  }

  private silenceCost(g: GroupState): number {
    const ws = g.members.map((sid) => this.serverWeight.get(sid)!).sort((a, b) => b - a);
    let left = g.weight;
    let removed = 0;
    while (left > Math.floor(g.weight / 2)) left -= ws[removed++]!;
    return removed;
  }

  describe(): HierarchicalDescription {
    const groups: HierarchicalGroupDescription[] = this.groups.map((g) => ({
      gid: g.gid,
      members: [...g.members],
      weight: g.weight,
      quorumWeight: g.weight > 0 ? Math.floor(g.weight / 2) + 1 : 0,
      counted: g.weight > 0,
    }));
    const weights: Record<number, number> = {};
    for (const sid of this.voterList) weights[sid] = this.serverWeight.get(sid)!;
    return {
      kind: 'hierarchical',
      voters: this.votingMembers(),
      observers: this.observers(),
      groups,
      weights,
      groupsNeeded: this.groupsNeeded,
      toleratedFailures: this.toleratedFailures,
    };
  }
}
