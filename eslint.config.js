// Layers by runtime (DESIGN.md, rule 1), enforced here rather than by review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'stream/*', 'url', 'util', 'events', 'worker_threads', 'zlib'];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron.' };
const noNode = { group: nodeBuiltins, message: 'This layer runs outside Node: no Node built-ins.' };
const noSqlite = { group: ['better-sqlite3'], message: 'SQLite lives in electron/storage only.' };
const noElectronFolder = { group: ['**/electron/**', '../electron/*', '../../electron/*'], message: 'The renderer talks to the main process through renderer/src/lib/ipc.ts only.' };
const noOtherStore = { group: ['**/*-store', '**/*-store.ts'], message: 'Stores never import each other (rule 7): server data comes from lib/query.ts, notifications from lib/notify.ts.' };
const noReact = { group: ['react', 'react-dom', 'react-dom/*', 'zustand'], message: 'shared/ is pure TypeScript.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', 'e2e/screenshots/', 'bench/results/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noSqlite, noReact, noElectronFolder] }] },
  },
  {
    // Hooks only at the top level of components and hooks; effects name what they read (React's own rules).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noSqlite, noElectronFolder] }] },
  },
  {
    // One store per feature, and stores never import each other (rule 7).
    files: ['renderer/**/*-store.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noSqlite, noElectronFolder, noOtherStore] }] },
  },
  {
    files: ['electron/storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    // SQLite is the storage layer's business; every other layer goes through its API.
    files: ['electron/media/**/*.ts', 'electron/api/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'electron/mcp/**/*.ts', 'electron/render/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noSqlite] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSqlite] }] },
  },
);
