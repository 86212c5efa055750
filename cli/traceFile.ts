// Streams NDJSON trace lines to a file with a write buffer (a long run's trace never has
// to fit in memory).
import { closeSync, openSync, writeSync } from 'node:fs';
import { fail, ioReason } from './errors.ts';

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
      fail(`cannot write the trace to ${path}: ${ioReason(e)}`);
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
