/**
 * No import circles in src/ and workers/, type-only imports included (`npm run lint`).
 *
 * Why dependency-cruiser and not eslint-plugin-import-x's `no-cycle`: `no-cycle` skips every
 * `import type` edge, and each circle we had ran through one (`csv-rejects.ts` → `csv-sql.ts` for
 * two types, `csv-sql.ts` → `csv-rejects.ts` for two constants), so it passed on all five. A circle
 * of types still ties two modules into one unit that cannot be understood, moved or tested apart.
 * With `tsPreCompilationDeps` dependency-cruiser reads the TypeScript before types are erased.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: move the shared name into a module below both, or turn the edge around.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'] },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};
