// `zksim run --config zoo.cfg`: the ensemble a zoo.cfg describes, every server starting
// empty at time 0, run for 10 s unless --until says otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { parseZooCfg } from '../engine/zk/config/zooCfg.ts';
import { zkScenario } from '../scenarios/zk/build.ts';
import type { Scenario } from '../scenarios/types.ts';
import { fail, ioReason } from './errors.ts';
import type { CfgError } from '../engine/zk/config/types.ts';

/** `warn` hears what ZooKeeper would accept but a user should know (zoo.cfg warnings). */
export function scenarioFromZooCfg(path: string, warn: (s: string) => void = () => {}): Scenario {
  if (!existsSync(path)) fail(`no such zoo.cfg: ${path}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read the zoo.cfg ${path}: ${ioReason(e)}`);
  }
  const r = parseZooCfg(text);
  if (!r.ok) fail(`${path} is not a valid zoo.cfg:\n${r.errors.map(where).join('\n')}`);
  for (const w of r.warnings) warn(`${path}: warning: ${where(w).trim()}`);
  return zkScenario({
    id: 'zoo.cfg',
    title: `The ensemble of ${path}`,
    caption: `The ${r.config.servers.length} servers of ${path}, starting together with empty disks.`,
    tags: ['config'],
    zooCfg: text,
    untilMs: 10_000,
    expect: { leader: 'any' },
  });
}

/** Line 0 is the file as a whole: no line number then. */
function where(e: CfgError): string {
  return e.line > 0 ? `  line ${e.line}: ${e.message}` : `  ${e.message}`;
}
