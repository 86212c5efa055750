// Which directions of the network are cut. A partition groups nodes: nodes in different
// groups cannot reach each other; nodes the partition does not list (clients, for
// example) are not affected by it. Isolation cuts a node from everyone; a one-way block
// cuts a single direction. `heal` removes every cut.
import type { NodeId } from './types.ts';

export class Cuts {
  private groupOf = new Map<NodeId, number>();
  private readonly isolated = new Set<NodeId>();
  private readonly oneWay = new Set<string>();
  /** Fast path: false when nothing is cut. */
  private any = false;

  blocked(from: NodeId, to: NodeId): boolean {
    if (!this.any || from === to) return false;
    if (this.isolated.has(from) || this.isolated.has(to)) return true;
    const gf = this.groupOf.get(from), gt = this.groupOf.get(to);
    if (gf !== undefined && gt !== undefined && gf !== gt) return true;
    return this.oneWay.has(`${from}>${to}`);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groupOf = new Map();
    groups.forEach((g, i) => g.forEach((n) => this.groupOf.set(n, i)));
    this.refresh();
  }

  isolate(node: NodeId): void {
    this.isolated.add(node);
    this.refresh();
  }

  block(from: NodeId, to: NodeId): void {
    this.oneWay.add(`${from}>${to}`);
    this.refresh();
  }

  heal(): void {
    this.groupOf = new Map();
    this.isolated.clear();
    this.oneWay.clear();
    this.refresh();
  }

  /** A plain description for traces and the UI. */
  describe(): { groups: NodeId[][]; isolated: NodeId[]; oneWay: [NodeId, NodeId][] } {
    const groups: NodeId[][] = [];
    for (const [n, g] of this.groupOf) (groups[g] ??= []).push(n);
    return {
      groups: groups.filter(Boolean).map((g) => g.sort((a, b) => a - b)),
      isolated: [...this.isolated].sort((a, b) => a - b),
      oneWay: [...this.oneWay].map((k) => k.split('>').map(Number) as [NodeId, NodeId]),
    };
  }

  private refresh(): void {
    this.any = this.groupOf.size > 0 || this.isolated.size > 0 || this.oneWay.size > 0;
  }
}
