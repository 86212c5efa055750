// Framed, checksummed records on a virtual disk file: [u32 length][u32 Adler-32][payload],
// payload = UTF-8 JSON. ZooKeeper's txn log checksums each entry with Adler-32 too; a
// record whose frame is cut short or whose checksum fails ends the valid prefix, which is
// how a torn or corrupt tail is found (and then truncated) on recovery.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEADER = 8;

/** Bytes that can be summed before b can exceed 2^53 — zlib's NMAX, kept far below it. */
const ADLER_BLOCK = 5552;

export function adler32(data: Uint8Array): number {
  let a = 1, b = 0;
  for (let start = 0; start < data.length; start += ADLER_BLOCK) {
    const end = Math.min(data.length, start + ADLER_BLOCK);
    for (let i = start; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function encodeRecord(value: unknown): Uint8Array {
  const payload = encoder.encode(JSON.stringify(value));
  const out = new Uint8Array(HEADER + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  view.setUint32(4, adler32(payload));
  out.set(payload, HEADER);
  return out;
}

export interface DecodedRecords<T> {
  records: T[];
  /** Bytes of the valid prefix; anything after is torn or corrupt. */
  validBytes: number;
  /** Whether bytes after the valid prefix exist. */
  damagedTail: boolean;
}

export function decodeRecords<T>(data: Uint8Array | undefined): DecodedRecords<T> {
  const records: T[] = [];
  if (!data) return { records, validBytes: 0, damagedTail: false };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off + HEADER <= data.length) {
    const len = view.getUint32(off);
    const sum = view.getUint32(off + 4);
    if (off + HEADER + len > data.length) break;
    const payload = data.subarray(off + HEADER, off + HEADER + len);
    if (adler32(payload) !== sum) break;
    let value: T;
    try {
      value = JSON.parse(decoder.decode(payload)) as T;
    } catch {
      break;
    }
    records.push(value);
    off += HEADER + len;
  }
  return { records, validBytes: off, damagedTail: off < data.length };
}
