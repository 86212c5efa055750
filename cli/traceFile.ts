// Streams NDJSON trace lines to a file with a write buffer (a long run's trace never has
// to fit in memory).
import { closeSync, openSync, writeSync } from 'node:fs';
import { fail } from './errors.ts';

const FLUSH_BYTES = 1 << 16;

export class TraceFileWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;

  constructor(path: string) {
    if (path === '') fail('bad --trace: give the path of the file to write');
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      fail(`cannot write the trace to ${path}: ${reason(e)}`);
    }
  }

  readonly write = (line: string): void => {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size >= FLUSH_BYTES) this.flush();
  };

  flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** "no such directory" rather than "ENOENT: no such file or directory, open '…'". */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EISDIR': return 'it is a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}
