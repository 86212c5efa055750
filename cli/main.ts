// The zksim command line. Bad input exits with status 2 and a message naming the problem.
import { Command, CommanderError } from 'commander';
import { ZKSIM_VERSION } from '../engine/version.ts';
import { defaultScenarioId } from '../scenarios/index.ts';
import { bugsCommand } from './commands/bugs.ts';
import { checkCommand } from './commands/check.ts';
import { listCommand } from './commands/list.ts';
import { runCommand } from './commands/run.ts';
import { EXIT_USAGE, UsageError } from './errors.ts';

const out = (s: string) => process.stdout.write(s + '\n');
// `zksim list | head`: the reader went away; stop quietly as other Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

export function buildProgram(): Command {
  const program = new Command('zksim')
    .description('A deterministic simulator of Apache ZooKeeper\'s coordination protocols')
    .version(ZKSIM_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program.command('run')
    .description('run a scenario and print its summary')
    .argument('[scenario]', `scenario id (see \`zksim list\`; default ${defaultScenarioId})`)
    .option('--config <zoo.cfg>', 'run the ensemble a zoo.cfg describes (all servers start empty at 0)')
    .option('--seed <n>', 'the run\'s seed (non-negative integer)', '1')
    .option('--until <duration>', 'simulated time to run, e.g. 500ms, 60s, 2m (default: the scenario\'s)')
    .option('--trace <file>', 'write the trace as NDJSON to <file>')
    .option('--faults <json|file>', 'extra fault schedule: a JSON list of {at, fault}, or a file holding one')
    .option('--bug <flag>', 're-introduce a historical ZooKeeper bug (repeatable; see `zksim bugs`)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the summary as one JSON object')
    .action((id: string | undefined, flags) => runCommand(id, flags, out));

  program.command('bugs')
    .description('list the historical bugs --bug can re-introduce')
    .option('--json', 'as JSON: an array of {flag, jira, scenario, description}')
    .action((flags) => bugsCommand(flags, out));

  program.command('list')
    .description('list the scenarios')
    .option('--json', 'as JSON')
    .action((flags) => listCommand(flags, out));

  program.command('check')
    .description('validate a trace file (format, order, hash)')
    .argument('<trace>', 'an NDJSON trace written by `zksim run --trace`')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, flags) => { process.exitCode = await checkCommand(path, flags, out); });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`zksim: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
