import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const layer = (patterns, message) => ({ group: patterns, message });

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
  // The one-way layers of DESIGN.md, enforced where they matter most.
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/storage/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['dexie', 'dexie/*'], 'Only src/storage imports Dexie.'),
            layer(['@tensorflow/*'], 'Only workers/ imports TensorFlow.js.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/data/duckdb-wasm.ts', 'src/data/testing/**', 'src/data/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['dexie', 'dexie/*'], 'Only src/storage imports Dexie.'),
            layer(['@tensorflow/*'], 'Only workers/ imports TensorFlow.js.'),
            layer(
              ['@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*'],
              'Only src/data/duckdb-wasm.ts imports DuckDB-WASM.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['@tensorflow/*'], 'Only workers/ imports TensorFlow.js.'),
            layer(
              ['@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*'],
              'Only src/data/duckdb-wasm.ts imports DuckDB-WASM.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/ml/**', 'src/notebook/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(
              [
                '**/app/**',
                '**/cells/**',
                '**/runtime/**',
                '**/storage/**',
                '**/ui/**',
                '**/training/**',
                '**/data/**',
              ],
              'src/ml and src/notebook are pure: they import none of the upper layers.',
            ),
          ],
        },
      ],
    },
  },
  // A cell kind is one unit: no folder of src/cells/ imports another's. What kinds share lives
  // below them (src/cells/shared/, src/notebook, src/data, src/ml). typescript-eslint's rule of the
  // same name, so that this adds to the layer rules above instead of replacing them.
  {
    files: ['src/cells/*/*.ts', 'src/cells/*/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./(?!shared/)[^./][^/]*/|(\\.\\./){2,}cells/)',
              message:
                'A cell kind imports no other kind: move what they share to src/cells/shared/ or a lower layer.',
            },
          ],
        },
      ],
    },
  },
);
