// Key moments of a run with a caption each, derived generically from the events: faults,
// crashes and restarts, a server going LOOKING, an election decided (with the quorum that
// decided it), a leader established or losing its quorum. The caption bar shows the latest
// moment at the current time; ‹ › jump between them. A scenario may add its own step
// captions (header config.steps: `{on: {e, node?, ...}, text}`, shown at the first event
// matching every field of `on`); its text then leads and the generic sentence follows.
import type { Ensemble } from './ensemble.ts';
import { num, nums, obj, str } from './fields.ts';
import { decideCaption, listSids, voteChangeCaption } from './words.ts';
import type { TraceEvent } from './types.ts';

export interface Moment {
  idx: number;
  kind: 'start' | 'fault' | 'node' | 'election' | 'zab' | 'step';
  node?: number;
  text: string;
  /** The generic sentence, when a scenario step caption took the lead. */
  detail?: string;
}

interface Step { on: Record<string, unknown>; text: string }

function readSteps(config: Record<string, unknown>): Step[] {
  const raw = config.steps;
  if (!Array.isArray(raw)) return [];
  return raw.filter((x): x is Step => x !== null && typeof x === 'object' && typeof (x as Step).text === 'string'
    && (x as Step).on !== null && typeof (x as Step).on === 'object');
}

const matches = (ev: TraceEvent, on: Record<string, unknown>) =>
  Object.entries(on).every(([k, v]) => (typeof v === 'object' && v !== null ? JSON.stringify(ev[k]) === JSON.stringify(v) : ev[k] === v));

/** Names of the events a scenario's step captions wait for ('' if some step matches any name). */
export function stepEventNames(config: Record<string, unknown>): string[] {
  return readSteps(config).map((s) => (typeof s.on.e === 'string' ? s.on.e : ''));
}

/** Puts each scenario step at the first event it matches, merging with a generic moment there. */
function addSteps(out: Moment[], events: readonly TraceEvent[], steps: Step[], only?: readonly number[]): Moment[] {
  for (const step of steps) {
    const idx = only ? (only.find((i) => matches(events[i]!, step.on)) ?? -1) : events.findIndex((ev) => matches(ev, step.on));
    if (idx < 0) continue;
    const same = out.find((m) => m.idx === idx);
    if (same) { same.detail = same.text; same.text = step.text; same.kind = 'step'; }
    else out.push({ idx, kind: 'step', text: step.text });
  }
  return out.sort((a, b) => a.idx - b.idx);
}

function faultText(f: Record<string, unknown>): string {
  switch (f.kind) {
    case 'partition': {
      const groups = (Array.isArray(f.groups) ? f.groups : []) as number[][];
      return `Fault: the network splits into ${groups.map((g) => `{${g.join(', ')}}`).join(' | ')}. Only a side with a quorum can elect a leader.`;
    }
    case 'heal': return 'Fault healed: every server can reach every other again.';
    case 'isolate': return `Fault: server ${num(f, 'node')} is cut off from everyone.`;
    case 'oneWay': return `Fault: messages from ${num(f, 'from')} to ${num(f, 'to')} are blocked (one way).`;
    case 'loss': return `Fault: each message is now lost with probability ${num(f, 'probability')}; a lost message resets its connection.`;
    case 'spike': return `Fault: latency +${num(f, 'extraMs')} ms for ${num(f, 'durationMs')} ms.`;
    case 'crash': case 'restart': return '';
    default: return `Fault: ${String(f.kind)}.`;
  }
}

/**
 * The run's moments. `only`, if given, lists (ascending) the only events that can make one:
 * the index passes the events it read (index.ts, `wants`), so the rest need not be parsed.
 */
export function buildMoments(events: readonly TraceEvent[], ens: Ensemble, config: Record<string, unknown> = {}, only?: readonly number[]): Moment[] {
  const out: Moment[] = [];
  if (events.length > 0) {
    const obs = ens.servers.length - ens.voters.length;
    const what = ens.zookeeper
      ? `${ens.voters.length} voting servers${obs ? ` and ${obs} observer${obs > 1 ? 's' : ''}` : ''}; ${ens.groups ? ens.verifier : `a quorum is ${ens.quorumSize}`}. Every server starts LOOKING and votes for itself.`
      : `${ens.servers.length} nodes.`;
    out.push({ idx: 0, kind: 'start', text: `The run starts: ${what}` });
  }
  const decided = new Set<number>();
  const n = only ? only.length : events.length;
  for (let k = 0; k < n; k++) {
    const i = only ? only[k]! : k;
    const ev = events[i]!;
    const node = num(ev, 'node');
    switch (ev.e) {
      case 'fault': {
        const text = faultText(obj(ev, 'fault') ?? {});
        if (text) out.push({ idx: i, kind: 'fault', text });
        break;
      }
      case 'node.crash':
        decided.delete(node);
        out.push({ idx: i, kind: 'node', node, text: `Server ${node} crashes: its vote and connections are gone; what it fsynced (epochs, log) survives on disk.` });
        break;
      case 'node.start': {
        const inc = num(ev, 'incarnation', 1);
        if (inc > 1) out.push({ idx: i, kind: 'node', node, text: `Server ${node} restarts (incarnation ${inc}) and rebuilds its state from disk.` });
        else if (ev.t > 0) out.push({ idx: i, kind: 'node', node, text: `Server ${node} starts.` });
        break;
      }
      case 'fle.vote': {
        const text = voteChangeCaption(ev);
        if (text) out.push({ idx: i, kind: 'election', node, text });
        break;
      }
      case 'fle.decide':
        decided.add(node);
        out.push({ idx: i, kind: 'election', node, text: decideCaption(ev, ens.quorumSize, ens.voters.length) });
        break;
      case 'zk.state': {
        const state = str(ev, 'state');
        if (state === 'LOOKING' && str(ev, 'prev') !== '') {
          decided.delete(node);
          out.push({ idx: i, kind: 'election', node, text: `Server ${node} goes back to LOOKING: ${str(ev, 'cause')}.` });
        } else if (state !== 'LOOKING' && !decided.has(node)) {
          out.push({ idx: i, kind: 'election', node, text: `Server ${node} is now ${state}: ${str(ev, 'cause')}.` });
        }
        break;
      }
      case 'zab.established':
        out.push({ idx: i, kind: 'zab', node, text: `Leader ${node} is established in epoch ${num(ev, 'epoch')}: ${listSids(nums(ev, 'acked'))} acknowledged the new epoch (ACKEPOCH), a quorum.` });
        break;
      case 'zab.quorumLost':
        out.push({ idx: i, kind: 'zab', node, text: `Leader ${node} lost its quorum (in touch with ${listSids(nums(ev, 'synced'))} only): it steps down.` });
        break;
      case 'zab.discoveryFailed':
        out.push({ idx: i, kind: 'zab', node, text: `Leader ${node} gave up on epoch ${num(ev, 'epoch')}: no quorum within ${num(ev, 'waitedMs')} ms (${str(ev, 'phase')}).` });
        break;
    }
  }
  return addSteps(out, events, readSteps(config), only);
}
