// `zksim bugs`: the historical ZooKeeper bugs that `zksim run --bug <flag>` re-introduces.
import { BUGS } from '../../engine/zk/bugs.ts';

export function bugsCommand(flags: { json?: boolean }, out: (s: string) => void): void {
  if (flags.json) {
    out(JSON.stringify(BUGS.map(({ flag, jira, scenario, description }) => ({ flag, jira, scenario, description }))));
    return;
  }
  for (const b of BUGS) {
    out(`${b.flag.padEnd(22)} ${b.jira.padEnd(16)} scenario ${b.scenario}`);
    out(`${' '.repeat(23)}${b.description}`);
  }
}
