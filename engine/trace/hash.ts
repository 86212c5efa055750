// A portable 64-bit hash of a trace: two independent 32-bit FNV-1a style lanes over the
// UTF-16 code units of each NDJSON line plus a newline. Integer-only (Math.imul), so Node
// and browsers agree; not cryptographic — it identifies runs, it does not protect them.

export class TraceHasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  update(line: string): void {
    let a = this.a, b = this.b;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ 10, 0x01000193);
    b = Math.imul(b ^ 10, 0x5bd1e995);
    b ^= b >>> 15;
    this.a = a;
    this.b = b;
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashLines(lines: Iterable<string>): string {
  const h = new TraceHasher();
  for (const l of lines) h.update(l);
  return h.digest();
}
