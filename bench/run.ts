// `npm run bench` runs every benchmark and prints a table; `npm run bench -- --json`
// prints one JSON object whose keys are a stable interface for other tools.
import { baselineHeapEventsPerS, kernelEventsPerS, nodeTimerChurnPerS, timerChurnPerS } from './kernel.ts';
import { netDeliveriesPerS } from './net.ts';
import { electionsPerS } from './election.ts';
import { commitsPerS, simSecondsPerWallSecond } from './zab.ts';
import { measureWeb } from './web.ts';

const json = process.argv.includes('--json');

function best(fn: () => number, runs = 3, decimals = 0): number {
  let b = 0;
  for (let i = 0; i < runs; i++) b = Math.max(b, fn());
  return Math.round(b * 10 ** decimals) / 10 ** decimals;
}

const results: Record<string, number> = {};
const add = (key: string, fn: () => number, runs?: number, decimals?: number) => {
  results[key] = best(fn, runs, decimals);
  if (!json) process.stderr.write(`${key.padEnd(32)} ${results[key]!.toLocaleString('en-US')}\n`);
};

add('baseline_heap_events_per_s', baselineHeapEventsPerS);
add('kernel_events_per_s', kernelEventsPerS);
add('timer_churn_per_s', timerChurnPerS);
add('node_timer_churn_per_s', nodeTimerChurnPerS);
add('net_deliveries_per_s', netDeliveriesPerS);
add('elections_per_s', electionsPerS);
if (!process.argv.includes('--no-zab')) {
  add('commits_per_s', commitsPerS);
  add('sim_seconds_per_wall_second', simSecondsPerWallSecond, 3, 1);
}

if (!process.argv.includes('--no-web')) {
  const web = await measureWeb();
  results.web_first_render_ms_100k = web.web_first_render_ms_100k;
  results.web_scrub_fps_100k = web.web_scrub_fps_100k;
  // The same on a ZooKeeper trace (write-load-5 stretched past 100k events), the kind users load.
  const zk = await measureWeb({ trace: 'zk' });
  results.web_first_render_ms_100k_zk = zk.web_first_render_ms_100k_zk;
  results.web_scrub_fps_100k_zk = zk.web_scrub_fps_100k_zk;
  if (!json) {
    for (const k of ['web_first_render_ms_100k', 'web_scrub_fps_100k', 'web_first_render_ms_100k_zk', 'web_scrub_fps_100k_zk']) {
      process.stderr.write(`${k.padEnd(32)} ${results[k]}\n`);
    }
  }
}

results.kernel_vs_baseline_ratio = Math.round((results.kernel_events_per_s! / results.baseline_heap_events_per_s!) * 1000) / 1000;
if (json) process.stdout.write(JSON.stringify(results) + '\n');
else process.stderr.write(`${'kernel_vs_baseline_ratio'.padEnd(32)} ${results.kernel_vs_baseline_ratio}\n`);
