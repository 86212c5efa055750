// readTrace on a hand-built trace (RecordingSink writes it, as a run would): a good trace
// reads back with the sink's hash; each kind of malformed line gives the documented error
// with the right line number and field (docs/trace-format.md, "Errors").
import { describe, expect, it } from 'vitest';
import {
  RecordingSink, TraceLineValidator, formatTraceError, hashLines, makeTraceEnd, makeTraceHeader, readTrace,
  type KernelEvent, type TraceError,
} from '../../engine/trace/index.ts';

const header = makeTraceHeader({ zksim: '0.1.0', seed: '42', scenario: 'demo-gossip-5', config: { nodes: 2, tickTime: 2000 } });

// Line numbers in the trace are index + 2 (line 1 is the header).
const sample: KernelEvent[] = [
  { t: 0, e: 'node.start', node: 1, incarnation: 1 }, // line 2
  { t: 0, e: 'node.start', node: 2, incarnation: 1 },
  { t: 100, e: 'timer.fire', node: 1, key: 'tick' },
  { t: 100, e: 'net.connect', from: 1, to: 2, tag: 'peer' }, // line 5
  { t: 300, e: 'net.accept', conn: 1, from: 1, to: 2, tag: 'peer' },
  { t: 500, e: 'net.connected', conn: 1, from: 1, to: 2, tag: 'peer' },
  { t: 600, e: 'net.send', conn: 1, from: 1, to: 2, msg: 1, type: 'PING', body: { type: 'PING', zxid: '0x100000003' } },
  { t: 900, e: 'net.deliver', conn: 1, from: 1, to: 2, msg: 1, type: 'PING' },
  { t: 950, e: 'net.hold', conn: 1, from: 2, to: 1, msg: 2, type: 'PONG' }, // line 10
  { t: 1000, e: 'disk.write', node: 1, op: 'append', file: 'log.1', bytes: 64 },
  { t: 1000, e: 'disk.write', node: 1, op: 'rename', file: 'snap.tmp>snap.1' },
  { t: 2000, e: 'disk.fsync', node: 1, file: 'log.1', bytes: 64, tag: 'txn' },
  { t: 3000, e: 'fault', fault: { kind: 'crash', node: 2 } },
  { t: 3000, e: 'node.crash', node: 2, incarnation: 1 }, // line 15
  { t: 3000, e: 'disk.lost', node: 2, file: 'log.1', lostBytes: 10, tornBytes: 0 },
  { t: 3000, e: 'net.drop', conn: 1, from: 2, to: 1, msg: 2, type: 'PONG', reason: 'crash' },
  { t: 3100, e: 'net.drop', conn: 1, from: 1, to: null, msg: 3, type: 'PING', reason: 'closed' },
  { t: 3200, e: 'net.close', conn: 1, node: 1, peer: 2, reason: 'eof' },
  { t: 4000, e: 'net.connectFail', from: 1, to: 2, tag: 'peer', reason: 'timeout' }, // line 20
  { t: 5000, e: 'run.end', reason: 'time limit' }, // line 21
];
const END_LINE = sample.length + 2; // 22

/** The trace as a run writes it: header and events through the sink, then the end line. */
function record(events: readonly KernelEvent[], withEnd = true): { lines: string[]; sink: RecordingSink } {
  const lines: string[] = [];
  const sink = new RecordingSink({ write: (l) => lines.push(l) });
  sink.line(header);
  for (const ev of events) sink.emit(ev);
  if (withEnd) lines.push(JSON.stringify(makeTraceEnd(events.at(-1)?.t ?? 0, sink.count, sink.hash)));
  return { lines, sink };
}

const good = record(sample);
const text = (lines: readonly string[]) => lines.join('\n') + '\n';

/** The good trace with line `n` (1-based) replaced by `f(its object)` or by a raw string. */
function withLine(n: number, f: string | ((o: Record<string, unknown>) => unknown)): string {
  const lines = [...good.lines];
  lines[n - 1] = typeof f === 'string' ? f : JSON.stringify(f(JSON.parse(lines[n - 1]!)));
  return text(lines);
}

const set = (k: string, v: unknown) => (o: Record<string, unknown>) => ({ ...o, [k]: v });
const drop = (k: string) => (o: Record<string, unknown>) => {
  const { [k]: _gone, ...rest } = o;
  return rest;
};

