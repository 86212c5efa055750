// formatZooCfg: renders the classic example as a person would write it, and round-trips:
// parseZooCfg(formatZooCfg(c)) gives back c, for worked examples and for random valid
// ensembles (fast-check), and formatting is idempotent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultSettings, formatZooCfg, parseZooCfg, type EnsembleConfig, type GroupSpec, type ServerSpec,
} from '../../../engine/zk/config/index.ts';

function roundTrip(c: EnsembleConfig): EnsembleConfig {
  const text = formatZooCfg(c);
  const r = parseZooCfg(text);
  if (!r.ok) throw new Error(`formatted config does not parse:\n${text}\n${JSON.stringify(r.errors)}`);
  expect(formatZooCfg(r.config)).toBe(text);
  return r.config;
}

const CLASSIC = [
  'tickTime=2000', 'initLimit=10', 'syncLimit=5', 'dataDir=/var/lib/zookeeper', 'clientPort=2181',
  'server.1=zoo1:2888:3888', 'server.2=zoo2:2888:3888', 'server.3=zoo3:2888:3888',
].join('\n');

describe('formatZooCfg', () => {
  it('writes the classic example back as it was written, with an optional header', () => {
    const r = parseZooCfg(CLASSIC);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatZooCfg(r.config)).toBe(`${CLASSIC}\n`);
    expect(formatZooCfg(r.config, { header: ['exported by zksim', ''] })).toBe(`# exported by zksim\n#\n${CLASSIC}\n`);
  });

  it('round-trips observers, client addresses, groups, weights, non-defaults and extra keys', () => {
    const text = `tickTime=2000
initLimit=10
syncLimit=5
dataDir=/data
dataLogDir=/log
minSessionTimeout=3000
skipACL=yes
4lw.commands.whitelist=*
peerType=observer
server.1=zoo1:2888:3888;2181
server.2=[::1]:2888:3888;[::1]:2182
server.3=zoo3:2888:3888:observer;10.0.0.3:2181
server.4=zoo4:2888:3888
server.5=zoo5:2888:3888
group.7=1:2
group.8=4:5
weight.2=3
weight.5=0
jute.maxbuffer=1048576
`;
    const r = parseZooCfg(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const out = formatZooCfg(r.config);
    expect(out).toContain('server.2=[::1]:2888:3888;[::1]:2182\n');
    expect(out).toContain('server.1=zoo1:2888:3888;2181\n');
    expect(out).toContain('weight.2=3\nweight.5=0\n');
    expect(out).not.toContain('weight.1=');
    expect(roundTrip(r.config)).toEqual(r.config);
  });

  it('refuses configs it could not write faithfully', () => {
    const r = parseZooCfg(CLASSIC);
    if (!r.ok) throw new Error('classic must parse');
    expect(() => formatZooCfg({ ...r.config, weights: { 1: 2, 2: 1, 3: 1 } })).toThrow(/without groups/);
    expect(() => formatZooCfg({ ...r.config, extra: { tickTime: '1' } })).toThrow(/extra key/);
    expect(() => formatZooCfg({ ...r.config, extra: { 'weight.1': '1' } })).toThrow(/extra key/);
    expect(() => formatZooCfg({ ...r.config, dataDir: '/a\nserver.9=x:1:2' })).toThrow(/line break/);
  });

  const settingsArb = fc.record({
    tickTime: fc.integer({ min: 1, max: 10_000 }),
    initLimit: fc.integer({ min: 1, max: 50 }),
    syncLimit: fc.integer({ min: 1, max: 50 }),
    dataDir: fc.constantFrom('/var/lib/zookeeper', '/data', 'C:/zk'),
    dataLogDir: fc.option(fc.constantFrom('/log', '/data'), { nil: undefined }),
    sessionFactor: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 5, max: 40 })), { nil: undefined }),
    snapCount: fc.integer({ min: 2, max: 200_000 }),
    commitLogCount: fc.integer({ min: 500, max: 5000 }),
    clientPort: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
    maxClientCnxns: fc.integer({ min: 0, max: 100 }),
    flags: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    words: fc.subarray(['stat', 'ruok', 'conf', 'mntr', '*']),
    peerType: fc.option(fc.constantFrom('participant' as const, 'observer' as const), { nil: undefined }),
    extra: fc.dictionary(fc.constantFrom('jute.maxbuffer', 'sslQuorum', 'snapSizeLimitInKb', 'x.y'), fc.constantFrom('0', 'true', 'v a l')),
  });

  const membersArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 2, maxLength: 8 })
    .chain((sids) => fc.record({
      sids: fc.constant(sids),
      observer: fc.array(fc.boolean(), { minLength: sids.length, maxLength: sids.length }),
      client: fc.array(fc.option(fc.integer({ min: 1024, max: 1100 }), { nil: undefined }), { minLength: sids.length, maxLength: sids.length }),
      groupOf: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: sids.length, maxLength: sids.length }), { nil: undefined }),
      weight: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: sids.length, maxLength: sids.length }),
    }));

  type Arb<A> = A extends fc.Arbitrary<infer T> ? T : never;

  /** A valid EnsembleConfig from the drawn parts, or undefined if they make no valid ensemble. */
  function build(s: Arb<typeof settingsArb>, m: Arb<typeof membersArb>): EnsembleConfig | undefined {
    const servers: ServerSpec[] = m.sids.map((sid, i) => ({
      sid, host: i % 3 === 2 ? `fd00::${sid.toString(16)}` : `zoo${sid}`, quorumPort: 2888, electionPort: 3888,
      type: i > 0 && m.observer[i] ? 'observer' : 'participant',
      ...(m.client[i] !== undefined ? { clientAddress: { host: i % 2 ? '0.0.0.0' : `zoo${sid}`, port: m.client[i]! } } : {}),
    }));
    servers.sort((a, b) => a.sid - b.sid);
    const voters = servers.filter((x) => x.type === 'participant').map((x) => x.sid);
    const weights: Record<number, number> = {};
    let groups: GroupSpec[] | undefined;
    const [f0, f1, f2, f3, f4, f5, f6, f7] = s.flags;
    const standaloneEnabled = f5!;
    // QuorumPeerConfig.parseDynamicConfig: one participant in standalone mode cannot have observers.
    if (voters.length === 1 && standaloneEnabled && servers.length > 1) return undefined;
    const groupOf = m.groupOf;
    if (groupOf) {
      const byGid = new Map<number, number[]>();
      m.sids.forEach((sid, i) => {
        if (!voters.includes(sid)) return;
        byGid.set(groupOf[i]!, [...(byGid.get(groupOf[i]!) ?? []), sid].sort((a, b) => a - b));
        weights[sid] = m.weight[i]!;
      });
      groups = [...byGid].map(([gid, members]) => ({ gid, members })).sort((a, b) => a.gid - b.gid);
      if (groups.every((g) => g.members.every((sid) => weights[sid] === 0))) return undefined;
    } else {
      for (const sid of voters) weights[sid] = 1;
    }
    const base = defaultSettings(s.tickTime);
    return {
      ...base,
      tickTime: s.tickTime, initLimit: s.initLimit, syncLimit: s.syncLimit,
      dataDir: s.dataDir, dataLogDir: s.dataLogDir ?? s.dataDir,
      ...(s.sessionFactor ? { minSessionTimeout: s.sessionFactor[0] * s.tickTime, maxSessionTimeout: s.sessionFactor[1] * s.tickTime } : {}),
      snapCount: s.snapCount, commitLogCount: s.commitLogCount, maxClientCnxns: s.maxClientCnxns,
      ...(s.clientPort !== undefined ? { clientPort: s.clientPort } : {}),
      syncEnabled: f0!, localSessionsEnabled: f1!, skipACL: f2!, leaderServes: f3!, adminEnableServer: f4!,
      standaloneEnabled, reconfigEnabled: f6!, quorumListenOnAllIPs: f7!,
      fourLetterWordWhitelist: s.words,
      ...(s.peerType ? { peerType: s.peerType } : {}),
      servers, ...(groups ? { groups } : {}), weights, extra: s.extra,
    };
  }

  it('parse(format(c)) = c for random valid ensembles (property)', () => {
    fc.assert(
      fc.property(fc.tuple(settingsArb, membersArb).map(([s, m]) => build(s, m)).filter((c) => c !== undefined), (c) => {
        expect(roundTrip(c)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });
});
