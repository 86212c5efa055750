// FNV-1a, 32 bits, over the UTF-16 code units of a string — integer arithmetic only
// (Math.imul), so every platform computes the same value. Used by the digest chain.

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

export function fnv1a(text: string, seed = OFFSET_BASIS): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, PRIME) >>> 0;
  }
  return h >>> 0;
}

export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
