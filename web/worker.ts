// The Web Worker: the only module of web/ that imports the engine and the scenarios. It
// lists the scenarios, runs one live (same runner as `zksim run`, so the same trace and
// hash for the same scenario, seed, faults and bug flags), and validates loaded traces with the
// engine's reader so a bad trace is reported by line and field. Everything else in web/
// reads trace events only.
import { parseFaultSchedule } from '../engine/faults/schedule.ts';
import { readTrace } from '../engine/trace/reader.ts';
import { zksimTraceSchema } from '../engine/traceSchema.ts';
import { BUG_FLAGS, BUGS, unknownBugFlags } from '../engine/zk/bugs.ts';
import { scenarios, findScenario } from '../scenarios/index.ts';
import { runScenario } from '../scenarios/runner.ts';
import type { WorkerRequest, WorkerResponse } from './worker/protocol.ts';

// The same schema as `zksim check`: every event zksim writes, field by field.
const schema = zksimTraceSchema;

const post = (r: WorkerResponse) => (self as unknown as Worker).postMessage(r);

function handle(req: WorkerRequest): WorkerResponse {
  switch (req.kind) {
    case 'list':
      return {
        id: req.id, kind: 'list',
        scenarios: scenarios.map((s) => ({ id: s.id, title: s.title, caption: s.caption, tags: s.tags, nodes: s.nodes, defaultUntilUs: s.defaultUntilUs })),
        bugs: BUGS.map(({ flag, jira, scenario, description }) => ({ flag, jira, scenario, description })),
      };
    case 'run': {
      const scenario = findScenario(req.scenario);
      if (!scenario) return { id: req.id, kind: 'run', ok: false, errors: [`unknown scenario "${req.scenario}"`] };
      const parsed = parseFaultSchedule(req.faults, scenario.nodes);
      if (!parsed.ok) return { id: req.id, kind: 'run', ok: false, errors: parsed.errors };
      const unknown = unknownBugFlags(req.bugs);
      if (unknown.length) {
        const names = unknown.map((f) => `"${f}"`).join(', ');
        return { id: req.id, kind: 'run', ok: false, errors: [`unknown bug flag${unknown.length > 1 ? 's' : ''} ${names}; the flags are ${BUG_FLAGS.join(', ')}`] };
      }
      const lines: string[] = [];
      const started = performance.now();
      const { summary, run, violations } = runScenario(scenario, {
        seed: req.seed, write: (l) => lines.push(l),
        ...(req.bugs.length ? { bugs: req.bugs } : {}),
        ...(req.untilUs !== undefined ? { untilUs: req.untilUs } : {}),
        ...(parsed.schedule.length ? { extraFaults: parsed.schedule } : {}),
      });
      const wallMs = performance.now() - started;
      const checked = run.violations ? violations.map(({ t, checker, message }) => ({ t, checker, message })) : null;
      return { id: req.id, kind: 'run', ok: true, text: lines.join('\n'), hash: summary.traceHash, summary, wallMs, violations: checked };
    }
    case 'validate': {
      const r = readTrace(req.text, schema);
      if (!r.ok) return { id: req.id, kind: 'validate', ok: false, error: r.error };
      return { id: req.id, kind: 'validate', ok: true, hash: r.hash, events: r.events.length, complete: r.end !== undefined };
    }
  }
}

self.onmessage = (msg: MessageEvent<WorkerRequest>) => {
  try {
    post(handle(msg.data));
  } catch (err) {
    post({ id: msg.data.id, kind: 'crash', message: err instanceof Error ? err.message : String(err) });
  }
};
