// NDJSON trace text parsed into event objects at once: the whole text becomes one JSON
// array and one JSON.parse call (several times faster than a parse per line). It checks
// only what the views rely on (a header first, then objects with a numeric `t` and string
// `e`, times not going back); full validation by line and field runs in the worker with
// the engine's reader. The page itself indexes traces from their bytes without parsing
// every event (scan.ts); this eager path is the reference the tests hold the scanner to,
// and what tests use to index a run with buildIndex.
import type { TraceEvent, TraceHeader } from './types.ts';

export interface ParsedTrace {
  header: TraceHeader;
  events: TraceEvent[];
  /** The end line's hash, if the trace has one. */
  endHash?: string;
}

export function parseTraceText(text: string): ParsedTrace | undefined {
  let body = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  body = body.replace(/\n+$/, '');
  if (body === '') return undefined;
  let arr: unknown[];
  try {
    arr = JSON.parse(`[${body.replaceAll('\n', ',')}]`) as unknown[];
  } catch {
    return undefined;
  }
  const header = arr[0] as TraceHeader | undefined;
  if (!header || header.type !== 'header' || typeof header.config !== 'object' || header.config === null) return undefined;
  let last = arr.length;
  let endHash: string | undefined;
  const tail = arr[arr.length - 1] as Record<string, unknown> | undefined;
  if (arr.length > 1 && tail && tail.type === 'end' && !('e' in tail)) {
    last--;
    endHash = typeof tail.hash === 'string' ? tail.hash : undefined;
  }
  const events = arr.slice(1, last) as TraceEvent[];
  let prevT = 0;
  for (const ev of events) {
    if (ev === null || typeof ev !== 'object' || typeof ev.t !== 'number' || typeof ev.e !== 'string' || ev.t < prevT) return undefined;
    prevT = ev.t;
  }
  return endHash === undefined ? { header, events } : { header, events, endHash };
}
