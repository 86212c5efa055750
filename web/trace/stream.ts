// Reads a trace while it downloads: each chunk's complete lines are parsed at once (one
// JSON.parse per chunk, as in parse.ts) and fed to the index builder, so parsing and
// indexing overlap the transfer. Keeps the whole text for the worker's full validation.
// Returns undefined when the fast path cannot read the trace (the worker then names the
// line and field).
import { IndexBuilder, type TraceIndex } from './index.ts';
import type { TraceEvent, TraceHeader } from './types.ts';

export interface StreamedTrace {
  text: string;
  ix?: TraceIndex;
}

export async function readTraceStream(body: ReadableStream<Uint8Array>): Promise<StreamedTrace> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let rest = '';
  let builder: IndexBuilder | undefined;
  let ok = true;
  let prevT = 0;
  let ended = false;
  const take = (lines: string): void => {
    if (!ok || lines === '') return;
    let arr: unknown[];
    try {
      arr = JSON.parse(`[${(lines.includes('\r') ? lines.replace(/\r/g, '') : lines).replaceAll('\n', ',')}]`) as unknown[];
    } catch {
      ok = false;
      return;
    }
    for (const x of arr) {
      const rec = x as Record<string, unknown>;
      if (ended) { ok = false; return; }
      if (!builder) {
        if (rec?.type !== 'header' || typeof rec.config !== 'object' || rec.config === null) { ok = false; return; }
        builder = new IndexBuilder(rec as unknown as TraceHeader);
        continue;
      }
      if (rec?.type === 'end' && !('e' in rec)) { ended = true; continue; }
      const ev = rec as TraceEvent;
      if (typeof ev?.t !== 'number' || typeof ev.e !== 'string' || ev.t < prevT) { ok = false; return; }
      prevT = ev.t;
      builder.add(ev);
    }
  };
  for (;;) {
    const { done, value: bytes } = await reader.read();
    const value = decoder.decode(bytes, { stream: !done });
    if (done && value === '') break;
    parts.push(value);
    const chunk = rest + value;
    const cut = chunk.lastIndexOf('\n');
    if (cut < 0) { rest = chunk; continue; }
    const lines = chunk.slice(0, cut);
    take(lines.endsWith('\n') ? lines.replace(/\n+$/, '') : lines);
    rest = chunk.slice(cut + 1);
    if (done) break;
  }
  take(rest.trim());
  const text = parts.join('');
  return ok && builder ? { text, ix: builder.finish() } : { text };
}
