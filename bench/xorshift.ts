// A tiny inline PRNG for benchmarks, so that both sides of a comparison pay the same
// (small) price for their random delays. Not used by the engine.
export function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
