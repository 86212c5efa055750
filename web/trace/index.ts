// The index over a trace that every view reads: built once, in one pass, when a trace is
// loaded; then every lookup the views make per frame is a binary search (event at time t,
// a node's status or vote at an event, messages in flight, cuts). Views never scan events.
import { readEnsemble, type Ensemble } from './ensemble.ts';
import { Links } from './links.ts';
import { Messages } from './messages.ts';
import { buildMoments, type Moment } from './moments.ts';
import { NodeStates } from './nodeStates.ts';
import { upperBound } from './search.ts';
import type { TraceEvent, TraceHeader } from './types.ts';
import { Votes } from './votes.ts';

export interface TraceIndex {
  header: TraceHeader;
  events: readonly TraceEvent[];
  /** Event times (µs), ascending. */
  times: Float64Array;
  /** Time the run ends (µs): the header's untilUs, else the last event. */
  endT: number;
  ensemble: Ensemble;
  /** Sorted node ids (the ensemble plus any node the events mention). */
  nodes: number[];
  states: NodeStates;
  messages: Messages;
  links: Links;
  votes: Votes;
  moments: Moment[];
  /** Distinct event names, in order of first appearance. */
  eventNames: string[];
}

/**
 * Builds the index one event at a time, so a trace can be indexed while it is still
 * downloading (stream.ts); `finish` adds what needs the whole run (time buckets, moments).
 */
export class IndexBuilder {
  readonly events: TraceEvent[] = [];
  private readonly states = new NodeStates();
  private readonly messages = new Messages();
  private readonly links = new Links();
  private readonly votes = new Votes();
  private readonly names = new Set<string>();
  private readonly seen = new Set<number>();

  constructor(readonly header: TraceHeader) {}

  add(ev: TraceEvent): void {
    const i = this.events.length;
    this.events.push(ev);
    const e = ev.e;
    this.names.add(e);
    if (e.startsWith('net.')) {
      this.messages.add(ev, i);
      if (e !== 'net.send' && e !== 'net.deliver') this.links.add(ev, i);
    } else if (e === 'fault') {
      this.links.add(ev, i);
    } else if (e.startsWith('node.') || e === 'zk.state') {
      this.states.add(ev, i);
      this.seen.add(ev.node as number);
    }
    if (typeof ev.node === 'number' && !e.startsWith('timer.') && !e.startsWith('disk.')) this.votes.add(ev, i);
  }

  finish(): TraceIndex {
    const { header, events } = this;
    const n = events.length;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = events[i]!.t;
    const untilUs = typeof header.config.untilUs === 'number' ? header.config.untilUs : 0;
    const endT = Math.max(untilUs, n > 0 ? times[n - 1]! : 0);
    this.messages.finish(endT);
    const ensemble = readEnsemble(header, this.seen);
    const nodes = [...new Set([...ensemble.servers.map((s) => s.sid), ...this.seen])].sort((a, b) => a - b);
    const moments = buildMoments(events, ensemble, header.config);
    return {
      header, events, times, endT, ensemble, nodes, states: this.states, messages: this.messages, links: this.links,
      votes: this.votes, moments, eventNames: [...this.names],
    };
  }
}

export function buildIndex(header: TraceHeader, events: readonly TraceEvent[]): TraceIndex {
  const b = new IndexBuilder(header);
  for (const ev of events) b.add(ev);
  return b.finish();
}

/** The index of the last event at or before t (-1 before the first event). */
export function cursorAt(ix: TraceIndex, t: number): number {
  return upperBound(ix.times, t) - 1;
}
