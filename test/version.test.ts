import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ZKSIM_VERSION } from '../engine/version.ts';

it('the version in trace headers is the package version', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(ZKSIM_VERSION).toBe(pkg.version);
});
