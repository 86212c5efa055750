// The streaming validator and readTrace agree (fast-check): random valid kernel event
// sequences are accepted by both with the RecordingSink's hash; a random corruption of one
// line is reported by both at the same place, and corruptions that always break a line are
// reported at exactly that line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RecordingSink, TraceLineValidator, checkTraceLines, makeTraceEnd, makeTraceHeader, readTrace,
  type KernelEvent, type ReadTraceResult, type TraceError,
} from '../../engine/trace/index.ts';

type Fields = Record<string, unknown>;

const id = fc.integer({ min: 0, max: 9 });
const str = fc.string({ maxLength: 8 });
const count = fc.nat({ max: 1 << 20 });
const msgType = fc.constantFrom('PING', 'NOTIFICATION', 'PROPOSAL', 'ACK', 'COMMIT');
const msg = { conn: id, from: id, to: id, msg: count, type: msgType };

/** Fields of each kernel event (without t and e). */
const fields: Record<string, fc.Arbitrary<Fields>> = {
  'node.start': fc.record({ node: id, incarnation: fc.integer({ min: 1, max: 5 }) }),
  'node.crash': fc.record({ node: id, incarnation: fc.integer({ min: 1, max: 5 }) }),
  'timer.fire': fc.record({ node: id, key: str }),
  'net.connect': fc.record({ from: id, to: id, tag: str }),
  'net.accept': fc.record({ conn: id, from: id, to: id, tag: fc.string() }),
  'net.connected': fc.record({ conn: id, from: id, to: id, tag: str }),
  'net.connectFail': fc.record({ from: id, to: id, tag: str, reason: fc.constant('timeout') }),
  'net.send': fc.record({ ...msg, payload: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ payload, ...m }) => ({ ...m, body: { type: m.type, payload } })),
  'net.deliver': fc.record(msg),
  'net.hold': fc.record(msg),
  'net.drop': fc.record({ ...msg, to: fc.option(id, { nil: null }), reason: fc.constantFrom('closed', 'loss', 'crash', 'reset', 'timeout') }),
  'net.close': fc.record({ conn: id, node: id, peer: id, reason: fc.constantFrom('local', 'eof', 'reset', 'timeout') }),
  'disk.write': fc.record({ node: id, op: fc.constantFrom('append', 'write', 'truncate', 'rename', 'delete'), file: str, bytes: count }, { requiredKeys: ['node', 'op', 'file'] }),
  'disk.fsync': fc.record({ node: id, file: str, bytes: count, tag: str }),
  'disk.lost': fc.record({ node: id, file: str, lostBytes: count, tornBytes: count }),
  'fault': fc.record({ fault: fc.record({ kind: fc.constantFrom('crash', 'partition', 'heal'), node: id }) }),
  'run.end': fc.record({ reason: str }),
};

const event = (t: number) =>
  fc.constantFrom(...Object.keys(fields)).chain((e) => fields[e]!.map((f) => ({ t, e, ...f }) as KernelEvent));

const events = fc.array(fc.nat({ max: 1000 }), { maxLength: 30 }).chain((deltas) => {
  let t = 0;
  return fc.tuple(...deltas.map((d) => event((t += d))));
});

interface Built { lines: string[]; hash: string }

const traceArb = fc.record({ evs: events, withEnd: fc.boolean(), seed: str }).map(({ evs, withEnd, seed }): Built => {
  const lines: string[] = [];
  const sink = new RecordingSink({ write: (l) => lines.push(l) });
  sink.line(makeTraceHeader({ zksim: '0.1.0', seed, scenario: 'prop', config: { n: evs.length } }));
  for (const ev of evs) sink.emit(ev);
  if (withEnd) lines.push(JSON.stringify(makeTraceEnd(evs.at(-1)?.t ?? 0, sink.count, sink.hash)));
  return { lines, hash: sink.hash };
});

/** The streaming validator fed line by line, reduced to readTrace's shape. */
function stream(text: string): { ok: true; hash: string; events: number } | { ok: false; error: TraceError } {
  const v = new TraceLineValidator();
  for (const line of text.split('\n')) {
    const error = v.push(line);
    if (error) return { ok: false, error };
  }
  const error = v.finish();
  return error ? { ok: false, error } : { ok: true, hash: v.hash, events: v.events };
}

