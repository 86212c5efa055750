// The contract from the writer's side: traces the real engine writes (the demo scenario,
// with its fault schedule) read back valid, with the fault events checked by the fault
// schedule's own schema and the end line's hash matching.
import { describe, expect, it } from 'vitest';
import { zksimTraceSchema } from '../../engine/traceSchema.ts';
import { formatTraceError, readTrace } from '../../engine/trace/index.ts';
import { scenarios } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';

const schema = zksimTraceSchema;

describe('traces written by the engine', () => {
  for (const scenario of scenarios) {
    it.each(['1', '7', 'zk'])(`${scenario.id}, seed %s, reads back valid`, (seed) => {
      const lines: string[] = [];
      const { sink } = runScenario(scenario, { seed, write: (l) => lines.push(l) });
      const r = readTrace(lines.join('\n') + '\n', schema);
      expect(r.ok ? 'ok' : formatTraceError(r.error)).toBe('ok');
      if (!r.ok) return;
      expect(r.hash).toBe(sink.hash);
      expect(r.end?.events).toBe(r.events.length);
      expect(r.events.some((e) => e.e === 'net.send')).toBe(true);
    });
  }
});
