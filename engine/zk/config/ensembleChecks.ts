// Pass 2 of parseZooCfg: the checks that need the whole file, then the EnsembleConfig
// with ZooKeeper's defaults filled in. Mirrors QuorumPeerConfig.parseProperties /
// parseDynamicConfig / checkValidity and QuorumHierarchical.parse, and adds the checks
// zksim needs where ZooKeeper would crash (NullPointerException) or silently misbehave.
// Error cascades are avoided: a value that already failed in pass 1 is not re-checked.
import type { SettingsDraft } from './keys.ts';
import { defaultSettings, DEFAULT_TICK_TIME, EXTENDED_TYPES_SID_MAX } from './defaults.ts';
import type { CfgError, EnsembleConfig, GroupSpec, ParseResult, ServerSpec, ZkSettings } from './types.ts';

export interface Located<T> {
  readonly value: T;
  readonly line: number;
}

/** What pass 1 read. */
export interface ZooCfgScan {
  settings: SettingsDraft;
  settingLines: Map<keyof ZkSettings, number>;
  /** Settings whose value was refused in pass 1. */
  failedFields: Set<keyof ZkSettings>;
  servers: Map<number, Located<ServerSpec>>;
  /** sid → line of server.N lines that were refused (so later checks do not call them unknown). */
  badServers: Map<number, number>;
  groups: Map<number, Located<number[]>>;
  weights: Map<number, Located<number>>;
  /** First line of a group.* or weight.* key: the ensemble is hierarchical. */
  hierarchicalLine: number | undefined;
  /** A group.* or weight.* line was refused in pass 1. */
  hierarchyBroken: boolean;
  extra: Record<string, string>;
  errors: CfgError[];
  warnings: CfgError[];
}

const byLine = (a: CfgError, b: CfgError): number => a.line - b.line;

export function finishEnsemble(scan: ZooCfgScan): ParseResult {
  const settings = checkSettings(scan);
  const servers = [...scan.servers.values()].sort((a, b) => a.value.sid - b.value.sid);
  checkPorts(scan, servers);
  checkSidLimit(scan, servers);
  const voters = servers.filter((s) => s.value.type === 'participant').map((s) => s.value.sid);
  checkMembership(scan, settings, voters, servers.length - voters.length);
  const hierarchy = scan.hierarchicalLine !== undefined ? checkHierarchy(scan, voters) : undefined;
  const errors = scan.errors.sort(byLine);
  const warnings = scan.warnings.sort(byLine);
  if (errors.length > 0) return { ok: false, errors, warnings };

  const weights: Record<number, number> = {};
  for (const sid of voters) weights[sid] = hierarchy?.weights.get(sid) ?? 1;
  const config: EnsembleConfig = {
    ...settings,
    servers: servers.map((s) => s.value),
    ...(hierarchy ? { groups: hierarchy.groups } : {}),
    weights,
    extra: { ...scan.extra },
  };
  return { ok: true, config, warnings };
}

/** Defaults, and the cross-key rules of QuorumPeerConfig.parseProperties. */
function checkSettings(scan: ZooCfgScan): ZkSettings {
  const d = scan.settings;
  const failed = (...fields: (keyof ZkSettings)[]) => fields.some((f) => scan.failedFields.has(f));
  const lineOf = (f: keyof ZkSettings) => scan.settingLines.get(f) ?? 0;
  const base = defaultSettings(d.tickTime ?? DEFAULT_TICK_TIME);
  const settings: ZkSettings = { ...base, ...d, dataLogDir: d.dataLogDir ?? d.dataDir ?? base.dataLogDir };
  if (d.dataDir === undefined && !failed('dataDir')) {
    scan.errors.push({ line: 0, message: 'dataDir is not set (ZooKeeper refuses to start without it)' });
  }
  if (!failed('tickTime', 'minSessionTimeout', 'maxSessionTimeout') && settings.minSessionTimeout > settings.maxSessionTimeout) {
    const line = d.maxSessionTimeout !== undefined ? lineOf('maxSessionTimeout') : lineOf('minSessionTimeout');
    scan.errors.push({
      line,
      message: `minSessionTimeout (${settings.minSessionTimeout}) must not be larger than maxSessionTimeout (${settings.maxSessionTimeout})`
        + (d.minSessionTimeout === undefined || d.maxSessionTimeout === undefined ? '; the unset one defaults to 2×/20× tickTime' : ''),
    });
  }
  for (const [addr, port] of [['clientPortAddress', 'clientPort'], ['secureClientPortAddress', 'secureClientPort']] as const) {
    if (d[addr] !== undefined && d[port] === undefined && !failed(port)) {
      scan.errors.push({ line: lineOf(addr), message: `${addr} is set but ${port} is not set` });
    }
  }
  if (d.peerType === 'observer' && ![...scan.servers.values()].some((s) => s.value.type === 'observer')) {
    scan.warnings.push({
      line: lineOf('peerType'),
      message: "peerType=observer but no server line ends in ':observer'; ZooKeeper goes by the server list "
        + '(QuorumPeerConfig.setupPeerType) and runs this server as a participant',
    });
  }
  return settings;
}

