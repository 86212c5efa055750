// Duration parsing and formatting: integer microseconds, clear errors on bad input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMicros, ms, parseDuration, s } from '../../engine/kernel/time.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500_000],
    ['1.5s', 1_500_000],
    ['2m', 120_000_000],
    ['30', 30_000_000],
    ['0', 0],
    ['250us', 250],
    ['1h', 3_600_000_000],
    ['0.5ms', 500],
    [' 60s ', 60_000_000],
  ])('accepts %j as %d µs', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it.each(['', 'abc', '1.5x', '-5s', '5 s', 's', '1e3', '.5s', '1..5s', '5ms5', '5S', 'NaN', 'Infinity'])('rejects %j with a message', (text) => {
    const r = parseDuration(text);
    expect(typeof r).toBe('string');
    expect(r).toContain('not a duration');
    expect(r).toContain(JSON.stringify(text));
  });

  it('rejects a duration too large to be exact', () => {
    const r = parseDuration('99999999999999999h');
    expect(typeof r).toBe('string');
    expect(r).toMatch(/too large/);
  });

  it('always yields a non-negative safe integer or a string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const r = parseDuration(text);
        if (typeof r === 'number') expect(Number.isSafeInteger(r) && r >= 0).toBe(true);
        else expect(r.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('formatMicros and parseDuration round-trip (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 12 }), (us) => {
        expect(parseDuration(formatMicros(us))).toBe(us);
      }),
      { numRuns: 300 },
    );
  });

  it('ms() and s() convert to integer microseconds', () => {
    expect(ms(1.5)).toBe(1_500);
    expect(s(0.25)).toBe(250_000);
    expect(formatMicros(2_000_000)).toBe('2s');
    expect(formatMicros(3_000)).toBe('3ms');
    expect(formatMicros(7)).toBe('7us');
  });
});
