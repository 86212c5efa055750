// The corpus of bad zoo.cfg files in test/fixtures/zoocfg/bad: each file must be refused
// with exactly the listed errors (line + message fragment), so every invalid line is
// reported and none is reported twice. Every fixture must have an entry here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZooCfg } from '../../../engine/zk/config/index.ts';

const dir = new URL('../../fixtures/zoocfg/bad/', import.meta.url);

/** file → [line, fragment of the message][] in line order (line 0 = whole file). */
const EXPECTED: Record<string, [number, string][]> = {
  'no-equals.cfg': [[6, "found no '=' in 'clientPort 2181'"]],
  'bad-numbers.cfg': [
    [2, "tickTime: not an integer (got '2s')"],
    [3, 'initLimit: not an integer'],
    [4, 'syncLimit: must be a positive integer'],
    [6, 'no inline comments'],
    [7, 'maxClientCnxns: must be 0 or more'],
    [8, 'snapCount: must be a positive integer'],
    [9, 'autopurge.purgeInterval: must be 0 or more'],
    [10, 'cnxTimeout: out of range'],
  ],
  'duplicate-key.cfg': [[5, "duplicate key 'tickTime' (first set on line 1"]],
  'duplicate-server-id.cfg': [[8, 'duplicate server id 1 (already defined on line 6)']],
  'sid-out-of-range.cfg': [
    [5, 'server id 0 is out of range 1..255'],
    [8, 'server id 256 is out of range 1..255: the sid is the top byte of every session id'],
    [9, "server id 'x' is not a non-negative integer"],
  ],
  'extended-types-sid.cfg': [[9, 'Cannot be larger than 254 (ZOOKEEPER-2901)']],
  'bad-server-lines.cfg': [
    [5, 'server.1=zoo1:2888: does not have the form host:port:port'],
    [6, "quorum port '28a8' is not a port number"],
    [7, "election port '70000' is not a port number"],
    [8, 'quorum port and election port must be different'],
    [9, 'Unrecognised peertype: witness'],
    [10, 'server.6=zoo6:2888:3888;a:b:c: does not have the form'],
    [11, "multiple addresses ('|') are not supported"],
    [12, "starts with '[' but has no matching ']'"],
    [13, 'server.9=zoo9:2888:3888;2181;2182: does not have the form'],
  ],
  'duplicate-ports.cfg': [
    [8, "LOCALHOST:2888 (its quorum port) is already used by server.1's quorum port (line 6)"],
    [9, "localhost:2182 (its client port) is already used by server.2's client port (line 7)"],
  ],
  'group-overlap.cfg': [[9, 'server 2 is already in group.1: groups must be disjoint']],
  'group-missing-voter.cfg': [[8, 'server.4 is in no group']],
  'group-unknown-server.cfg': [[8, 'server 7 has no server.7 line']],
  'weight-problems.cfg': [
    [10, 'weight -1 is negative'],
    [11, "weight 'heavy' is not an integer"],
    [12, 'server 4 is an observer, which has no vote to weigh'],
    [13, 'weight.9: there is no server.9'],
  ],
  'observer-in-group.cfg': [[10, 'server 4 is an observer; observers have no vote and cannot be in a group']],
  'all-weights-zero.cfg': [[0, 'every group has total weight 0: no quorum can ever form']],
  'weights-without-groups.cfg': [
    [6, 'server.1 is in no group: a group.* or weight.* line (line 9) makes the quorum hierarchical'],
    [7, 'server.2 is in no group'],
    [8, 'server.3 is in no group'],
  ],
  'observers-only.cfg': [[0, 'Observers w/o participants is an invalid configuration']],
  'observers-without-quorum.cfg': [[0, 'Observers w/o quorum is an invalid configuration']],
  'no-servers.cfg': [[0, 'no server.N lines']],
  'election-alg.cfg': [[5, 'Invalid electionAlg value. Only 3 is supported.']],
  'missing-required.cfg': [
    [0, 'dataDir is not set'],
    [0, 'initLimit is not set'],
    [0, 'syncLimit is not set'],
  ],
  'session-timeouts.cfg': [[5, 'minSessionTimeout (60000) must not be larger than maxSessionTimeout (40000)']],
  'bad-flags.cfg': [
    [5, "standaloneEnabled: must be 'true' or 'false' (got 'yes')"],
    [6, "skipACL: must be 'yes' or 'no'"],
    [7, "leaderServes: must be 'yes' or 'no' (got 'No')"],
    [8, 'Unrecognised peertype'],
    [9, "admin.enableServer: must be 'true' or 'false' (got 'FALSE')"],
    [10, "readonlymode.enabled: must be 'true' or 'false'"],
  ],
  'client-address-without-port.cfg': [
    [5, 'clientPortAddress is set but clientPort is not set'],
    [6, 'secureClientPortAddress is set but secureClientPort is not set'],
  ],
  'unsupported-keys.cfg': [
    [5, 'dynamicConfigFile is not supported'],
    [6, 'oraclePath (QuorumOracleMaj'],
  ],
  'bad-group-syntax.cfg': [
    [8, "'group.a' is not of the form group.<gid>"],
    [9, "group.1=1::2: '' is not a server id"],
    [10, "'groups.2' is not of the form group.<gid>"],
    [11, 'server 3 is listed twice'],
    [12, "missing key before '='"],
  ],
};

describe('parseZooCfg: bad files', () => {
  it('every fixture has expectations and every expectation a fixture', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const r = parseZooCfg(readFileSync(new URL(file, dir), 'utf8'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual(expected.map(([line]) => line));
    r.errors.forEach((e, i) => expect(e.message).toContain(expected[i]![1]));
  });
});
