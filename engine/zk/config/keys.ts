// The scalar zoo.cfg keys zksim models: for each, the field it fills, how its value is
// parsed (zod schemas mirroring QuorumPeerConfig's Integer.parseInt / parseBoolean and the
// system-property readers) and how formatZooCfg writes it back. The table order is the
// order formatZooCfg writes keys in. server.N, group.N and weight.N are handled in zooCfg.ts.
import { z } from 'zod';
import { DEFAULT_COMMIT_LOG_COUNT, FOUR_LETTER_WORDS, MIN_SNAP_COUNT, MIN_SNAP_RETAIN_COUNT } from './defaults.ts';
import type { ZkSettings } from './types.ts';

export type SettingsDraft = { -readonly [K in keyof ZkSettings]?: ZkSettings[K] };

export interface SettingKey {
  /** As written in zoo.cfg. */
  readonly key: string;
  readonly field: keyof ZkSettings;
  /** Parses `raw` into the draft; returns an error message, or undefined. */
  apply(draft: SettingsDraft, raw: string, warn: (message: string) => void): string | undefined;
  render(settings: ZkSettings): string;
}

// Integer.parseInt accepts an optional sign and decimal digits, within 32 bits.
const javaInt = z.string()
  .regex(/^[+-]?\d+$/, 'not an integer')
  .transform(Number)
  .refine((n) => n >= -2_147_483_648 && n <= 2_147_483_647, 'out of range for a 32-bit integer');
const positiveInt = javaInt.refine((n) => n > 0, 'must be a positive integer');
const nonNegativeInt = javaInt.refine((n) => n >= 0, 'must be 0 or more');
const port = javaInt.refine((n) => n >= 1 && n <= 65_535, 'not a port number (1-65535)');
const text = z.string().min(1, 'must not be empty');
// ZK 3.8: QuorumPeerConfig.parseBoolean — equalsIgnoreCase("true"/"false"), anything else throws.
const trueFalse = z.string()
  .regex(/^(true|false)$/i, "must be 'true' or 'false'")
  .transform((v) => v.toLowerCase() === 'true');
// System properties compared case-sensitively with String.equals.
const yesNo = z.enum(['yes', 'no'], "must be 'yes' or 'no'").transform((v) => v === 'yes');
const exactTrueFalse = z.enum(['true', 'false'], "must be 'true' or 'false'").transform((v) => v === 'true');
const learnerType = z.string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['participant', 'observer'], 'Unrecognised peertype, expected participant or observer'));
const electionAlg = javaInt.refine((n) => n === 3, 'Invalid electionAlg value. Only 3 is supported.').transform(() => 3 as const);
// ZK 3.8: FourLetterCommands.isEnabled splits on ',' and trims; empty entries are skipped.
const wordList = z.string().transform((v) => v.split(',').map((w) => w.trim()).filter((w) => w !== ''));

function hint(raw: string): string {
  return raw.includes('#') ? " (zoo.cfg has no inline comments: '#' starts a comment only at the start of a line)" : '';
}

function setting<F extends keyof ZkSettings>(
  key: string,
  field: F,
  schema: z.ZodType<ZkSettings[F], string>,
  extra: {
    /** Adjusts a parsed value the way ZooKeeper does (returning a warning) or refuses it. */
    after?: (value: ZkSettings[F], warn: (m: string) => void) => ZkSettings[F];
    render?: (value: ZkSettings[F]) => string;
  } = {},
): SettingKey {
  return {
    key,
    field,
    apply(draft, raw, warn) {
      const r = schema.safeParse(raw);
      if (!r.success) return `${key}: ${r.error.issues[0]?.message ?? 'invalid value'} (got '${raw}')${hint(raw)}`;
      (draft as Record<string, unknown>)[field] = extra.after ? extra.after(r.data, warn) : r.data;
      return undefined;
    },
    render: (settings) => (extra.render ? extra.render(settings[field]) : String(settings[field])),
  };
}

const yesNoRender = (v: boolean): string => (v ? 'yes' : 'no');

function atLeast(key: string, floor: number, source: string) {
  return (value: number, warn: (m: string) => void): number => {
    if (value >= floor) return value;
    warn(`${key}=${value} is below ${floor}; ZooKeeper uses ${floor} instead (${source})`);
    return floor;
  };
}

