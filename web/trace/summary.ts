// One line per event for the event log: who, what, and the fields that matter, without the
// noise (bodies are shown when a message is selected). Election events use their sentence.
import { fleSentence } from './words.ts';
import type { TraceEvent } from './types.ts';

function compact(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function eventSummary(ev: TraceEvent): string {
  if (ev.e.startsWith('fle.')) {
    const { head, why } = fleSentence(ev);
    return why ? `${head} — ${why}` : head;
  }
  switch (ev.e) {
    case 'net.send': case 'net.deliver': case 'net.hold':
      return `${String(ev.from)}→${String(ev.to)} ${String(ev.type)} #${String(ev.msg)}`;
    case 'net.drop':
      return `${String(ev.from)}→${String(ev.to)} ${String(ev.type)} #${String(ev.msg)} dropped (${String(ev.reason)})`;
    case 'zk.state':
      return `${String(ev.prev ?? '—')} → ${String(ev.state)}: ${String(ev.cause)}`;
    case 'fault':
      return compact(ev.fault);
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(ev)) {
    if (k === 't' || k === 'e' || k === 'node' || k === 'body') continue;
    parts.push(`${k}=${compact(v)}`);
  }
  const s = parts.join(' ');
  return s.length > 200 ? `${s.slice(0, 197)}…` : s;
}
