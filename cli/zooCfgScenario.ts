// `zksim run --config zoo.cfg`: the ensemble a zoo.cfg describes, every server starting
// empty at time 0, run for 10 s unless --until says otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { parseZooCfg } from '../engine/zk/config/zooCfg.ts';
import { zkScenario } from '../scenarios/zk/build.ts';
import type { Scenario } from '../scenarios/types.ts';
import { fail } from './errors.ts';

export function scenarioFromZooCfg(path: string): Scenario {
  if (!existsSync(path)) fail(`no such zoo.cfg: ${path}`);
  const text = readFileSync(path, 'utf8');
  const r = parseZooCfg(text);
  if (!r.ok) fail(`${path} is not a valid zoo.cfg:\n${r.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
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
