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
// electron/storage's index.ts is its only public surface: outside the folder nothing imports the files inside it,
// and only tests and their support import its test-support (fixtures, the S3 test server).
const storageFolders = '^(\\.\\./)+(electron/)?storage/';
const noStorageInternals = { regex: `${storageFolders}(?!index\\.js$)`, message: 'Import electron/storage/index.js, the library\'s only public surface (export what you need there).' };
const noStorageInternalsInTests = { regex: `${storageFolders}(?!index\\.js$)(?!(remote/)?test-support/)`, message: noStorageInternals.message };
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
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noSqlite, noStorageInternals] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSqlite, noStorageInternals] }] },
  },
  {
    files: ['electron/main/**/*.test.ts', 'electron/preload/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSqlite, noStorageInternalsInTests] }] },
  },
  {
    // Tests and benchmarks beside the storage folder: the same one door, plus storage's test-support.
    files: ['electron/{media,api,web,cli,mcp,render}/**/*.test.ts', 'test/**/*.{ts,mjs}', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noStorageInternalsInTests] }] },
  },
  {
    // The other layers' test-support: their layer's rules, and storage's test-support allowed.
    files: ['electron/{media,api,web,cli,mcp,render}/**/test-support/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noSqlite, noStorageInternalsInTests] }] },
  },
);