/** Two endpoints of the ensemble on the same host:port cannot both listen. */
function checkPorts(scan: ZooCfgScan, servers: Located<ServerSpec>[]): void {
  const used = new Map<string, string>();
  for (const { value: s, line } of servers) {
    const endpoints: [string, string, number][] = [['quorum port', s.host, s.quorumPort], ['election port', s.host, s.electionPort]];
    if (s.clientAddress) {
      const host = s.clientAddress.host === '0.0.0.0' ? s.host : s.clientAddress.host;
      endpoints.push(['client port', host, s.clientAddress.port]);
    }
    for (const [what, host, port] of endpoints) {
      const k = `${host.toLowerCase()}:${port}`;
      const owner = used.get(k);
      if (owner !== undefined) {
        scan.errors.push({ line, message: `server.${s.sid}: ${host}:${port} (its ${what}) is already used by ${owner}` });
      } else {
        used.set(k, `server.${s.sid}'s ${what} (line ${line})`);
      }
    }
  }
}

/** ZK 3.8: EphemeralType.validateServerId — with extended types the top byte 0xff is reserved. */
function checkSidLimit(scan: ZooCfgScan, servers: Located<ServerSpec>[]): void {
  // Unknown keys become "zookeeper."+key, so extendedTypesEnabled=true in zoo.cfg turns it on.
  if (scan.extra['extendedTypesEnabled']?.toLowerCase() !== 'true') return;
  for (const { value: s, line } of servers) {
    if (s.sid > EXTENDED_TYPES_SID_MAX) {
      scan.errors.push({
        line,
        message: `server.${s.sid}: extendedTypesEnabled is true but Server ID is too large. Cannot be larger than ${EXTENDED_TYPES_SID_MAX} (ZOOKEEPER-2901)`,
      });
    }
  }
}

/** ZK 3.8: QuorumPeerConfig.parseDynamicConfig and checkValidity. */
function checkMembership(scan: ZooCfgScan, settings: ZkSettings, voters: number[], observers: number): void {
  const error = (message: string) => { scan.errors.push({ line: 0, message }); };
  const warn = (message: string) => { scan.warnings.push({ line: 0, message }); };
  if (scan.servers.size === 0) {
    if (scan.badServers.size === 0) {
      error('no server.N lines: zksim simulates an ensemble and needs at least one participant (ZooKeeper would start standalone)');
    }
    return;
  }
  // With a refused server line the counts below are not the file's: say nothing about them.
  const counted = scan.badServers.size === 0;
  if (voters.length === 0) {
    if (counted) {
      error(observers > 0
        ? 'Observers w/o participants is an invalid configuration: no quorum can ever form'
        : 'no participants: no quorum can ever form');
    }
    return;
  }
  if (voters.length === 1 && settings.standaloneEnabled) {
    if (observers > 0 && counted) error('Observers w/o quorum is an invalid configuration (one participant and standaloneEnabled=true)');
    else if (counted) warn('only one participant: ZooKeeper would run it standalone (standaloneEnabled=true), without election or ZAB');
    return;
  }
  const n = `${voters.length} participant${voters.length === 1 ? '' : 's'}`;
  if (counted && voters.length <= 2) warn(`${n}: no server failure will be tolerated; you need at least 3`);
  else if (counted && voters.length % 2 === 0) {
    warn(`${n}: non-optimal, an odd number tolerates as many failures with fewer servers`);
  }
  // ZK 3.8: QuorumPeerConfig.checkValidity — only for a distributed (quorum) config.
  for (const f of ['initLimit', 'syncLimit'] as const) {
    if (scan.settings[f] === undefined && !scan.failedFields.has(f)) {
      error(`${f} is not set (required for an ensemble of ${n}; zoo_sample.cfg uses ${f === 'initLimit' ? 10 : 5})`);
    }
  }
}