function same(r: ReadTraceResult, s: ReturnType<typeof stream>): void {
  if (r.ok) expect(s).toEqual({ ok: true, hash: r.hash, events: r.events.length });
  else expect(s).toEqual({ ok: false, error: r.error });
}

type Obj = Record<string, unknown>;
/** Corruptions that always make a line invalid, whatever line it is. */
const breaking: fc.Arbitrary<(line: string) => string>[] = [
  fc.nat().map((k) => (line: string) => line.slice(0, 1 + (k % (line.length - 1)))), // cut short
  fc.nat().map((k) => (line: string) => {
    const o = JSON.parse(line) as Obj;
    const keys = Object.keys(o).filter((x) => x !== 'bytes');
    const { [keys[k % keys.length]!]: _gone, ...rest } = o; // a required field removed
    return JSON.stringify(rest);
  }),
  fc.nat().map((k) => (line: string) => {
    const o = JSON.parse(line) as Obj;
    const keys = Object.keys(o);
    return JSON.stringify({ ...o, [keys[k % keys.length]!]: [true] }); // a field of the wrong type
  }),
  fc.constant((line: string) => JSON.stringify({ ...(JSON.parse(line) as Obj), zz: 1 })), // an unknown field
];

/** Corruptions that may or may not break the trace. */
const anyChange: fc.Arbitrary<(line: string) => string>[] = [
  ...breaking,
  fc.constant(() => ''),
  fc.integer({ min: -5, max: 2000 }).map((t) => (line: string) => JSON.stringify({ ...(JSON.parse(line) as Obj), t })),
  fc.string({ maxLength: 3 }).map((s) => (line: string) => line + s),
];

describe('streaming validator vs readTrace', () => {
  it('accepts random valid traces with the sink\'s hash', () => {
    fc.assert(fc.property(traceArb, fc.boolean(), ({ lines, hash }, nl) => {
      const text = lines.join('\n') + (nl ? '\n' : '');
      const r = readTrace(text);
      expect(r.ok && r.hash).toBe(hash);
      same(r, stream(text));
      if (r.ok) expect(r.events).toEqual(lines.slice(1, 1 + r.events.length).map((l) => JSON.parse(l)));
    }));
  });

  it('reports a breaking corruption at the corrupted line, both ways', () => {
    fc.assert(fc.property(traceArb, fc.nat(), fc.oneof(...breaking), ({ lines }, k, corrupt) => {
      const at = k % lines.length;
      const bad = [...lines];
      bad[at] = corrupt(lines[at]!);
      const text = bad.join('\n') + '\n';
      const r = readTrace(text);
      expect(r.ok ? 'accepted' : r.error.line).toBe(at + 1);
      same(r, stream(text));
    }));
  });

  it('agrees with readTrace on any single-line change', () => {
    fc.assert(fc.property(traceArb, fc.nat(), fc.oneof(...anyChange), ({ lines }, k, change) => {
      const at = k % lines.length;
      const bad = [...lines];
      bad[at] = change(lines[at]!);
      const text = bad.join('\n');
      same(readTrace(text), stream(text));
    }));
  });

  it('checkTraceLines (async iterables) agrees too', async () => {
    await fc.assert(fc.asyncProperty(traceArb, async ({ lines, hash }) => {
      async function* gen() { yield* lines; }
      const r = await checkTraceLines(gen());
      expect(r.ok && r.hash).toBe(hash);
      expect(r.ok && r.events).toBe(lines.length - 1 - (r.ok && r.end ? 1 : 0));
    }));
  });
});

describe('TraceLineValidator.result', () => {
  it('summarises a valid trace and refuses an invalid one', () => {
    fc.assert(fc.property(traceArb, ({ lines, hash }) => {
      const v = new TraceLineValidator();
      for (const l of lines) expect(v.push(l)).toBeUndefined();
      expect(v.finish()).toBeUndefined();
      const header = JSON.parse(lines[0]!) as { seed: string };
      const end = lines.length > 1 ? (JSON.parse(lines.at(-1)!) as { type?: string; t: number }) : undefined;
      expect(v.result()).toMatchObject({ scenario: 'prop', seed: header.seed, version: 1, hash, complete: end?.type === 'end', t: end?.t ?? 0 });
    }));
    const bad = new TraceLineValidator();
    bad.push('{}');
    expect(() => bad.result()).toThrow(/not \(yet\) valid/);
  });
});
