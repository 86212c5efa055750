// The zksim command as a user runs it: a fresh Node process per call.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'zksim-cli-'));

describe('zksim run', () => {
  it('startup-3 --seed 1 --json reports leader 3 and every server', () => {
    const r = zksim(['run', 'startup-3', '--seed', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ scenario: 'startup-3', seed: '1', leader: 3, violations: [] });
    for (const key of ['simulatedMs', 'events', 'traceHash', 'electionMs']) expect(s).toHaveProperty(key);
    expect(s.electionMs).toBeGreaterThan(0);
    expect(s.servers.map((x: { sid: number; state: string }) => [x.sid, x.state])).toEqual([[1, 'FOLLOWING'], [2, 'FOLLOWING'], [3, 'LEADING']]);
    expect(s.servers[2]).toMatchObject({ currentEpoch: 1, lastZxid: '0x0' });
  });

  it('split-2-2-of-4 reports no leader', () => {
    const r = zksim(['run', 'split-2-2-of-4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).leader).toBeNull();
  });

  it('the same seed writes the same trace file twice, and check accepts it', () => {
    const a = join(tmp, 'a.ndjson'), b = join(tmp, 'b.ndjson');
    expect(zksim(['run', 'leader-crash-3', '--seed', '4', '--trace', a]).code).toBe(0);
    expect(zksim(['run', 'leader-crash-3', '--seed', '4', '--trace', b]).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const c = zksim(['check', a]);
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(c.stdout).toMatch(/valid zksim trace/);
    expect(c.stdout).not.toMatch(/no end line/);
    // Cut at a line break: still valid by the format, and check says what is missing.
    const cut = join(tmp, 'cut.ndjson');
    writeFileSync(cut, readFileSync(a, 'utf8').split('\n').slice(0, 40).join('\n') + '\n');
    const d = zksim(['check', cut]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/39 events, .*no end line: the run was cut short or the file is incomplete/);
  });

  it('check names the first bad line and field of a corrupted trace', () => {
    const a = join(tmp, 'c.ndjson');
    zksim(['run', 'startup-3', '--seed', '2', '--trace', a]);
    const lines = readFileSync(a, 'utf8').split('\n');
    lines[6] = lines[6]!.replace(/"t":\d+/, '"t":"soon"');
    writeFileSync(a, lines.join('\n'));
    const c = zksim(['check', a]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/line 7: field "t"/);
  });

  it('runs the ensemble of a zoo.cfg', () => {
    const cfg = join(tmp, 'zoo.cfg');
    writeFileSync(cfg, 'tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\nclientPort=2181\n' +
      'server.1=zoo1:2888:3888\nserver.2=zoo2:2888:3888\nserver.3=zoo3:2888:3888\n');
    const r = zksim(['run', '--config', cfg, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ scenario: 'zoo.cfg', leader: 3 });
  });
});

describe('bad input exits 2 with a message naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['run', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
    [['run', 'startup-3', '--seed', 'abc'], /bad --seed "abc"/],
    [['run', 'startup-3', '--seed', '-1'], /bad --seed/],
    [['run', 'startup-3', '--until', 'forever'], /bad --until: not a duration: "forever"/],
    [['run', 'startup-3', '--faults', '[{"at":5,"fault":{"kind":"crash","node":9}}]'], /entry 0: .*node 9 is not in the ensemble/],
    [['run', 'startup-3', '--faults', '[{"at":5,"fault":{"kind":"explode"}}]'], /fault schedule entry 0: fault.kind/],
    [['run', '--config', '/no/such/zoo.cfg'], /no such zoo.cfg/],
    [['run', '--config', '/tmp'], /cannot read the zoo.cfg \/tmp: it is a directory/],
    [['check', '/no/such/trace.ndjson'], /cannot read the trace \/no\/such\/trace.ndjson: no such file or directory/],
    [['check', '/tmp'], /cannot read the trace \/tmp: not a regular file/],
    [['run', 'startup-3', '--trace', '/no/such/dir/a.ndjson'], /cannot write the trace to \/no\/such\/dir\/a.ndjson: no such file or directory/],
    [['run', 'startup-3', '--trace', '/tmp'], /cannot write the trace to \/tmp: it is a directory/],
    [['run', 'startup-3', '--trace', ''], /bad --trace: give the path/],
    [['run', 'startup-3', '--seed', '99999999999999999999'], /bad --seed "99999999999999999999": too large/],
    [['frobnicate'], /unknown command/],
  ];
  it.each(cases)('zksim %j', (args, message) => {
    const r = zksim(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('zoo.cfg warnings go to stderr and the run goes on; errors about the whole file carry no line number', () => {
    const one = join(tmp, 'one.cfg');
    writeFileSync(one, 'tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/d\njute.maxbuffer=1\nserver.1=a:2888:3888\n');
    const r = zksim(['run', '--config', one, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ leader: 1 });
    expect(r.stderr).toContain(`${one}: warning: only one participant: ZooKeeper would run it standalone`);
    expect(r.stderr).toContain(`${one}: warning: line 5: key 'jute.maxbuffer' becomes system property`);
    const none = join(tmp, 'none.cfg');
    writeFileSync(none, 'tickTime=2000\ninitLimit=10\nsyncLimit=5\n');
    const bad = zksim(['run', '--config', none]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\s+dataDir is not set/m);
    expect(bad.stderr).not.toMatch(/line 0/);
  });

  it('a bad zoo.cfg is reported line by line', () => {
    const cfg = join(tmp, 'bad.cfg');
    writeFileSync(cfg, 'tickTime=abc\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nserver.1=a:1:2\nserver.1=b:1:2\n');
    const r = zksim(['run', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: .*tickTime/);
    expect(r.stderr).toMatch(/line 6: /);
  });
});

it('zksim list shows every scenario', () => {
  const r = zksim(['list', '--json']);
  expect(r.code).toBe(0);
  const ids = JSON.parse(r.stdout).map((s: { id: string }) => s.id);
  expect(ids).toEqual(expect.arrayContaining(['startup-3', 'split-2-2-of-4', 'hierarchical-9', 'demo-gossip-5']));
});