/** ZK 3.8: QuorumHierarchical.parse / computeGroupWeight, plus refusals where ZooKeeper would crash. */
function checkHierarchy(scan: ZooCfgScan, voters: number[]): { groups: GroupSpec[]; weights: Map<number, number> } {
  const errorsBefore = scan.errors.length;
  const kindOf = (sid: number) => scan.servers.get(sid)?.value.type;
  const groupOf = new Map<number, number>(); // sid → gid
  const groups = [...scan.groups].sort((a, b) => a[1].line - b[1].line);
  for (const [gid, { value: members, line }] of groups) {
    for (const sid of members) {
      const kind = kindOf(sid);
      const err = (message: string) => { scan.errors.push({ line, message: `group.${gid}: ${message}` }); };
      if (kind === undefined) {
        if (!scan.badServers.has(sid)) err(`server ${sid} has no server.${sid} line (without a weight.${sid} ZooKeeper fails with a NullPointerException)`);
      } else if (kind === 'observer') {
        err(`server ${sid} is an observer; observers have no vote and cannot be in a group `
          + '(ZooKeeper fails with a NullPointerException, or counts its weight in the group total if it has one)');
      } else if (groupOf.has(sid)) {
        err(`server ${sid} is already in group.${groupOf.get(sid)}: groups must be disjoint`);
      } else {
        groupOf.set(sid, gid);
      }
    }
  }
  for (const sid of voters) {
    if (groupOf.has(sid) || scan.hierarchyBroken) continue;
    scan.errors.push({
      line: scan.servers.get(sid)!.line,
      message: `server.${sid} is in no group: a group.* or weight.* line (line ${scan.hierarchicalLine}) makes the quorum `
        + `hierarchical, and then every participant must be in a group (QuorumHierarchical: "Server ${sid} is not in a group")`,
    });
  }
  const weights = new Map<number, number>();
  for (const [sid, { value: w, line }] of scan.weights) {
    const kind = kindOf(sid);
    if (kind === undefined && !scan.badServers.has(sid)) {
      scan.errors.push({ line, message: `weight.${sid}: there is no server.${sid}` });
    } else if (kind === 'observer') {
      scan.errors.push({ line, message: `weight.${sid}: server ${sid} is an observer, which has no vote to weigh` });
    } else {
      weights.set(sid, w);
    }
  }
  const specs: GroupSpec[] = [...scan.groups]
    .map(([gid, g]) => ({ gid, members: [...g.value].sort((a, b) => a - b) }))
    .sort((a, b) => a.gid - b.gid);
  if (scan.hierarchyBroken || scan.errors.length > errorsBefore) return { groups: specs, weights };

  const total = (g: GroupSpec) => g.members.reduce((sum, sid) => sum + (weights.get(sid) ?? 1), 0);
  for (const g of specs) {
    if (total(g) === 0) {
      scan.warnings.push({
        line: scan.groups.get(g.gid)!.line,
        message: `group.${g.gid} has total weight 0: it can never agree and ZooKeeper leaves it out of the group count`,
      });
    }
  }
  if (specs.length > 0 && specs.every((g) => total(g) === 0)) {
    scan.errors.push({ line: 0, message: 'every group has total weight 0: no quorum can ever form' });
  }
  return { groups: specs, weights };
}
