import { traceOf } from '../../bench/web.ts';
import { parseTraceText } from '../../web/trace/parse.ts';
import { buildIndex } from '../../web/trace/index.ts';
const { text } = traceOf();
for (let k = 0; k < 3; k++) {
  let t0 = performance.now();
  const p = parseTraceText(text)!;
  const t1 = performance.now();
  const ix = buildIndex(p.header, p.events);
  const t2 = performance.now();
  console.log('parse', Math.round(t1 - t0), 'index', Math.round(t2 - t1), ix.events.length, ix.moments.length);
}
