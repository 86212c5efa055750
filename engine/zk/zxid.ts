// zxids: a ZooKeeper transaction id is epoch (high 32 bits) and counter (low 32 bits).
// We keep them as JS numbers, exact while epoch < 2^21 (far beyond any simulated run;
// `zxid` asserts it). ZooKeeper's Long.MIN_VALUE sentinel (observers' votes) is
// NO_ZXID_MIN; an empty server's zxid is 0.
import { fail } from '../kernel/assert.ts';

export type Zxid = number;

const TWO_32 = 0x1_0000_0000;
export const EPOCH_MAX = 2 ** 21 - 1;
export const COUNTER_MAX = 0xffff_ffff;
/** ZooKeeper's Long.MIN_VALUE, used for the votes of observers and non-voters. */
export const LONG_MIN = Number.MIN_SAFE_INTEGER;

export function zxid(epoch: number, counter: number): Zxid {
  if (!(Number.isInteger(epoch) && epoch >= 0 && epoch <= EPOCH_MAX)) fail(`zxid: epoch out of range ${epoch}`);
  if (!(Number.isInteger(counter) && counter >= 0 && counter <= COUNTER_MAX)) fail(`zxid: counter out of range ${counter}`);
  return epoch * TWO_32 + counter;
}

export function epochOf(z: Zxid): number {
  return z < 0 ? -1 : Math.floor(z / TWO_32);
}

export function counterOf(z: Zxid): number {
  return z < 0 ? -1 : z % TWO_32;
}

/** As ZooKeeper logs it: 0x100000003. */
export function zxidHex(z: Zxid): string {
  if (z === LONG_MIN) return '0x8000000000000000';
  if (z < 0) return `-0x${(-z).toString(16)}`;
  return `0x${z.toString(16)}`;
}

/** epoch:counter, e.g. 1:3. */
export function zxidPair(z: Zxid): string {
  return z < 0 ? String(z === LONG_MIN ? 'MIN' : z) : `${epochOf(z)}:${counterOf(z)}`;
}
