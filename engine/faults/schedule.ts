// A fault schedule is data: a list of `{at, fault}` entries, validated with zod. `at` is
// milliseconds of virtual time (a number, or a string such as "1.5s"). Errors name the bad
// entry by index and field, e.g. `fault schedule entry 2: fault.node: expected an integer`.
import { z } from 'zod';
import { parseDuration, type Micros } from '../kernel/time.ts';

const nodeId = z.number().int().nonnegative();
const nonNegMs = z.number().nonnegative();

export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('crash'), node: nodeId }).strict(),
  z.object({ kind: z.literal('restart'), node: nodeId }).strict(),
  z.object({ kind: z.literal('partition'), groups: z.array(z.array(nodeId).min(1)).min(2) }).strict()
    .refine((f) => new Set(f.groups.flat()).size === f.groups.flat().length, { message: 'a node is listed in two groups' }),
  z.object({ kind: z.literal('heal') }).strict(),
  z.object({ kind: z.literal('isolate'), node: nodeId }).strict(),
  z.object({ kind: z.literal('oneWay'), from: nodeId, to: nodeId }).strict()
    .refine((f) => f.from !== f.to, { message: 'from and to must differ' }),
  z.object({ kind: z.literal('loss'), probability: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('spike'), durationMs: nonNegMs, extraMs: nonNegMs, nodes: z.array(nodeId).optional() }).strict(),
  z.object({ kind: z.literal('drift'), node: nodeId, ppm: z.number().int().gt(-1_000_000).lt(1_000_000) }).strict(),
  z.object({ kind: z.literal('fsyncDelay'), node: nodeId.optional(), extraMs: nonNegMs }).strict(),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultKind = Fault['kind'];
export const FAULT_KINDS: readonly FaultKind[] = [
  'crash', 'restart', 'partition', 'heal', 'isolate', 'oneWay', 'loss', 'spike', 'drift', 'fsyncDelay',
];

const atSchema = z.union([z.number().nonnegative(), z.string()]);
export const FaultEntrySchema = z.object({ at: atSchema, fault: FaultSchema }).strict();
export type FaultEntryInput = z.input<typeof FaultEntrySchema>;

/** A validated entry; `atUs` is the time in microseconds. */
export interface FaultEntry {
  atUs: Micros;
  fault: Fault;
}

export type ScheduleResult = { ok: true; schedule: FaultEntry[] } | { ok: false; errors: string[] };

/**
 * Validates a schedule. `nodes`, when given, are the node ids that exist: faults naming
 * other nodes are rejected. The result is sorted by time (stable).
 */
export function parseFaultSchedule(input: unknown, nodes?: readonly number[]): ScheduleResult {
  if (!Array.isArray(input)) return { ok: false, errors: ['fault schedule: expected a list of {at, fault} entries'] };
  const errors: string[] = [];
  const schedule: FaultEntry[] = [];
  input.forEach((raw, i) => {
    const where = `fault schedule entry ${i}`;
    const r = FaultEntrySchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
        errors.push(`${where}: ${path}${issue.message}`);
      }
      return;
    }
    // A number is ms; a string must say its unit ("30" would read as 30 s, not 30 ms).
    const atUs = typeof r.data.at === 'number' ? Math.round(r.data.at * 1000)
      : /^\s*\d+(\.\d+)?\s*$/.test(r.data.at) ? `"${r.data.at}" has no unit (write ${r.data.at}ms or ${r.data.at}s, or the number ${r.data.at} for ms)`
      : parseDuration(r.data.at);
    if (typeof atUs === 'string') {
      errors.push(`${where}: at: ${atUs}`);
      return;
    }
    if (nodes) {
      for (const n of nodesOf(r.data.fault)) {
        if (!nodes.includes(n)) errors.push(`${where}: fault.${r.data.fault.kind}: node ${n} is not in the ensemble (${nodes.join(', ')})`);
      }
    }
    schedule.push({ atUs, fault: r.data.fault });
  });
  if (errors.length) return { ok: false, errors };
  schedule.sort((a, b) => a.atUs - b.atUs);
  return { ok: true, schedule };
}

/** The node ids a fault names. */
export function nodesOf(f: Fault): number[] {
  switch (f.kind) {
    case 'crash': case 'restart': case 'isolate': case 'drift': return [f.node];
    case 'partition': return f.groups.flat();
    case 'oneWay': return [f.from, f.to];
    case 'spike': return f.nodes ?? [];
    case 'fsyncDelay': return f.node === undefined ? [] : [f.node];
    case 'heal': case 'loss': return [];
  }
}

/** Back to the input form (ms), e.g. for URLs, copied commands and generated tests. */
export function toInput(schedule: readonly FaultEntry[]): { at: number; fault: Fault }[] {
  return schedule.map((e) => ({ at: e.atUs / 1000, fault: e.fault }));
}
