// docs/trace-format.md cannot fall behind the trace schema: every event name the composed
// schema (engine/traceSchema.ts) knows — kernel, zk, zab, fle, qcm, open namespaces — must
// be named in it (in backticks), every zk.* and zab.* event must have an example line, and
// every example event line in the ZooKeeper section must validate against the schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zksimTraceSchema } from '../../engine/traceSchema.ts';
import { kernelEventFields } from '../../engine/trace/index.ts';
import { electionTraceSchemas } from '../../engine/zk/election/traceEvents.ts';
import { zkTraceSchemas } from '../../engine/zk/peer/traceEvents.ts';

const doc = readFileSync(new URL('../../docs/trace-format.md', import.meta.url), 'utf8');

/** The part of the doc that documents the ZooKeeper server's events. */
function zkSection(): string {
  const start = doc.indexOf('## ZooKeeper server events');
  const end = doc.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(0);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Event lines (`{"t":…,"e":…}`) inside the section's fenced blocks. */
function exampleLines(section: string): string[] {
  const out: string[] = [];
  for (const m of section.matchAll(/```(?:ndjson|json)\n([\s\S]*?)```/g)) {
    for (const line of m[1]!.split('\n')) if (line.startsWith('{"t":')) out.push(line);
  }
  return out;
}

describe('docs/trace-format.md keeps up with the trace schema', () => {
  const names = zksimTraceSchema.eventNames();

  it('reads the composed schema, not an empty list', () => {
    for (const n of [...Object.keys(kernelEventFields), ...Object.keys(zkTraceSchemas), ...Object.keys(electionTraceSchemas)]) {
      expect(names).toContain(n);
    }
  });

  it('names every event of the composed schema', () => {
    const missing = names.filter((n) => !doc.includes(`\`${n}\``));
    expect(missing, `events not documented in docs/trace-format.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('gives every zk.* and zab.* event an example line', () => {
    const examples = exampleLines(zkSection()).map((l) => (JSON.parse(l) as { e: string }).e);
    const missing = names.filter((n) => /^(zk|zab)\./.test(n) && !examples.includes(n));
    expect(missing, `zk/zab events without an example line: ${missing.join(', ')}`).toEqual([]);
  });

  it('has example lines that validate against the schema', () => {
    const lines = exampleLines(zkSection());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect({ line, problem: zksimTraceSchema.check(JSON.parse(line)) }).toEqual({ line, problem: undefined });
  });
});
