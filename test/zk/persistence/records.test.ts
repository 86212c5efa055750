// Record framing: Adler-32 as zlib computes it (the blocked sum must equal the per-byte
// modulo definition, also past one 5552-byte block), and a frame round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32, decodeRecords, encodeRecord } from '../../../engine/zk/persistence/records.ts';

function adlerByDefinition(data: Uint8Array): number {
  let a = 1, b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('adler32', () => {
  it('matches the published value for "Wikipedia"', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  it('matches the definition on long runs of 0xff (the worst case for the deferred modulo)', () => {
    for (const n of [5551, 5552, 5553, 20_000]) {
      const data = new Uint8Array(n).fill(0xff);
      expect(adler32(data), `${n} bytes`).toBe(adlerByDefinition(data));
    }
  });

  it('matches the definition on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12_000 }), (data) => adler32(data) === adlerByDefinition(data)));
  });
});

describe('records', () => {
  it('round-trip, and a flipped payload byte ends the valid prefix there', () => {
    const a = encodeRecord({ zxid: 1, txn: { type: 'set', key: 'k', value: 'v' } });
    const b = encodeRecord({ zxid: 2 });
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(decodeRecords(both)).toEqual({ records: [{ zxid: 1, txn: { type: 'set', key: 'k', value: 'v' } }, { zxid: 2 }], validBytes: both.length, damagedTail: false });
    both[a.length + 9]! ^= 1;
    expect(decodeRecords(both)).toMatchObject({ records: [{ zxid: 1 }], validBytes: a.length, damagedTail: true });
  });
});
