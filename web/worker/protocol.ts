// The messages between the page and the Web Worker (worker.ts), the only part of web/ that
// runs the engine. The page asks; the worker answers with the same `id`. Traces travel as
// NDJSON text (one string copy, then indexed on the page by scanning it, trace/scan.ts),
// not as cloned objects: for 100k events that is several times faster than structured
// cloning.
import type { FaultInput, TraceError } from '../trace/types.ts';

export interface ScenarioInfo {
  id: string;
  title: string;
  caption: string;
  tags: readonly string[];
  nodes: readonly number[];
  defaultUntilUs: number;
}

export type WorkerRequest =
  | { id: number; kind: 'list' }
  | { id: number; kind: 'run'; scenario: string; seed: string; faults: FaultInput[]; untilUs?: number }
  | { id: number; kind: 'validate'; text: string };

export type WorkerResponse =
  | { id: number; kind: 'list'; scenarios: ScenarioInfo[] }
  | { id: number; kind: 'run'; ok: true; text: string; hash: string; summary: Record<string, unknown>; wallMs: number }
  | { id: number; kind: 'run'; ok: false; errors: string[] }
  | { id: number; kind: 'validate'; ok: true; hash: string; events: number; complete: boolean }
  | { id: number; kind: 'validate'; ok: false; error: TraceError }
  | { id: number; kind: 'crash'; message: string };
