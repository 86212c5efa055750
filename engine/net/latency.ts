// Per-message latency distributions, drawn with integer arithmetic only so every platform
// draws the same numbers from the same stream.
import { z } from 'zod';
import type { Random } from '../kernel/random.ts';

const us = z.number().int().nonnegative();

export const LatencyDistSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), us }).strict(),
  z.object({ kind: z.literal('uniform'), minUs: us, maxUs: us }).strict()
    .refine((d) => d.maxUs >= d.minUs, { message: 'maxUs must be >= minUs' }),
  // Long-tailed: min + uniform(0, stepUs * 2^k) with k geometric (P(k) = 2^-(k+1)), capped.
  z.object({ kind: z.literal('longTail'), minUs: us, stepUs: us, capUs: us }).strict()
    .refine((d) => d.capUs >= d.minUs, { message: 'capUs must be >= minUs' }),
]);
export type LatencyDist = z.infer<typeof LatencyDistSchema>;

const K_MAX = 20;

export function drawLatency(d: LatencyDist, rng: Random): number {
  switch (d.kind) {
    case 'fixed':
      return d.us;
    case 'uniform':
      return d.minUs === d.maxUs ? d.minUs : rng.between(d.minUs, d.maxUs);
    case 'longTail': {
      const bits = rng.uint32();
      const k = bits === 0 ? K_MAX : Math.min(K_MAX, 31 - Math.clz32(bits & -bits));
      const span = d.stepUs * 2 ** k;
      const v = d.minUs + (span > 0 ? rng.int(Math.min(span, 2 ** 40) + 1) : 0);
      return v > d.capUs ? d.capUs : v;
    }
  }
}
