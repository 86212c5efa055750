// The messages between the page and the Web Worker (worker.ts), the only part of web/ that
// runs the engine. The page asks; the worker answers with the same `id`. Traces travel as
// NDJSON text (one string copy, then indexed on the page by scanning it, trace/scan.ts),
// not as cloned objects: for 100k events that is several times faster than structured
// cloning. The list answer carries the catalogue of historical bugs (engine/zk/bugs.ts) so
// the page can offer them without importing the engine.
import type { FaultInput, TraceError } from '../trace/types.ts';

export interface ScenarioInfo {
  id: string;
  title: string;
  caption: string;
  tags: readonly string[];
  nodes: readonly number[];
  defaultUntilUs: number;
}

/** A historical ZooKeeper bug the engine can re-introduce (`zksim run --bug <flag>`). */
export interface BugInfo {
  flag: string;
  jira: string;
  /** The scenario that shows it. */
  scenario: string;
  description: string;
}

/** A checker's finding in a live run (engine/check/types.ts Violation; `t` in µs). */
export interface CheckViolation {
  t: number;
  checker: string;
  message: string;
}

export type WorkerRequest =
  | { id: number; kind: 'list' }
  | { id: number; kind: 'run'; scenario: string; seed: string; faults: FaultInput[]; bugs: string[]; untilUs?: number }
  | { id: number; kind: 'validate'; text: string };

export type WorkerResponse =
  | { id: number; kind: 'list'; scenarios: ScenarioInfo[]; bugs: BugInfo[] }
  | {
    id: number; kind: 'run'; ok: true; text: string; hash: string; summary: Record<string, unknown>; wallMs: number;
    /** What the scenario's checkers found; null for a scenario without checkers (the kernel demo). */
    violations: CheckViolation[] | null;
  }
  | { id: number; kind: 'run'; ok: false; errors: string[] }
  | { id: number; kind: 'validate'; ok: true; hash: string; events: number; complete: boolean }
  | { id: number; kind: 'validate'; ok: false; error: TraceError }
  | { id: number; kind: 'crash'; message: string };
