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

export function buildIndex(header: TraceHeader, events: readonly TraceEvent[]): TraceIndex {
  const n = events.length;
  const times = new Float64Array(n);
  const states = new NodeStates();
  const messages = new Messages();
  const links = new Links();
  const votes = new Votes();
  const names = new Set<string>();
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const ev = events[i]!;
    times[i] = ev.t;
    names.add(ev.e);
    if (ev.e.startsWith('net.')) messages.add(ev, i);
    if (ev.e.startsWith('net.') || ev.e === 'fault') links.add(ev, i);
    if (ev.e.startsWith('node.') || ev.e === 'zk.state') {
      states.add(ev, i);
      seen.add(ev.node as number);
    }
    if (typeof ev.node === 'number') votes.add(ev, i);
  }
  const untilUs = typeof header.config.untilUs === 'number' ? header.config.untilUs : 0;
  const endT = Math.max(untilUs, n > 0 ? times[n - 1]! : 0);
  messages.finish(endT);
  const ensemble = readEnsemble(header, seen);
  const nodes = [...new Set([...ensemble.servers.map((s) => s.sid), ...seen])].sort((a, b) => a - b);
  const moments = buildMoments(events, ensemble, header.config);
  return { header, events, times, endT, ensemble, nodes, states, messages, links, votes, moments, eventNames: [...names] };
}

/** The index of the last event at or before t (-1 before the first event). */
export function cursorAt(ix: TraceIndex, t: number): number {
  return upperBound(ix.times, t) - 1;
}
