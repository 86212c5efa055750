// `zksim list`: the scenarios, with their captions.
import { scenarios } from '../../scenarios/index.ts';

export function listCommand(flags: { json?: boolean }, out: (s: string) => void): void {
  if (flags.json) {
    out(JSON.stringify(scenarios.map((s) => ({ id: s.id, title: s.title, tags: s.tags, nodes: s.nodes, defaultUntilMs: s.defaultUntilUs / 1000, caption: s.caption }))));
    return;
  }
  const width = Math.max(...scenarios.map((s) => s.id.length));
  for (const s of scenarios) out(`${s.id.padEnd(width)}  ${s.title}`);
}
