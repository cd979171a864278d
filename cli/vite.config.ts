import { defineConfig } from 'vite';

/*
 * The command line as one Node ES module, dist-cli/casebook.mjs. An SSR build: packages stay
 * external (native @duckdb/node-api, valibot, apache-arrow load from node_modules at run time);
 * src/ and cli/ are bundled.
 */
export default defineConfig({
  logLevel: 'warn',
  // public/ is the app's (the sample's data): not the command line's.
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      // The command line, its scoring threads, and the benchmark's helpers (bench/score.mjs).
      input: { casebook: 'cli/casebook.ts', 'score-worker': 'cli/score-worker.ts', bench: 'cli/bench.ts' },
      output: { entryFileNames: '[name].mjs', chunkFileNames: 'shared-[hash].mjs', format: 'es' },
    },
  },
});