describe('readTrace: good traces', () => {
  it('reads back what RecordingSink wrote, with the same hash', () => {
    const r = readTrace(text(good.lines));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header).toEqual(header);
    expect(r.events).toEqual(sample);
    expect(r.hash).toBe(good.sink.hash);
    expect(r.end).toEqual({ type: 'end', t: 5000, events: sample.length, hash: good.sink.hash });
    expect(hashLines([JSON.stringify(r.header), ...r.events.map((e) => JSON.stringify(e))])).toBe(r.hash);
  });

  it('accepts a trace without end line, without final newline, with trailing blank lines or CRLF', () => {
    const noEnd = record(sample, false).lines;
    for (const t of [text(noEnd), noEnd.join('\n'), text(good.lines) + '\n\n', good.lines.join('\r\n') + '\r\n']) {
      const r = readTrace(t);
      expect(r.ok && r.hash).toBe(good.sink.hash);
    }
  });

  it('accepts a header-only trace', () => {
    const r = readTrace(JSON.stringify(header));
    expect(r.ok && r.events).toEqual([]);
  });
});

interface Case {
  name: string;
  trace: string;
  error: TraceError;
}

const cases: Case[] = [
  { name: 'empty file', trace: '', error: { line: 1, message: 'expected a zksim-trace header (the trace is empty)' } },
  { name: 'header missing (an event first)', trace: text(good.lines.slice(1)), error: { line: 1, message: 'expected a zksim-trace header' } },
  { name: 'blank first line', trace: '\n' + text(good.lines), error: { line: 1, message: 'expected a zksim-trace header' } },
  { name: 'another format', trace: withLine(1, set('format', 'other-trace')), error: { line: 1, message: 'expected a zksim-trace header' } },
  { name: 'newer version', trace: withLine(1, set('version', 2)), error: { line: 1, field: 'version', message: 'trace format version 2 is newer than this zksim reads (1)' } },
  { name: 'version 0', trace: withLine(1, set('version', 0)), error: { line: 1, field: 'version', message: 'expected > 0, received 0' } },
  { name: 'header seed missing', trace: withLine(1, drop('seed')), error: { line: 1, field: 'seed', message: 'missing (expected string)' } },
  { name: 'header seed a number', trace: withLine(1, set('seed', 42)), error: { line: 1, field: 'seed', message: 'expected string, received number' } },
  { name: 'header config not an object', trace: withLine(1, set('config', [1])), error: { line: 1, field: 'config', message: 'expected record, received array' } },
  { name: 'header unknown field', trace: withLine(1, set('sede', '1')), error: { line: 1, field: 'sede', message: 'not a field of the header' } },
  { name: 'bad JSON', trace: withLine(3, '{"t":0,"e":"node.start",'), error: { line: 3, message: expect.stringMatching(/^not valid JSON: /) as unknown as string } },
  { name: 'not an object', trace: withLine(4, '[1,2]'), error: { line: 4, message: 'expected an event object, received array' } },
  { name: 'to is a string', trace: withLine(5, set('to', '2')), error: { line: 5, field: 'to', message: 'expected number, received string' } },
  { name: 'node not an integer', trace: withLine(2, set('node', 1.5)), error: { line: 2, field: 'node', message: 'expected integer, received 1.5' } },
  { name: 'required field missing', trace: withLine(6, drop('conn')), error: { line: 6, field: 'conn', message: 'missing (expected number)' } },
  { name: 'typo in a field name', trace: withLine(4, (o) => ({ ...drop('key')(o), kye: 'tick' })), error: { line: 4, field: 'key', message: 'missing (expected string)' } },
  { name: 'extra field', trace: withLine(7, set('tagg', 'x')), error: { line: 7, field: 'tagg', message: "not a field of 'net.connected'" } },
  { name: 'bad enum value', trace: withLine(17, set('reason', 'lost')), error: { line: 17, field: 'reason', message: 'expected "closed" | "loss" | "crash" | "reset" | "timeout", received "lost"' } },
  { name: 'null where only net.drop allows it', trace: withLine(9, set('to', null)), error: { line: 9, field: 'to', message: 'expected number, received null' } },
  { name: 'body type disagrees', trace: withLine(8, set('body', { type: 'PONG' })), error: { line: 8, field: 'body.type', message: '"PONG" differs from the event\'s type "PING"' } },
  { name: 'body without type', trace: withLine(8, set('body', {})), error: { line: 8, field: 'body.type', message: 'missing (expected string)' } },
  { name: 'negative byte count', trace: withLine(11, set('bytes', -1)), error: { line: 11, field: 'bytes', message: 'expected >= 0, received -1' } },
  { name: 'fault without kind', trace: withLine(14, set('fault', { node: 2 })), error: { line: 14, field: 'fault.kind', message: 'missing (expected string)' } },
  { name: 'unknown event type', trace: withLine(10, set('e', 'x.y')), error: { line: 10, field: 'e', message: "unknown event type 'x.y'" } },
  { name: 'event name missing', trace: withLine(10, drop('e')), error: { line: 10, field: 'e', message: 'missing (expected string)' } },
  { name: 'time missing', trace: withLine(10, drop('t')), error: { line: 10, field: 't', message: 'missing (expected a non-negative integer (µs))' } },
  { name: 'time negative', trace: withLine(2, set('t', -1)), error: { line: 2, field: 't', message: 'expected a non-negative integer (µs), received -1' } },
  { name: 'time a string', trace: withLine(2, set('t', '0')), error: { line: 2, field: 't', message: 'expected a non-negative integer (µs), received string' } },
  { name: 'time goes backwards', trace: withLine(9, set('t', 120)), error: { line: 9, field: 't', message: 'time goes backwards (120 < 600)' } },
  { name: 'blank line inside', trace: withLine(12, ''), error: { line: 12, message: 'blank line inside the trace' } },
  { name: 'second header', trace: withLine(12, JSON.stringify(header)), error: { line: 12, message: 'a second header (the header is line 1 only)' } },
  { name: 'end: event count wrong', trace: withLine(END_LINE, set('events', 3)), error: { line: END_LINE, field: 'events', message: `the end line counts 3 events, the trace has ${sample.length}` } },
  { name: 'end: hash wrong', trace: withLine(END_LINE, set('hash', '0123456789abcdef')), error: { line: END_LINE, field: 'hash', message: `the end line says 0123456789abcdef, the trace hashes to ${good.sink.hash}` } },
  { name: 'end: hash malformed', trace: withLine(END_LINE, set('hash', 'XYZ')), error: { line: END_LINE, field: 'hash', message: 'expected 16 lowercase hex digits' } },
  { name: 'end: time goes backwards', trace: withLine(END_LINE, set('t', 10)), error: { line: END_LINE, field: 't', message: 'time goes backwards (10 < 5000)' } },
  { name: 'end: count missing', trace: withLine(END_LINE, drop('events')), error: { line: END_LINE, field: 'events', message: 'missing (expected number)' } },
  { name: 'line after the end line', trace: text([...good.lines, good.lines[2]!]), error: { line: END_LINE + 1, message: 'nothing may follow the end line' } },
  { name: 'edited event (hash no longer matches)', trace: withLine(4, set('key', 'tock')), error: { line: END_LINE, field: 'hash', message: expect.stringMatching(/^the end line says [0-9a-f]{16}, the trace hashes to /) as unknown as string } },
];

