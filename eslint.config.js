// Lint for the whole tree, with a stricter override for engine/**: the engine must be
// deterministic, so wall-clock time, ambient randomness, host timers and Node-only APIs
// are rejected there (test/engine/banlist.test.ts checks the same list textually).
import tseslint from 'typescript-eslint';

const engineBannedGlobals = [
  'Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
  'clearInterval', 'process', 'crypto', 'window', 'document', 'navigator', 'globalThis',
  'queueMicrotask', 'require',
].map((name) => ({ name, message: `engine/ must be deterministic and portable: no ${name}` }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...engineBannedGlobals],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'use the kernel random streams' },
        { object: 'Date', property: 'now', message: 'use the virtual clock' },
      ],
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*'], message: 'engine/ runs in the browser too: no node:* imports' },
        { group: ['fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads'], message: 'no Node built-ins in engine/' },
        { group: ['**/cli/**', '**/web/**', '**/test/**'], message: 'engine/ never imports from cli, web or test' },
      ] }],
      'no-restricted-syntax': ['error',
        { selector: "Program > VariableDeclaration[kind='let']", message: 'no module-level mutable state in engine/' },
        { selector: "Program > VariableDeclaration[kind='var']", message: 'no module-level mutable state in engine/' },
      ],
    },
  },
);
