// `zksim check <trace>`: validates a trace file line by line (streaming), reporting the
// first bad line by number and field. Exit status 0 = valid, 1 = invalid, 2 = unreadable.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TraceLineValidator } from '../../engine/trace/reader.ts';
import { zksimTraceSchema } from '../../engine/traceSchema.ts';
import { fail, ioReason } from '../errors.ts';

export async function checkCommand(path: string, flags: { json?: boolean }, out: (s: string) => void): Promise<number> {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    fail(`cannot read the trace ${path}: ${ioReason(e)}`);
  }
  if (!isFile) fail(`cannot read the trace ${path}: not a regular file`);
  const v = new TraceLineValidator({ schema: zksimTraceSchema });
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let error = undefined;
  try {
    for await (const line of lines) {
      error = v.push(line);
      if (error) break;
    }
  } catch (e) {
    fail(`cannot read the trace ${path}: ${ioReason(e)}`);
  }
  if (!error) error = v.finish();
  if (error) {
    if (flags.json) out(JSON.stringify({ ok: false, error }));
    else out(`${path}: invalid: line ${error.line}${error.field ? `: field "${error.field}"` : ''}: ${error.message}`);
    return 1;
  }
  const r = v.result();
  if (flags.json) out(JSON.stringify({ ok: true, ...r }));
  else {
    // Valid by the format (docs/trace-format.md), but worth saying: nothing vouches for the count.
    const partial = r.complete ? '' : '; no end line: the run was cut short or the file is incomplete';
    out(`${path}: valid zksim trace (scenario ${r.scenario}, seed ${r.seed}, ${r.events} events, hash ${r.hash}${partial})`);
  }
  return 0;
}
