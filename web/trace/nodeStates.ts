// Per-node status over the trace as change points keyed by event index: node.start → UP
// (or the ZooKeeper state the server then announces with zk.state), zk.state → that state,
// node.crash → DOWN; before its first start a node is OFF. Lookups are a binary search on
// the change indices, so "what is server 3 at event 81,234" costs O(log changes).
import { num, str } from './fields.ts';
import { lastAtOrBefore, upperBound } from './search.ts';
import type { NodeStatus, TraceEvent } from './types.ts';

export interface StatusChange {
  idx: number;
  status: NodeStatus;
  cause: string;
  incarnation: number;
}

interface Lane {
  idx: number[];
  changes: StatusChange[];
}

const OFF: StatusChange = { idx: -1, status: 'OFF', cause: 'not started yet', incarnation: 0 };

export class NodeStates {
  private readonly lanes = new Map<number, Lane>();
  /** Every change of every node, in event order (for "jump to next state change"). */
  readonly allIdx: number[] = [];
  private incarnation = new Map<number, number>();

  add(ev: TraceEvent, i: number): void {
    switch (ev.e) {
      case 'node.start': {
        const node = num(ev, 'node');
        const inc = num(ev, 'incarnation', 1);
        this.incarnation.set(node, inc);
        this.push(node, i, 'UP', inc > 1 ? `restarted (incarnation ${inc})` : 'started', inc);
        return;
      }
      case 'node.crash': {
        const node = num(ev, 'node');
        this.push(node, i, 'DOWN', 'crashed', this.incarnation.get(node) ?? 1);
        return;
      }
      case 'zk.state': {
        const node = num(ev, 'node');
        const state = str(ev, 'state') as NodeStatus;
        this.push(node, i, state, str(ev, 'cause'), this.incarnation.get(node) ?? 1);
        return;
      }
    }
  }

  private push(node: number, idx: number, status: NodeStatus, cause: string, incarnation: number): void {
    let lane = this.lanes.get(node);
    if (!lane) this.lanes.set(node, (lane = { idx: [], changes: [] }));
    lane.idx.push(idx);
    lane.changes.push({ idx, status, cause, incarnation });
    this.allIdx.push(idx);
  }

  /** The node's status after the events up to and including `cursor`. */
  at(node: number, cursor: number): StatusChange {
    const lane = this.lanes.get(node);
    if (!lane) return OFF;
    const k = lastAtOrBefore(lane.idx, cursor);
    return k < 0 ? OFF : lane.changes[k]!;
  }

  /** All changes of a node, in order (the timeline draws bands from them). */
  changes(node: number): readonly StatusChange[] {
    return this.lanes.get(node)?.changes ?? [];
  }

  /** The event index of the next state change of any node after `cursor`, or -1. */
  nextChange(cursor: number): number {
    const k = upperBound(this.allIdx, cursor);
    return k < this.allIdx.length ? this.allIdx[k]! : -1;
  }

  /** The event index of the last state change of any node before `cursor`, or -1. */
  prevChange(cursor: number): number {
    const k = upperBound(this.allIdx, cursor - 1) - 1;
    return k >= 0 ? this.allIdx[k]! : -1;
  }

  nodes(): number[] {
    return [...this.lanes.keys()];
  }
}
