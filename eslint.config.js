import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/*
 * The one-way layers of DESIGN.md, as import restrictions. In flat config a later block's options
 * for a rule *replace* an earlier block's for the files both match: restrictions do not add up
 * across blocks. So every restriction is a named piece below, and each zone lists, in full, the
 * pieces that apply to its files; a narrower zone comes after a wider one and repeats what it
 * keeps. To add a restriction, add a piece and put it in the zones it applies to; never add
 * another `no-restricted-imports` block (`scripts/check-layers.mjs`, run by `npm run lint`,
 * fails when a zone loses a piece).
 */
const piece = (group, message, extra = {}) => ({ group, message, ...extra });

const DEXIE = piece(['dexie', 'dexie/*'], 'Only src/storage imports Dexie.');
const TFJS = piece(['@tensorflow/*'], 'Only workers/ imports TensorFlow.js.');
const DUCKDB = piece(
  ['@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*'],
  'Only src/data/duckdb-wasm.ts (and its worker, workers/duckdb/engine.worker.ts) imports DuckDB-WASM.',
);
const WORKER_TYPES = piece(
  ['**/workers/**'],
  'src/ imports only types from workers/: the worker runs apart, reached through src/training.',
  { allowTypeImports: true },
);
const upper = (...folders) => folders.map((f) => `**/${f}/**`);
const PURE_ML = piece(
  upper('app', 'cells', 'runtime', 'storage', 'ui', 'training', 'data', 'notebook', 'report', 'workers'),
  'src/ml is pure TypeScript: it imports nothing of src/ but lib/.',
);
const PURE_NOTEBOOK = piece(
  upper('app', 'cells', 'runtime', 'storage', 'ui', 'training', 'data', 'report', 'workers'),
  'src/notebook is pure: it imports none of the upper layers (ml/ and lib/ only).',
);

// A cell kind is one unit: no folder of src/cells/ imports another's. What kinds share lives below
// them (src/cells/shared/, src/notebook, src/data, src/ml).
const KINDS_APART = {
  regex: '^(\\.\\./(?!shared/)[^./][^/]*/|(\\.\\./){2,}cells/)',
  message: 'A cell kind imports no other kind: move what they share to src/cells/shared/ or a lower layer.',
};

const SRC = ['src/**/*.ts', 'src/**/*.svelte'];
const IN_SRC = [DEXIE, TFJS, DUCKDB, WORKER_TYPES];
const without = (pieces, ...left) => pieces.filter((p) => !left.includes(p));

/** Files → every restriction on them. Later zones win where they overlap, so they list all. */
const zones = [
  { files: SRC, pieces: IN_SRC },
  { files: ['src/cells/*/*.ts', 'src/cells/*/*.svelte'], pieces: [...IN_SRC, KINDS_APART] },
  // Tests and their helpers run the worker's core in Node, where no worker is.
  { files: ['src/**/*.test.ts', 'src/**/testing.ts'], pieces: without(IN_SRC, WORKER_TYPES) },
  { files: ['src/storage/**'], pieces: without(IN_SRC, DEXIE) },
  {
    files: ['src/data/duckdb-wasm.ts', 'src/data/testing/**', 'src/data/**/*.test.ts'],
    pieces: without(IN_SRC, DUCKDB),
  },
  { files: ['src/ml/**'], pieces: [...IN_SRC, PURE_ML] },
  { files: ['src/notebook/**'], pieces: [...IN_SRC, PURE_NOTEBOOK] },
  { files: ['workers/**/*.ts'], pieces: [DEXIE, DUCKDB] },
  // The engine's worker runs DuckDB-WASM's own worker code (see workers/duckdb/engine.worker.ts).
  { files: ['workers/duckdb/engine.worker.ts'], pieces: [DEXIE] },
];

const layers = zones.map(({ files, pieces }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: pieces }] },
}));

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/out/',
      'bench/data/',
      'dev-dist/',
      'dist-cli/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Plain Map/Set/Date hold internals that must not be reactive (timers, controllers, ISO stamps).
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  ...layers,
);