describe('readTrace: malformed traces', () => {
  it.each(cases)('$name', ({ trace, error }) => {
    const r = readTrace(trace);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual(error);
    // The streaming validator reports exactly the same error.
    const val = new TraceLineValidator();
    const lines = trace.split('\n');
    const found = lines.map((l) => val.push(l)).find((e) => e) ?? val.finish();
    expect(found).toEqual(r.error);
  });

  it('formats errors as "line N: field "f": message"', () => {
    expect(formatTraceError({ line: 17, field: 'to', message: 'expected number, received string' }))
      .toBe('line 17: field "to": expected number, received string');
    expect(formatTraceError({ line: 3, message: 'not valid JSON: x' })).toBe('line 3: not valid JSON: x');
    const r = readTrace(withLine(9, set('t', 120)));
    expect(!r.ok && formatTraceError(r.error)).toBe('line 9: field "t": time goes backwards (120 < 600)');
  });

  it('detects a hash mismatch even when every line is valid on its own', () => {
    const lines = [...good.lines];
    [lines[1], lines[2]] = [lines[2]!, lines[1]!]; // swap two events at the same time (t=0)
    const r = readTrace(text(lines));
    expect(!r.ok && r.error.line).toBe(END_LINE);
    expect(!r.ok && r.error.field).toBe('hash');
  });
});
