// TraceSchema: kernel events built in, protocol namespaces added explicitly (exact events,
// open namespaces), a pluggable fault validator, and mistakes in registering caught when
// the schema is built. Also checks that docs/trace-format.md documents every kernel event.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { z } from 'zod';
import {
  KERNEL_NAMESPACES, RecordingSink, kernelEventFields, makeTraceHeader, openNamespace, readTrace, traceSchema,
} from '../../engine/trace/index.ts';

const demo = {
  'demo.ping': z.strictObject({ node: z.int(), round: z.int().nonnegative() }),
  'demo.state': z.strictObject({ node: z.int(), state: z.enum(['LOOKING', 'FOLLOWING', 'LEADING']) }),
};

describe('traceSchema', () => {
  it('knows kernel events and nothing else by default', () => {
    const s = traceSchema();
    expect(s.check({ t: 5, e: 'timer.fire', node: 1, key: 'k' })).toBeUndefined();
    expect(s.check({ t: 5, e: 'demo.ping', node: 1, round: 0 })).toEqual({ field: 'e', message: "unknown event type 'demo.ping'" });
    expect(s.check({ t: 5, e: 'fault', fault: { kind: 'partition', groups: [[1], [2, 3]] } })).toBeUndefined();
    expect(s.check({ t: 5, e: 'fault', fault: 'crash' })).toEqual({ field: 'fault', message: 'expected object, received string' });
  });

  it('validates registered protocol events strictly by their own schemas', () => {
    const s = traceSchema([demo]);
    expect(s.check({ t: 5, e: 'demo.ping', node: 1, round: 3 })).toBeUndefined();
    expect(s.check({ t: 5, e: 'demo.ping', node: 1, round: -3 })).toEqual({ field: 'round', message: 'expected >= 0, received -3' });
    expect(s.check({ t: 5, e: 'demo.ping', node: 1, round: 3, x: 1 })).toEqual({ field: 'x', message: "not a field of 'demo.ping'" });
    expect(s.check({ t: 5, e: 'demo.state', node: 1, state: 'lost' })).toEqual({
      field: 'state', message: 'expected "LOOKING" | "FOLLOWING" | "LEADING", received "lost"',
    });
    expect(s.check({ t: 5, e: 'demo.pong', node: 1 })).toEqual({ field: 'e', message: "unknown event type 'demo.pong'" });
    expect(s.check({ t: 5, e: 'zab.ack', node: 1 })).toEqual({ field: 'e', message: "unknown event type 'zab.ack'" });
  });

  it('accepts any fields in an open namespace, but exact schemas still win', () => {
    const s = traceSchema([openNamespace('fle'), { 'fle.vote': z.strictObject({ node: z.int(), leader: z.int() }) }]);
    expect(s.check({ t: 1, e: 'fle.anything', whatever: [1, { a: 2 }] })).toBeUndefined();
    expect(s.check({ t: 1, e: 'fle.vote', node: 1, leader: 3 })).toBeUndefined();
    expect(s.check({ t: 1, e: 'fle.vote', node: 1, leader: '3' })).toEqual({ field: 'leader', message: 'expected number, received string' });
    expect(s.check({ t: 1, e: 'fle', node: 1 })).toEqual({ field: 'e', message: "unknown event type 'fle'" });
  });

  it('takes a pluggable fault validator', () => {
    const fault = z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('crash'), node: z.int() }),
      z.strictObject({ kind: z.literal('heal') }),
    ]);
    const s = traceSchema([], { fault });
    expect(s.check({ t: 1, e: 'fault', fault: { kind: 'crash', node: 2 } })).toBeUndefined();
    expect(s.check({ t: 1, e: 'fault', fault: { kind: 'crash', node: 'two' } })).toEqual({ field: 'fault.node', message: 'expected number, received string' });
    expect(s.check({ t: 1, e: 'fault', fault: { kind: 'heal', node: 2 } })).toEqual({ field: 'fault.node', message: "not a field of 'fault'" });
    expect(s.check({ t: 1, e: 'fault', fault: { kind: 'meteor' } })?.field).toBe('fault.kind');
  });

  it('refuses bad registrations when it is built', () => {
    const any = z.looseObject({});
    expect(() => traceSchema([{ ping: any }])).toThrow(/needs a namespace/);
    expect(() => traceSchema([{ 'demo.': any }])).toThrow(/needs a namespace/);
    expect(() => traceSchema([{ '.ping': any }])).toThrow(/needs a namespace/);
    expect(() => traceSchema([{ 'net.teleport': any }])).toThrow(/belongs to the kernel/);
    expect(() => traceSchema([openNamespace('disk')])).toThrow(/belongs to the kernel/);
    expect(() => traceSchema([demo, { 'demo.ping': any }])).toThrow(/registered twice/);
    expect(() => traceSchema([openNamespace('demo'), openNamespace('demo')])).toThrow(/registered twice/);
  });

  it('is what readTrace validates protocol events with', () => {
    const lines: string[] = [];
    const sink = new RecordingSink({ write: (l) => lines.push(l) });
    sink.line(makeTraceHeader({ zksim: '0.1.0', seed: 's', scenario: 'demo', config: {} }));
    sink.emit({ t: 0, e: 'node.start', node: 1, incarnation: 1 });
    sink.emit({ t: 10, e: 'demo.state', node: 1, state: 'LOOKING' });
    const trace = lines.join('\n');
    expect(readTrace(trace, traceSchema([demo])).ok).toBe(true);
    const r = readTrace(trace);
    expect(!r.ok && r.error).toEqual({ line: 3, field: 'e', message: "unknown event type 'demo.state'" });
  });
});

describe('docs/trace-format.md', () => {
  const doc = readFileSync(new URL('../../docs/trace-format.md', import.meta.url), 'utf8');

  it('documents every kernel event and namespace', () => {
    for (const name of Object.keys(kernelEventFields)) expect(doc).toContain(`\`${name}\``);
    for (const ns of KERNEL_NAMESPACES) expect(doc).toContain(ns);
  });

  it('has an example whose lines are lines of the real trace of the command it names, in order', () => {
    const example = /## Example\n[\s\S]*?```ndjson\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(doc).toContain('`npx zksim run demo-gossip-5 --seed 1 --until 1100ms --trace t.ndjson`');
    const real: string[] = [];
    runScenario(findScenario('demo-gossip-5')!, { seed: '1', untilUs: 1_100_000, write: (l) => real.push(l) });
    const [header, ...lines] = example!.trim().split('\n');
    // The header's config is shortened in the doc: every field it shows is the real one.
    const realHeader = JSON.parse(real[0]!);
    const docHeader = JSON.parse(header!);
    expect({ ...realHeader, config: undefined }).toEqual({ ...docHeader, config: undefined });
    for (const [k, v] of Object.entries(docHeader.config)) expect(realHeader.config[k], k).toEqual(v);
    let at = 1;
    for (const line of lines) {
      const found = real.indexOf(line, at);
      expect(found, `not in the real trace after line ${at + 1}: ${line}`).toBeGreaterThan(0);
      at = found + 1;
    }
    expect(at).toBe(real.length); // the end line is the real one
  });
});
