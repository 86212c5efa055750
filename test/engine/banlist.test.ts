// engine/ must be deterministic and portable. Two independent guards: a textual scan of
// every engine file, and ESLint run on probe code placed under engine/ (so the lint
// override cannot be switched off quietly).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function engineFiles(dir = join(ROOT, 'engine')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? engineFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const BANNED: [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b|\bnew Date\b|\bDate\(/, 'Date'],
  [/(?<![./\w])performance\.\w/, 'performance'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'host timers'],
  [/(?<![./\w])process\.\w/, 'process'],
  [/from\s+['"]node:/, 'node:* imports'],
  [/\brequire\s*\(/, 'require'],
  [/(?<![./\w])crypto\.\w/, 'crypto'],
  [/^(let|var)\s/m, 'module-level mutable state'],
  [/from\s+['"][./]*\/(cli|web|test)\//, 'imports from cli/web/test'],
];

/** Drops comments so prose may mention the banned names. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('engine ban list', () => {
  const files = engineFiles();

  it('finds the engine files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`${relative(ROOT, file)} uses nothing banned`, () => {
      const text = code(readFileSync(file, 'utf8'));
      const found = BANNED.filter(([re]) => re.test(text)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }

  it('the textual scan catches each banned construct', () => {
    const probes = ['Math.random()', 'Date.now()', 'performance.now()', 'setTimeout(f, 1)', 'process.exit()',
      "import x from 'node:fs'", 'let counter = 0;'];
    for (const p of probes) expect(BANNED.some(([re]) => re.test(code(p))), p).toBe(true);
  });

  it('ESLint rejects each banned construct under engine/', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const probe = [
      "import { readFileSync } from 'node:fs';",
      'let leaked = 0;',
      'export const a = Math.random();',
      'export const b = Date.now();',
      'export const c = performance.now();',
      'export const d = setTimeout(() => {}, 1);',
      'export const e = process.env;',
      'export const f = readFileSync; export const g = leaked;',
    ].join('\n');
    const [result] = await eslint.lintText(probe, { filePath: join(ROOT, 'engine', 'probe.ts') });
    const lines = new Set(result!.messages.filter((m) => m.severity === 2).map((m) => m.line));
    expect([...lines].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  }, 30_000);
});
