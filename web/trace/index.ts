// The index over a trace that every view reads: built once, in one pass, when a trace is
// loaded; then every lookup the views make per frame is a binary search (event at time t,
// a node's status or vote at an event, messages in flight, cuts). Views never scan events.
// The builder reads an event as an object only if its name is one it needs (`wants`); the
// rest — timers, disk writes, most ZAB events — contribute their time and name. That lets
// scan.ts index the NDJSON bytes of a large trace without parsing most of its lines.
import { readEnsemble, type Ensemble } from './ensemble.ts';
import { Links } from './links.ts';
import { Fate, Messages } from './messages.ts';
import { buildMoments, stepEventNames, type Moment } from './moments.ts';
import { NodeStates } from './nodeStates.ts';
import { upperBound } from './search.ts';
import type { TraceEvent, TraceHeader } from './types.ts';
import { Votes } from './votes.ts';

export interface TraceIndex {
  header: TraceHeader;
  /** Every event (lazily parsed when the index came from bytes: lazyEvents.ts). */
  events: readonly TraceEvent[];
  /** Event times (µs), ascending. */
  times: Float64Array;
  /** Each event's name, as an index into `eventNames` (no event needs parsing for it). */
  nameIds: Int32Array;
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

// ZAB events the election views, captions and votes read (ZabModel reads the others itself).
const ZAB_READ = new Set(['zab.uptodate', 'zab.established', 'zab.quorumLost', 'zab.discoveryFailed']);

/**
 * Whether the index reads events called `name` as objects: what NodeStates, Messages, Links,
 * Votes and buildMoments switch on (keep in step with them), and the events a scenario's
 * step captions wait for. Any other event only adds its time and name.
 */
export function wantsEvent(name: string, stepNames: ReadonlySet<string>): boolean {
  return name.startsWith('net.') || name === 'fault' || name.startsWith('node.') || name.startsWith('zk.')
    || name.startsWith('fle.') || ZAB_READ.has(name) || stepNames.has(name) || stepNames.has('');
}

/**
 * Builds the index one event at a time, so a trace can be indexed while it is still
 * downloading (scan.ts); `finish` adds what needs the whole run (moments, time buckets).
 * Events come either as objects (`add`) or, from scan.ts, as a time and a name (`note`)
 * plus the message fields of net.send / net.deliver (`send`, `deliver`).
 */
export class IndexBuilder {
  private times = new Float64Array(1024);
  private nameIds = new Int32Array(1024);
  private n = 0;
  private readonly names: string[] = [];
  private readonly nameId = new Map<string, number>();
  private readonly wanted: boolean[] = [];
  private readonly read: number[] = [];
  private readonly stepNames: Set<string>;
  private readonly states = new NodeStates();
  private readonly messages = new Messages();
  private readonly links = new Links();
  private readonly votes = new Votes();
  private readonly seen = new Set<number>();

  constructor(readonly header: TraceHeader) {
    this.stepNames = new Set(stepEventNames(header.config));
  }

  /** The id of an event name (assigned in order of first appearance). */
  idOf(name: string): number {
    let id = this.nameId.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameId.set(name, id);
      this.wanted.push(wantsEvent(name, this.stepNames));
    }
    return id;
  }

  /** Whether events with this name id must be handed over as objects (`add`). */
  wants(id: number): boolean {
    return this.wanted[id]!;
  }

  /** Records event i (the next one) by time and name id. */
  note(i: number, t: number, id: number): void {
    if (i === this.times.length) {
      const times = new Float64Array(i * 2), ids = new Int32Array(i * 2);
      times.set(this.times); ids.set(this.nameIds);
      this.times = times; this.nameIds = ids;
    }
    this.times[i] = t;
    this.nameIds[i] = id;
    this.n = i + 1;
  }

  /** A net.send read by scan.ts. */
  send(i: number, t: number, msgId: number, from: number, to: number, type: string, id: number): void {
    this.note(i, t, id);
    this.messages.send(i, t, msgId, from, to, type);
  }

  /** A net.deliver read by scan.ts. */
  deliver(i: number, t: number, msgId: number, id: number): void {
    this.note(i, t, id);
    this.messages.end(i, t, msgId, Fate.Delivered, '');
  }

  /** Event i as an object (any event; the ones the index does not want only count). */
  add(ev: TraceEvent, i: number, id = this.idOf(ev.e)): void {
    this.note(i, ev.t, id);
    if (!this.wanted[id]) return;
    this.read.push(i);
    const e = ev.e;
    if (e.startsWith('net.')) {
      this.messages.add(ev, i);
      if (e !== 'net.send' && e !== 'net.deliver') this.links.add(ev, i);
    } else if (e === 'fault') {
      this.links.add(ev, i);
    } else if (e.startsWith('node.') || e === 'zk.state') {
      this.states.add(ev, i);
      this.seen.add(ev.node as number);
    }
    if (typeof ev.node === 'number') this.votes.add(ev, i);
  }

  /** The index, given every event (an array, or the lazy view of a byte buffer). */
  finish(events: readonly TraceEvent[]): TraceIndex {
    const { header, n } = this;
    const times = this.times.subarray(0, n);
    const untilUs = typeof header.config.untilUs === 'number' ? header.config.untilUs : 0;
    const endT = Math.max(untilUs, n > 0 ? times[n - 1]! : 0);
    this.messages.finish(endT);
    const ensemble = readEnsemble(header, this.seen);
    const nodes = [...new Set([...ensemble.servers.map((s) => s.sid), ...this.seen])].sort((a, b) => a - b);
    const moments = buildMoments(events, ensemble, header.config, this.read);
    return {
      header, events, times, nameIds: this.nameIds.subarray(0, n), endT, ensemble, nodes, states: this.states,
      messages: this.messages, links: this.links, votes: this.votes, moments, eventNames: this.names,
    };
  }
}

export function buildIndex(header: TraceHeader, events: readonly TraceEvent[]): TraceIndex {
  const b = new IndexBuilder(header);
  for (let i = 0; i < events.length; i++) b.add(events[i]!, i);
  return b.finish(events);
}

/** The index of the last event at or before t (-1 before the first event). */
export function cursorAt(ix: TraceIndex, t: number): number {
  return upperBound(ix.times, t) - 1;
}
