/*
 * The libraries the app fetches only when first needed, each as a chunk of its own name
 * (vite.config.ts). e2e/lazy-chunks.spec.ts asserts, by these names, that the boot fetches none.
 * TensorFlow.js is the training worker's own bundle (`training.worker-*.js`).
 */
export const LAZY_CHUNKS = [
  {
    name: 'codemirror',
    test: /[\\/]node_modules[\\/](@codemirror|@lezer|@marijn|style-mod|w3c-keyname|crelt)[\\/]/,
  },
  {
    name: 'plot',
    test: /[\\/]node_modules[\\/](@observablehq[\\/]plot|d3|d3-[^\\/]+|interval-tree-1d|isoformat|internmap|delaunator|robust-predicates|binary-search-bounds)[\\/]/,
  },
] as const;
