import { defineConfig } from 'vite';

/*
 * The command line as one Node ES module, dist-cli/casebook.mjs. An SSR build: packages stay
 * external (native @duckdb/node-api, valibot, apache-arrow load from node_modules at run time);
 * src/ and cli/ are bundled.
 */
export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: 'cli/casebook.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'casebook.mjs', format: 'es' } },
  },
});
