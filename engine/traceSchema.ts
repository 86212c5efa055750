// The schema of every trace zksim writes: the kernel's events, the fault schedule's
// faults, and the protocol namespaces (demo, zk, zab, fle, qcm). Readers (the CLI's
// `check`, the UI) validate traces against it.
import { z } from 'zod';
import { FaultSchema } from './faults/schedule.ts';
import { openNamespace, traceSchema } from './trace/schema.ts';
import { electionTraceSchemas } from './zk/election/traceEvents.ts';
import { zkTraceSchemas } from './zk/peer/traceEvents.ts';

/** The reader checks `t` and `e` itself and hands extensions the other fields only. */
function fieldsOnly(schemas: Readonly<Record<string, z.ZodType>>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(schemas).map(([name, s]) =>
    [name, s instanceof z.ZodObject && 't' in s.shape ? s.omit({ t: true, e: true }) : s]));
}

export const zksimTraceSchema = traceSchema(
  [openNamespace('demo'), fieldsOnly(electionTraceSchemas), fieldsOnly(zkTraceSchemas)],
  { fault: FaultSchema },
);
