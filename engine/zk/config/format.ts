// formatZooCfg: an EnsembleConfig back to zoo.cfg text, for the CLI and the UI to show or
// export an ensemble. It writes tickTime, dataDir and the learner limits always, any other
// setting only where it differs from ZooKeeper's default, then servers, groups, weights
// (only those ≠ 1) and extra keys. Invariant: parseZooCfg(formatZooCfg(c)) gives back c
// for every config parseZooCfg can produce.
import { assert } from '../../kernel/assert.ts';
import { defaultSettings } from './defaults.ts';
import { SETTING_BY_KEY, SETTING_KEYS, UNSUPPORTED_KEYS } from './keys.ts';
import { formatServerValue } from './serverLine.ts';
import type { EnsembleConfig, ZkSettings } from './types.ts';

const ALWAYS: ReadonlySet<keyof ZkSettings> = new Set(['tickTime', 'dataDir']);

export interface FormatOptions {
  /** Comment lines put at the top (without the leading '#'). */
  readonly header?: readonly string[];
}

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('\n') === b.join('\n') : a === b;
}

export function formatZooCfg(config: EnsembleConfig, options: FormatOptions = {}): string {
  const out: string[] = (options.header ?? []).map((h) => (h === '' ? '#' : `# ${h}`));
  const put = (key: string, value: string) => {
    assert(!/[\r\n]/.test(value) && value === value.trim(), `formatZooCfg: value of ${key} has a line break or surrounding blanks`);
    out.push(`${key}=${value}`);
  };

  const defaults: ZkSettings = { ...defaultSettings(config.tickTime), dataLogDir: config.dataDir };
  for (const s of SETTING_KEYS) {
    const value = config[s.field];
    if (value === undefined) continue;
    const unsetLimit = (s.field === 'initLimit' || s.field === 'syncLimit') && value === 0;
    if (unsetLimit || (!ALWAYS.has(s.field) && same(value, defaults[s.field]))) continue;
    put(s.key, s.render(config));
  }

  for (const server of config.servers) put(`server.${server.sid}`, formatServerValue(server));
  const voters = config.servers.filter((s) => s.type === 'participant');
  if (config.groups) {
    for (const g of config.groups) put(`group.${g.gid}`, g.members.join(':'));
    for (const { sid } of voters) {
      const w = config.weights[sid] ?? 1;
      if (w !== 1) put(`weight.${sid}`, String(w));
    }
  } else {
    // A weight line would make the quorum hierarchical: a majority config has none to write.
    for (const { sid } of voters) assert((config.weights[sid] ?? 1) === 1, `formatZooCfg: weight of ${sid} ≠ 1 without groups`);
  }

  for (const key of Object.keys(config.extra).sort()) {
    const clash = SETTING_BY_KEY.has(key) || UNSUPPORTED_KEYS.has(key)
      || key.startsWith('server.') || key.startsWith('group') || key.startsWith('weight')
      || key === '' || key !== key.trim() || key.includes('=') || /^[#!]/.test(key);
    assert(!clash, `formatZooCfg: extra key '${key}' would not read back as an extra key`);
    put(key, config.extra[key]!);
  }
  return `${out.join('\n')}\n`;
}
