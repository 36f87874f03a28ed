import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Only main.ts and preload.ts may touch Electron; everything else runs under plain Node.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'test/e2e/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import electron.' }] }],
    },
  },
  // shared/ is pure: no Node, no Electron, no DOM-only libraries.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'react-dom', 'better-sqlite3'],
        patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', '../electron/*', '../renderer/*'], message: 'shared/ is pure TypeScript: no Node or Electron APIs.' }],
      }],
    },
  },
  // The renderer reaches the Node side only through the preload bridge.
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: ['electron', 'better-sqlite3'],
        patterns: [{ group: ['node:*', '../electron/*', '../../electron/*'], message: 'The renderer talks to the Node side only through window.listsweep.' }],
      }],
    },
  },
);
