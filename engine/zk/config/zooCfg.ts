// parseZooCfg: zoo.cfg text → a typed EnsembleConfig, or every problem found, each with
// its line. Pass 1 (here) reads line by line like java.util.Properties as QuorumPeerConfig
// uses it — '#'/'!' comment lines, `key=value` with whitespace trimmed, no inline comments —
// and parses each value on its own. Pass 2 (ensembleChecks.ts) checks what needs the whole
// file: groups vs servers, ports, quorum feasibility, initLimit/syncLimit, defaults.
// Deliberate differences from Properties: `key value` / `key:value` lines and duplicate keys
// are errors (ZooKeeper silently keeps the last duplicate); unknown keys go to `extra`,
// as ZooKeeper turns them into "zookeeper."+key system properties.
import { SETTING_BY_KEY, SETTING_KEYS, UNSUPPORTED_KEYS } from './keys.ts';
import { finishEnsemble, type ZooCfgScan } from './ensembleChecks.ts';
import { parseServerValue } from './serverLine.ts';
import { SID_MAX } from './defaults.ts';
import type { ParseResult } from './types.ts';

export function parseZooCfg(text: string): ParseResult {
  const scan: ZooCfgScan = {
    settings: {}, settingLines: new Map(), failedFields: new Set(),
    servers: new Map(), badServers: new Map(), groups: new Map(), weights: new Map(),
    hierarchicalLine: undefined, hierarchyBroken: false, extra: {}, errors: [], warnings: [],
  };
  const keyLines = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) return;
    const eq = raw.indexOf('=');
    if (eq < 0) {
      scan.errors.push({ line, message: `expected key=value but found no '=' in '${trimmed}'` });
      return;
    }
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (key === '') {
      scan.errors.push({ line, message: `missing key before '=' in '${trimmed}'` });
      return;
    }
    const first = keyLines.get(key);
    if (first !== undefined) {
      scan.errors.push({ line, message: `duplicate key '${key}' (first set on line ${first}; ZooKeeper would silently keep the last value)` });
      return;
    }
    keyLines.set(key, line);
    readEntry(scan, key, value, line);
  });
  return finishEnsemble(scan);
}

function readEntry(scan: ZooCfgScan, key: string, value: string, line: number): void {
  const error = (message: string) => { scan.errors.push({ line, message }); };
  const setting = SETTING_BY_KEY.get(key);
  if (setting) {
    const warn = (message: string) => { scan.warnings.push({ line, message }); };
    const why = setting.apply(scan.settings, value, warn);
    if (why !== undefined) {
      error(why);
      scan.failedFields.add(setting.field);
    }
    scan.settingLines.set(setting.field, line);
    return;
  }
  const unsupported = UNSUPPORTED_KEYS.get(key);
  if (unsupported) return error(unsupported);
  if (key.startsWith('server.')) return readServer(scan, key, value, line);
  // ZK 3.8: QuorumPeerConfig.parseDynamicConfig — any key starting with "group" or
  // "weight" switches the ensemble to QuorumHierarchical.
  if (key.startsWith('group') || key.startsWith('weight')) {
    scan.hierarchicalLine ??= line;
    const before = scan.errors.length;
    if (key.startsWith('group')) readGroup(scan, key, value, line);
    else readWeight(scan, key, value, line);
    if (scan.errors.length > before) scan.hierarchyBroken = true;
    return;
  }
  scan.extra[key] = value;
  // ZooKeeper keeps it quietly as a system property (some are read, e.g.
  // fastleader.maxNotificationInterval); zksim models none of those, so it says so.
  const near = nearKnownKey(key);
  scan.warnings.push({
    line,
    message: near !== undefined
      ? `unknown key '${key}' kept as system property zookeeper.${key}; did you mean '${near}'? (keys are case-sensitive)`
      : `key '${key}' becomes system property zookeeper.${key} in ZooKeeper; zksim does not model it and ignores it`,
  });
}

/** A sid, gid or similar id: decimal digits only. */
function parseId(raw: string): number | undefined {
  return /^\d+$/.test(raw) && Number(raw) <= Number.MAX_SAFE_INTEGER ? Number(raw) : undefined;
}