export const SETTING_KEYS: readonly SettingKey[] = [
  setting('tickTime', 'tickTime', positiveInt),
  setting('initLimit', 'initLimit', positiveInt),
  setting('syncLimit', 'syncLimit', positiveInt),
  setting('connectToLearnerMasterLimit', 'connectToLearnerMasterLimit', nonNegativeInt),
  setting('minSessionTimeout', 'minSessionTimeout', positiveInt),
  setting('maxSessionTimeout', 'maxSessionTimeout', positiveInt),
  setting('cnxTimeout', 'cnxTimeout', positiveInt),
  setting('dataDir', 'dataDir', text),
  setting('dataLogDir', 'dataLogDir', text),
  setting('snapCount', 'snapCount', positiveInt, { after: atLeast('snapCount', MIN_SNAP_COUNT, 'ZooKeeperServer.getSnapCount') }),
  setting('commitLogCount', 'commitLogCount', positiveInt, {
    after: atLeast('commitLogCount', DEFAULT_COMMIT_LOG_COUNT, 'ZKDatabase constructor'),
  }),
  setting('preAllocSize', 'preAllocSize', positiveInt),
  setting('autopurge.snapRetainCount', 'snapRetainCount', positiveInt, {
    after: atLeast('autopurge.snapRetainCount', MIN_SNAP_RETAIN_COUNT, 'QuorumPeerConfig.parseProperties'),
  }),
  setting('autopurge.purgeInterval', 'purgeInterval', nonNegativeInt),
  setting('syncEnabled', 'syncEnabled', trueFalse),
  setting('clientPort', 'clientPort', port),
  setting('clientPortAddress', 'clientPortAddress', text),
  setting('secureClientPort', 'secureClientPort', port),
  setting('secureClientPortAddress', 'secureClientPortAddress', text),
  setting('maxClientCnxns', 'maxClientCnxns', nonNegativeInt),
  setting('globalOutstandingLimit', 'globalOutstandingLimit', positiveInt),
  setting('localSessionsEnabled', 'localSessionsEnabled', trueFalse),
  setting('localSessionsUpgradingEnabled', 'localSessionsUpgradingEnabled', trueFalse),
  setting('readonlymode.enabled', 'readOnlyModeEnabled', trueFalse, {
    after: (value, warn) => {
      // ZK 3.8: QuorumPeer.run reads Boolean.getBoolean("readonlymode.enabled"), a JVM flag;
      // a zoo.cfg line only sets zookeeper.readonlymode.enabled, which nothing reads.
      warn('readonlymode.enabled is a JVM system property in ZooKeeper (-Dreadonlymode.enabled=true); '
        + 'in zoo.cfg real ZooKeeper ignores it, zksim honours it');
      return value;
    },
  }),
  setting('skipACL', 'skipACL', yesNo, { render: yesNoRender }),
  setting('leaderServes', 'leaderServes', yesNo, { render: yesNoRender }),
  setting('4lw.commands.whitelist', 'fourLetterWordWhitelist', wordList, {
    after: (words, warn) => {
      const unknown = words.filter((w) => w !== '*' && !FOUR_LETTER_WORDS.includes(w));
      if (unknown.length > 0) warn(`4lw.commands.whitelist: unknown command(s) ${unknown.join(', ')} (ZooKeeper ignores them)`);
      return words;
    },
    render: (words) => words.join(','),
  }),
  setting('admin.enableServer', 'adminEnableServer', exactTrueFalse),
  setting('admin.serverPort', 'adminServerPort', port),
  setting('electionAlg', 'electionAlg', electionAlg),
  setting('peerType', 'peerType', learnerType as z.ZodType<ZkSettings['peerType'], string>),
  setting('standaloneEnabled', 'standaloneEnabled', trueFalse),
  setting('reconfigEnabled', 'reconfigEnabled', trueFalse),
  setting('quorumListenOnAllIPs', 'quorumListenOnAllIPs', trueFalse),
];

export const SETTING_BY_KEY: ReadonlyMap<string, SettingKey> = new Map(SETTING_KEYS.map((s) => [s.key, s]));

/**
 * Keys QuorumPeerConfig knows whose meaning zksim cannot honour; accepting them into
 * `extra` would silently change what the file means.
 */
export const UNSUPPORTED_KEYS: ReadonlyMap<string, string> = new Map([
  ['dynamicConfigFile', 'dynamicConfigFile is not supported: put the server.N, group.N and weight.N lines in this file'],
  ['oraclePath', 'oraclePath (QuorumOracleMaj, 2-node ensembles with an oracle) is not simulated'],
]);
