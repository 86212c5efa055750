import { traceOf } from '../../bench/web.ts';
import { parseTraceText } from '../../web/trace/parse.ts';
import { Messages } from '../../web/trace/messages.ts';
import { Links } from '../../web/trace/links.ts';
import { NodeStates } from '../../web/trace/nodeStates.ts';
import { Votes } from '../../web/trace/votes.ts';
import { buildMoments } from '../../web/trace/moments.ts';
import { readEnsemble } from '../../web/trace/ensemble.ts';
const { text } = traceOf();
const p = parseTraceText(text)!;
const ev = p.events;
for (let k = 0; k < 3; k++) {
  const T = (label: string, fn: () => void) => { const t0 = performance.now(); fn(); console.log(label, Math.round(performance.now() - t0)); };
  T('times', () => { const a = new Float64Array(ev.length); for (let i = 0; i < ev.length; i++) a[i] = ev[i]!.t; });
  T('names', () => { const s = new Set(); for (const e of ev) s.add(e.e); });
  const m = new Messages();
  T('msgs', () => { for (let i = 0; i < ev.length; i++) if (ev[i]!.e.startsWith('net.')) m.add(ev[i]!, i); });
  T('msgs.finish', () => m.finish(ev[ev.length - 1]!.t));
  T('links', () => { const l = new Links(); for (let i = 0; i < ev.length; i++) if (ev[i]!.e.startsWith('net.') || ev[i]!.e === 'fault') l.add(ev[i]!, i); });
  T('states', () => { const l = new NodeStates(); for (let i = 0; i < ev.length; i++) if (ev[i]!.e.startsWith('node.')) l.add(ev[i]!, i); });
  T('votes', () => { const l = new Votes(); for (let i = 0; i < ev.length; i++) if (typeof ev[i]!.node === 'number') l.add(ev[i]!, i); });
  T('moments', () => buildMoments(ev, readEnsemble(p.header, [1, 2, 3, 4, 5]), p.header.config));
}
