// parseZooCfg on good files: the classic three-server ensemble, observers, a hierarchical
// nine-server ensemble, the 3.5+ client-address syntax, ZooKeeper's defaults and clamps,
// extra keys, the warnings ZooKeeper would log, and the verifier each config implies.
import { describe, expect, it } from 'vitest';
import {
  defaultSettings, enabledFourLetterWords, isDistributed, parseZooCfg, verifierFor,
  type EnsembleConfig, type ParseResult,
} from '../../../engine/zk/config/index.ts';

function ok(r: ParseResult): EnsembleConfig {
  if (!r.ok) throw new Error(`expected a valid config, got:\n${r.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
  return r.config;
}

const CLASSIC = `# The classic three-server example (ZooKeeper Getting Started)
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
server.1=zoo1:2888:3888
server.2=zoo2:2888:3888
server.3=zoo3:2888:3888
`;

describe('parseZooCfg: good files', () => {
  it('the classic three-server example', () => {
    const r = parseZooCfg(CLASSIC);
    expect(r.warnings).toEqual([]);
    const c = ok(r);
    expect(c).toEqual({
      ...defaultSettings(2000),
      tickTime: 2000, initLimit: 10, syncLimit: 5,
      minSessionTimeout: 4000, maxSessionTimeout: 40000,
      dataDir: '/var/lib/zookeeper', dataLogDir: '/var/lib/zookeeper', clientPort: 2181,
      servers: [
        { sid: 1, host: 'zoo1', quorumPort: 2888, electionPort: 3888, type: 'participant' },
        { sid: 2, host: 'zoo2', quorumPort: 2888, electionPort: 3888, type: 'participant' },
        { sid: 3, host: 'zoo3', quorumPort: 2888, electionPort: 3888, type: 'participant' },
      ],
      weights: { 1: 1, 2: 1, 3: 1 },
      extra: {},
    });
    expect(c.groups).toBeUndefined();
    expect(isDistributed(c)).toBe(true);
    expect(verifierFor(c).describe()).toEqual({ kind: 'majority', voters: [1, 2, 3], observers: [], quorumSize: 2, toleratedFailures: 1 });
  });

  it("ZooKeeper's defaults where the file is silent", () => {
    const c = ok(parseZooCfg('dataDir=/d\nserver.1=a:1:2\n'));
    expect(c).toMatchObject({
      tickTime: 3000, // ZooKeeperServer.DEFAULT_TICK_TIME, not zoo_sample's 2000
      initLimit: 0, syncLimit: 0, // not set; allowed because one participant runs standalone
      minSessionTimeout: 6000, maxSessionTimeout: 60000,
      connectToLearnerMasterLimit: 0, cnxTimeout: 5000,
      dataLogDir: '/d', snapCount: 100000, commitLogCount: 500, preAllocSize: 65536,
      snapRetainCount: 3, purgeInterval: 0, syncEnabled: true,
      maxClientCnxns: 60, globalOutstandingLimit: 1000,
      localSessionsEnabled: false, localSessionsUpgradingEnabled: false, readOnlyModeEnabled: false,
      skipACL: false, leaderServes: true, fourLetterWordWhitelist: [], adminEnableServer: true, adminServerPort: 8080,
      electionAlg: 3, standaloneEnabled: true, reconfigEnabled: false, quorumListenOnAllIPs: false,
    });
    expect(c.clientPort).toBeUndefined();
    expect(c.peerType).toBeUndefined();
    expect(isDistributed(c)).toBe(false);
    expect(enabledFourLetterWords(c)).toEqual(['srvr']);
  });

  it('an observer: server.4=...:observer plus peerType=observer', () => {
    const r = parseZooCfg(`${CLASSIC}peerType=observer\nserver.4=zoo4:2888:3888:observer\n`);
    expect(r.warnings).toEqual([]);
    const c = ok(r);
    expect(c.peerType).toBe('observer');
    expect(c.servers[3]).toEqual({ sid: 4, host: 'zoo4', quorumPort: 2888, electionPort: 3888, type: 'observer' });
    expect(c.weights).toEqual({ 1: 1, 2: 1, 3: 1 });
    const qv = verifierFor(c);
    expect(qv.describe()).toEqual({ kind: 'majority', voters: [1, 2, 3], observers: [4], quorumSize: 2, toleratedFailures: 1 });
    expect(qv.containsQuorum([1, 4])).toBe(false);
  });

  it('a hierarchical nine-server ensemble in three groups', () => {
    const servers = Array.from({ length: 9 }, (_, i) => `server.${i + 1}=zoo${i + 1}:2888:3888`).join('\n');
    const c = ok(parseZooCfg(`tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\n${servers}
group.1=1:2:3
group.2=4:5:6
group.3=9:8:7
weight.1=2
weight.9=0
`));
    expect(c.groups).toEqual([{ gid: 1, members: [1, 2, 3] }, { gid: 2, members: [4, 5, 6] }, { gid: 3, members: [7, 8, 9] }]);
    expect(c.weights).toEqual({ 1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 0 });
    const qv = verifierFor(c);
    expect(qv.kind).toBe('hierarchical');
    // Group 1 weighs 2+1+1 = 4 and needs more than 2; group 3 weighs 1+1+0 = 2 and needs more than 1.
    expect(qv.containsQuorum([1, 4, 5])).toBe(false); // server 1 alone is exactly half of group 1
    expect(qv.containsQuorum([1, 2, 4, 5])).toBe(true);
    expect(qv.containsQuorum([2, 3, 7, 8])).toBe(false); // only group 3 agrees
    expect(qv.containsQuorum([7, 8, 4, 5])).toBe(true);
    expect(qv.containsQuorum([7, 9, 4, 5])).toBe(false); // server 9 weighs 0
    expect(qv.weight(9)).toBe(0);
  });

  it('the 3.5+ client address, IPv6 hosts and Java-style leniency of server lines', () => {
    const c = ok(parseZooCfg(`tickTime=2000
initLimit=10
syncLimit=5
dataDir=/data
server.1=10.0.0.1:2888:3888:participant;2181
server.2=[fe80::1]:2888:3888;[fe80::1]:2181
server.3 = zoo3:2888:3888:OBSERVER;0.0.0.0:2181
server.4=zoo4:2888:3888:
`));
    expect(c.servers).toEqual([
      { sid: 1, host: '10.0.0.1', quorumPort: 2888, electionPort: 3888, type: 'participant', clientAddress: { host: '0.0.0.0', port: 2181 } },
      { sid: 2, host: 'fe80::1', quorumPort: 2888, electionPort: 3888, type: 'participant', clientAddress: { host: 'fe80::1', port: 2181 } },
      { sid: 3, host: 'zoo3', quorumPort: 2888, electionPort: 3888, type: 'observer', clientAddress: { host: '0.0.0.0', port: 2181 } },
      // Java's split(":") drops the trailing empty part, so ZooKeeper accepts this line.
      { sid: 4, host: 'zoo4', quorumPort: 2888, electionPort: 3888, type: 'participant' },
    ]);
  });

  it('servers come out sorted by sid whatever the file order; CRLF, BOM and ! comments are fine', () => {
    const c = ok(parseZooCfg('\uFEFF! a comment\r\ndataDir=/d\r\ninitLimit=5\r\nsyncLimit=2\r\nserver.3=c:1:2\r\nserver.1=a:1:2\r\nserver.2=b:1:2\r\n'));
    expect(c.servers.map((s) => s.sid)).toEqual([1, 2, 3]);
  });

  it('every modelled key, typed', () => {
    const c = ok(parseZooCfg(`tickTime=1000
initLimit=20
syncLimit=10
connectToLearnerMasterLimit=30
minSessionTimeout=1500
maxSessionTimeout=90000
cnxTimeout=2500
dataDir=/data
dataLogDir=/log
snapCount=5000
commitLogCount=1000
preAllocSize=1024
autopurge.snapRetainCount=5
autopurge.purgeInterval=24
syncEnabled=false
clientPort=2181
clientPortAddress=127.0.0.1
secureClientPort=2281
secureClientPortAddress=127.0.0.1
maxClientCnxns=0
globalOutstandingLimit=2000
localSessionsEnabled=TRUE
localSessionsUpgradingEnabled=true
skipACL=yes
leaderServes=no
4lw.commands.whitelist=stat, ruok,, conf
admin.enableServer=false
admin.serverPort=9090
electionAlg=3
peerType=Participant
standaloneEnabled=false
reconfigEnabled=true
quorumListenOnAllIPs=true
server.1=a:2888:3888
`));
    expect(c).toMatchObject({
      tickTime: 1000, initLimit: 20, syncLimit: 10, connectToLearnerMasterLimit: 30,
      minSessionTimeout: 1500, maxSessionTimeout: 90000, cnxTimeout: 2500,
      dataDir: '/data', dataLogDir: '/log', snapCount: 5000, commitLogCount: 1000, preAllocSize: 1024,
      snapRetainCount: 5, purgeInterval: 24, syncEnabled: false,
      clientPort: 2181, clientPortAddress: '127.0.0.1', secureClientPort: 2281, secureClientPortAddress: '127.0.0.1',
      maxClientCnxns: 0, globalOutstandingLimit: 2000, localSessionsEnabled: true, localSessionsUpgradingEnabled: true,
      skipACL: true, leaderServes: false, fourLetterWordWhitelist: ['stat', 'ruok', 'conf'],
      adminEnableServer: false, adminServerPort: 9090, electionAlg: 3, peerType: 'participant',
      standaloneEnabled: false, reconfigEnabled: true, quorumListenOnAllIPs: true,
    });
    // standaloneEnabled=false makes even one participant a quorum peer (isDistributed).
    expect(isDistributed(c)).toBe(true);
    expect(enabledFourLetterWords(c)).toEqual(['conf', 'ruok', 'srvr', 'stat']);
  });

  it('unknown keys go to extra, as ZooKeeper makes them zookeeper.* system properties, each with a warning that zksim ignores it', () => {
    const r = parseZooCfg(`${CLASSIC}jute.maxbuffer=4194304\nsnapSizeLimitInKb=0\nmetricsProvider.className=x.Y\nsslQuorum=false\n`);
    expect(r.warnings.map((w) => w.line)).toEqual([10, 11, 12, 13]);
    expect(r.warnings[0]!.message).toBe("key 'jute.maxbuffer' becomes system property zookeeper.jute.maxbuffer in ZooKeeper; zksim does not model it and ignores it");
    expect(ok(r).extra).toEqual({ 'jute.maxbuffer': '4194304', snapSizeLimitInKb: '0', 'metricsProvider.className': 'x.Y', sslQuorum: 'false' });
  });

  it('warns about unknown keys that look like typos of known ones', () => {
    const r = parseZooCfg(`${CLASSIC}ticktime=3000\nsnapCont=10\n`);
    expect(ok(r).extra).toEqual({ ticktime: '3000', snapCont: '10' });
    expect(r.warnings).toEqual([
      { line: 10, message: expect.stringContaining("did you mean 'tickTime'") },
      { line: 11, message: expect.stringContaining("did you mean 'snapCount'") },
    ]);
  });

  it('raises small values the way ZooKeeper does, with a warning', () => {
    const r = parseZooCfg(`${CLASSIC}snapCount=1\ncommitLogCount=100\nautopurge.snapRetainCount=1\n`);
    expect(ok(r)).toMatchObject({ snapCount: 2, commitLogCount: 500, snapRetainCount: 3 });
    expect(r.warnings.map((w) => w.line)).toEqual([10, 11, 12]);
    expect(r.warnings[1]!.message).toContain('ZooKeeper uses 500');
  });

  it('logs what ZooKeeper logs: even or tiny ensembles, a lone participant, peerType mismatch, readonlymode', () => {
    const four = parseZooCfg(`${CLASSIC}server.4=zoo4:2888:3888\n`);
    expect(four.warnings).toEqual([{ line: 0, message: expect.stringContaining('4 participants: non-optimal') }]);
    const two = parseZooCfg('dataDir=/d\ninitLimit=1\nsyncLimit=1\nserver.1=a:1:2\nserver.2=b:1:2\n');
    expect(two.warnings).toEqual([{ line: 0, message: expect.stringContaining('no server failure will be tolerated') }]);
    const one = parseZooCfg('dataDir=/d\nserver.1=a:1:2\n');
    expect(one.warnings).toEqual([{ line: 0, message: expect.stringContaining('standalone') }]);
    const peer = parseZooCfg(`${CLASSIC}peerType=observer\n`);
    expect(peer.ok).toBe(true);
    expect(peer.warnings).toEqual([{ line: 10, message: expect.stringContaining('setupPeerType') }]);
    const ro = parseZooCfg(`${CLASSIC}readonlymode.enabled=true\n`);
    expect(ok(ro).readOnlyModeEnabled).toBe(true);
    expect(enabledFourLetterWords(ok(ro))).toEqual(['srvr', 'isro']);
    expect(ro.warnings).toEqual([{ line: 10, message: expect.stringContaining('JVM system property') }]);
  });

  it('a hierarchical config with a weight-0 group, as in ZooKeeper\'s HierarchicalQuorumTest', () => {
    const r = parseZooCfg(`tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/d
group.1=1:2:3
group.2=4:5
weight.1=1
weight.2=1
weight.3=1
weight.4=0
weight.5=0
server.1=h1:1:2
server.2=h2:1:2
server.3=h3:1:2
server.4=h4:1:2
server.5=h5:1:2
`);
    expect(r.warnings).toEqual([{ line: 6, message: expect.stringContaining('group.2 has total weight 0') }]);
    const qv = verifierFor(ok(r));
    expect(qv.containsQuorum([1, 2])).toBe(true);
    expect(qv.containsQuorum([3, 4, 5])).toBe(false);
  });

  it('a 2,1,1,1-weighted group turns a four-server 2–2 split into a win for the heavy side', () => {
    const c = ok(parseZooCfg(`${CLASSIC}server.4=zoo4:2888:3888\ngroup.1=1:2:3:4\nweight.1=2\n`));
    const qv = verifierFor(c);
    expect(qv.containsQuorum([1, 2])).toBe(true);
    expect(qv.containsQuorum([3, 4])).toBe(false);
    expect(qv.describe()).toMatchObject({ toleratedFailures: 1 });
  });
});
