// Reads the few top-level fields of one NDJSON trace line straight from its UTF-8 bytes,
// without building an object: `t`, `e`, and a message's `msg`, `from`, `to` and `type`.
// Indexing a 100k-event trace this way costs a pass over its bytes instead of a JSON.parse
// of every line (and the garbage of 100k objects). Nested values (a message body) are
// skipped by bracket counting, string-aware. The scanner is strict where the index relies on
// a value and gives up (returns false) on anything it does not expect — an escape in a key
// or in a value it reads, a malformed token — so the caller falls back to JSON.parse of the
// line. Bytes >= 0x80 (UTF-8 multi-byte sequences) only occur inside strings, where they
// are skipped like any other byte.

const QUOTE = 34, BACKSLASH = 92, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93;
const COMMA = 44, COLON = 58, MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57;
const SPACE = 32, TAB = 9, CR = 13, NL = 10;

/** The fields one scan found; numbers are NaN and ranges -1 when absent. */
export class LineFields {
  t = NaN;
  /** Byte range of `e`'s string value. */
  eFrom = -1;
  eTo = -1;
  typeFrom = -1;
  typeTo = -1;
  msg = NaN;
  from = NaN;
  to = NaN;

  reset(): void {
    this.t = NaN; this.eFrom = -1; this.eTo = -1; this.typeFrom = -1; this.typeTo = -1;
    this.msg = NaN; this.from = NaN; this.to = NaN;
  }
}

// Which field a key names: 0 none, else one of these.
const K_T = 1, K_E = 2, K_MSG = 3, K_FROM = 4, K_TO = 5, K_TYPE = 6;

function keyOf(b: Uint8Array, a: number, n: number): number {
  switch (n) {
    case 1: return b[a] === 116 ? K_T : b[a] === 101 ? K_E : 0; // t, e
    case 2: return b[a] === 116 && b[a + 1] === 111 ? K_TO : 0; // to
    case 3: return b[a] === 109 && b[a + 1] === 115 && b[a + 2] === 103 ? K_MSG : 0; // msg
    case 4:
      if (b[a] === 102 && b[a + 1] === 114 && b[a + 2] === 111 && b[a + 3] === 109) return K_FROM; // from
      if (b[a] === 116 && b[a + 1] === 121 && b[a + 2] === 112 && b[a + 3] === 101) return K_TYPE; // type
      return 0;
    default: return 0;
  }
}

const isSpace = (c: number) => c === SPACE || c === TAB || c === CR;

/** The end of a string that starts after its opening quote at `p`, or -1; sets `escaped`. */
let escaped = false;
function stringEnd(b: Uint8Array, p: number, end: number): number {
  escaped = false;
  while (p < end) {
    const c = b[p]!;
    if (c === QUOTE) return p;
    if (c === BACKSLASH) { escaped = true; p += 2; continue; }
    if (c < SPACE) return -1;
    p++;
  }
  return -1;
}

/** Past a nested object or array starting at `p`, or -1. */
function skipNested(b: Uint8Array, p: number, end: number): number {
  let depth = 0;
  while (p < end) {
    const c = b[p]!;
    if (c === QUOTE) {
      const q = stringEnd(b, p + 1, end);
      if (q < 0) return -1;
      p = q + 1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) { if (--depth === 0) return p + 1; }
    p++;
  }
  return -1;
}

/** A JSON number at [a, b): plain integers are read digit by digit, the rest by Number(). */
let numEnd = 0;
function readNumber(b: Uint8Array, p: number, end: number): number {
  const a = p;
  let neg = false, v = 0, plain = true;
  if (b[p] === MINUS) { neg = true; p++; }
  const digits = p;
  while (p < end) {
    const c = b[p]!;
    if (c >= ZERO && c <= NINE) { v = v * 10 + (c - ZERO); p++; continue; }
    if (c === DOT || c === 101 || c === 69 || c === PLUS || c === MINUS) { plain = false; p++; continue; }
    break;
  }
  numEnd = p;
  if (p === digits) return NaN;
  if (plain && p - digits <= 15) return neg ? -v : v;
  return Number(String.fromCharCode(...b.subarray(a, p)));
}

const LITERALS = ['true', 'false', 'null'].map((w) => Array.from(w, (ch) => ch.charCodeAt(0)));

/** Past `true`, `false` or `null` at `p`, or -1. */
function literalEnd(b: Uint8Array, p: number, end: number): number {
  for (const w of LITERALS) {
    if (p + w.length > end) continue;
    let k = 0;
    while (k < w.length && b[p + k] === w[k]) k++;
    if (k === w.length) return p + k;
  }
  return -1;
}

/**
 * Scans the object that starts a line at `p` (bytes up to `end` are available) into `out`.
 * Returns where the line ends — the index of its newline, or `end` — or -1 if the line is
 * not an object this scanner reads with confidence (or is cut off at `end`).
 */
export function scanLine(b: Uint8Array, p: number, end: number, out: LineFields): number {
  out.reset();
  while (p < end && isSpace(b[p]!)) p++;
  if (b[p] !== LBRACE) return -1;
  p++;
  for (;;) {
    while (p < end && isSpace(b[p]!)) p++;
    if (b[p] === RBRACE) { p++; break; }
    if (b[p] !== QUOTE) return -1;
    const ka = p + 1, kb = stringEnd(b, ka, end);
    if (kb < 0 || escaped) return -1;
    const key = keyOf(b, ka, kb - ka);
    p = kb + 1;
    while (p < end && isSpace(b[p]!)) p++;
    if (b[p] !== COLON) return -1;
    p++;
    while (p < end && isSpace(b[p]!)) p++;
    const c = b[p];
    if (c === QUOTE) {
      const vb = stringEnd(b, p + 1, end);
      if (vb < 0) return -1;
      if (key === K_E || key === K_TYPE) {
        if (escaped) return -1;
        if (key === K_E) { out.eFrom = p + 1; out.eTo = vb; } else { out.typeFrom = p + 1; out.typeTo = vb; }
      } else if (key !== 0) {
        return -1; // a number field holding a string: let JSON.parse and the checks decide
      }
      p = vb + 1;
    } else if (c === LBRACE || c === LBRACKET) {
      if (key !== 0) return -1;
      p = skipNested(b, p, end);
      if (p < 0) return -1;
    } else if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) {
      const v = readNumber(b, p, end);
      if (Number.isNaN(v)) return -1;
      p = numEnd;
      switch (key) {
        case K_T: out.t = v; break;
        case K_MSG: out.msg = v; break;
        case K_FROM: out.from = v; break;
        case K_TO: out.to = v; break;
        case 0: break;
        default: return -1;
      }
    } else {
      if (key !== 0) return -1;
      p = literalEnd(b, p, end);
      if (p < 0) return -1;
    }
    while (p < end && isSpace(b[p]!)) p++;
    if (b[p] === COMMA) { p++; continue; }
    if (b[p] === RBRACE) { p++; break; }
    return -1;
  }
  while (p < end && isSpace(b[p]!)) p++;
  return p === end || b[p] === NL ? p : -1;
}