function readServer(scan: ZooCfgScan, key: string, value: string, line: number): void {
  const error = (message: string) => { scan.errors.push({ line, message }); };
  const idRaw = key.slice('server.'.length);
  const sid = parseId(idRaw);
  if (sid === undefined) return error(`${key}: server id '${idRaw}' is not a non-negative integer`);
  const earlier = scan.servers.get(sid)?.line ?? scan.badServers.get(sid);
  if (earlier !== undefined) return error(`${key}: duplicate server id ${sid} (already defined on line ${earlier})`);
  if (sid < 1 || sid > SID_MAX) {
    scan.badServers.set(sid, line);
    return error(sid === 0
      ? `${key}: server id 0 is out of range 1..${SID_MAX} (zookeeperAdmin: myid "should have a value between 1 and 255"; `
        + 'ZooKeeper\'s code does not enforce the lower bound, zksim does)'
      : `${key}: server id ${sid} is out of range 1..${SID_MAX}: the sid is the top byte of every session id `
        + '(SessionTrackerImpl.initializeNextSessionId), so larger ids collide; ZooKeeper itself only rejects '
        + 'ids above 254, and only with extendedTypesEnabled (ZOOKEEPER-2901)');
  }
  const r = parseServerValue(sid, value);
  if (!r.ok) {
    scan.badServers.set(sid, line);
    return error(r.message);
  }
  scan.servers.set(sid, { value: r.server, line });
}

function readGroup(scan: ZooCfgScan, key: string, value: string, line: number): void {
  const error = (message: string) => { scan.errors.push({ line, message }); };
  const m = /^group\.(.*)$/.exec(key);
  const gid = m ? parseId(m[1]!) : undefined;
  if (gid === undefined) return error(`'${key}' is not of the form group.<gid> with a non-negative integer gid`);
  const earlier = scan.groups.get(gid);
  if (earlier) return error(`${key}: duplicate group id ${gid} (already defined on line ${earlier.line})`);
  // ZK 3.8: QuorumHierarchical.parse — value.split(":") and Long.parseLong each part.
  const members: number[] = [];
  let ok = true;
  for (const part of value.split(':')) {
    const sid = parseId(part);
    if (sid === undefined) {
      error(`${key}=${value}: '${part}' is not a server id (expected sid:sid:...)`);
      ok = false;
    } else if (members.includes(sid)) {
      error(`${key}=${value}: server ${sid} is listed twice`);
      ok = false;
    } else {
      members.push(sid);
    }
  }
  if (ok) scan.groups.set(gid, { value: members, line });
}

function readWeight(scan: ZooCfgScan, key: string, value: string, line: number): void {
  const error = (message: string) => { scan.errors.push({ line, message }); };
  const m = /^weight\.(.*)$/.exec(key);
  const sid = m ? parseId(m[1]!) : undefined;
  if (sid === undefined) return error(`'${key}' is not of the form weight.<sid> with a non-negative integer sid`);
  const earlier = scan.weights.get(sid);
  if (earlier) return error(`${key}: duplicate weight for server ${sid} (already set on line ${earlier.line})`);
  if (!/^[+-]?\d+$/.test(value)) return error(`${key}: weight '${value}' is not an integer`);
  const w = Number(value);
  if (w < 0) {
    return error(`${key}: weight ${value} is negative; ZooKeeper accepts it, but negative weights `
      + 'can make two disjoint sets both quorums');
  }
  if (w > 2_147_483_647) return error(`${key}: weight ${value} is too large`);
  scan.weights.set(sid, { value: w, line });
}

const KNOWN_KEYS: readonly string[] = SETTING_KEYS.map((s) => s.key);

/** A known key that `key` is probably a typo of: same letters ignoring case, or one edit away. */
function nearKnownKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  return KNOWN_KEYS.find((k) => k.toLowerCase() === lower)
    ?? (key.length >= 6 ? KNOWN_KEYS.find((k) => withinOneEdit(k, key)) : undefined);
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const [ra, rb] = [a.slice(i), b.slice(i)];
  const swapped = ra.slice(2) === rb.slice(2) && ra[0] === rb[1] && ra[1] === rb[0];
  return ra.slice(1) === rb.slice(1) || ra === rb.slice(1) || ra.slice(1) === rb || swapped;
}
