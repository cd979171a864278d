/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };
import { LAZY_CHUNKS } from './lazy-chunks';
import { tfjsWasmThreads } from './tfjs-threads-plugin';

/** Test files that need a module graph of their own (see `test.projects`). */
const ISOLATED_TESTS = [
  'src/storage/**/*.test.ts',
  'src/app/**/*.test.ts',
  'src/runtime/table-cache.test.ts',
  'src/data/arrow-vectors.test.ts',
];

/**
 * DuckDB-WASM's package says it has no side effects, so the bundler drops its worker script when
 * the engine's worker (workers/duckdb/engine.worker.ts) imports it for its effect alone: it has one.
 */
function duckDbWorkerRuns(): Plugin {
  return {
    name: 'casebook:duckdb-worker-runs',
    transform(code, id) {
      if (!/duckdb-wasm[\\/]dist[\\/]duckdb-browser-eh\.worker\.js$/.test(id)) return null;
      return { code, map: null, moduleSideEffects: true };
    },
  };
}

export default defineConfig({
  define: {
    // Stamped on exported scripts, runs and reports, so that each says which app made it.
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  plugins: [
    svelte(),
    VitePWA({
      // 'prompt': an update never reloads a tab under the user (see shared/notes/reliability.md).
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Casebook',
        short_name: 'Casebook',
        description: 'A local-first notebook from business question to monitored model.',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      // Our own worker (workers/service-worker/sw.ts), not a generated one: it adds the COOP/COEP
      // headers that make the app cross-origin isolated (wasm threads; issue 21 item 3).
      strategies: 'injectManifest',
      srcDir: 'workers/service-worker',
      filename: 'sw.ts',
      injectManifest: {
        // .md: the samples' origin notes (public/sample/*/ORIGIN.md), readable offline too.
        globPatterns: ['**/*.{js,mjs,css,html,wasm,parquet,csv,svg,md}'],
        // DuckDB's wasm is 34 MB: below this limit the precache silently leaves it out and offline breaks.
        maximumFileSizeToCacheInBytes: 60 * 1024 * 1024,
      },
    }),
  ],
  optimizeDeps: {
    exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
  },
  worker: {
    format: 'es',
    // The training worker's wasm threads (cross-origin isolated pages only): see the plugin.
    plugins: () => [tfjsWasmThreads(), duckDbWorkerRuns()],
  },
  preview: {
    // The name under which the e2e tests reach the preview server as another machine over plain
    // http, not a secure context (e2e/insecure-origin.spec.ts). Vite answers 403 to a host name it
    // does not know.
    allowedHosts: ['casebook.test'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      output: {
        // Named chunks for the libraries that load only when first needed (issue 21: a lean boot);
        // e2e/lazy-chunks.spec.ts checks by these names that none is fetched at boot.
        codeSplitting: {
          groups: LAZY_CHUNKS.map(({ name, test }) => ({ name, test })),
        },
      },
    },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one worker on CI's 2 cores. Two take the
    // suite from 505 s to 341 s there (the main process mostly waits).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'cli/**/*.test.ts'],
          exclude: ISOLATED_TESTS,
          // Pure modules: the test files of a worker share one module graph instead of importing
          // DuckDB, Arrow and TensorFlow.js again for each file. Measured on the whole suite on
          // 2 cores: 13.8 CPU-minutes isolated, 7.4 shared; every test passes either way.
          isolate: false,
        },
      },
      // Tests that install globals (fake-indexeddb, stubs of browser APIs) or mock modules keep a
      // fresh module graph each, so that no database or stub leaks from one file into the next.
      { extends: true, test: { name: 'isolated', include: ISOLATED_TESTS } },
    ],
  },
});
