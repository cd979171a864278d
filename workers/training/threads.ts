/**
 * How many threads tfjs-backend-wasm uses, and how the backend line names its build. Pure: the
 * worker (backend.ts) reads the facts from the browser and applies the choice.
 *
 * Threads need `SharedArrayBuffer`, which the browser offers only to a cross-origin isolated page
 * (the app's service worker makes it so from the second load on: workers/service-worker). tfjs
 * then loads its threaded-SIMD binary by itself; without isolation it loads the single-threaded
 * SIMD one and no `SharedArrayBuffer` is made.
 */

/** At most this many: the page's DuckDB worker and UI need cores too. */
export const MAX_WASM_THREADS = 4;

export interface ThreadFacts {
  /** `crossOriginIsolated` in the worker. */
  readonly isolated: boolean;
  /** `navigator.hardwareConcurrency` (0 or absent where the browser hides it). */
  readonly cores: number;
  /** A count asked for by whoever started the worker (the bench: 1 vs threads), or null. */
  readonly asked: number | null;
}

/**
 * The threads the wasm backend gets: 1 without isolation; with it, what tfjs-backend-wasm 4.22
 * allows, which is at most half the logical cores (its backend.cc assumes two hyper-threads per
 * core and caps the pool at hardwareConcurrency / 2, so a 2-core machine gets 1 whatever is
 * asked), at most MAX_WASM_THREADS, or fewer when asked for.
 */
export function wasmThreads(facts: ThreadFacts): number {
  if (!facts.isolated) return 1;
  const cores = Number.isFinite(facts.cores) ? Math.floor(facts.cores) : 1;
  const allowed = Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(cores / 2)));
  return Math.min(allowed, Math.max(1, facts.asked ?? allowed));
}

const ASKED = /(?:^|\s)wasm-threads=(\d+)(?:\s|$)/;

/**
 * The thread count asked for in the worker's name (`new Worker(url, { name: 'wasm-threads=1' })`),
 * or null: the app never names one; the bench does, to time 1 thread against several.
 */
export function askedThreads(workerName: string): number | null {
  const match = ASKED.exec(workerName);
  const count = match?.[1] === undefined ? NaN : Number(match[1]);
  return Number.isInteger(count) && count >= 1 ? count : null;
}

/**
 * What the backend line says of the wasm build: "SIMD, isolated: 2 threads" (the threaded
 * binary, cross-origin isolated), "SIMD, 1 thread" (the single-threaded one).
 */
export function wasmSetup(build: {
  readonly simd: boolean;
  readonly threaded: boolean;
  readonly threads: number;
}): string {
  const threads = `${build.threads} thread${build.threads === 1 ? '' : 's'}`;
  return `${build.simd ? 'SIMD' : 'no SIMD'}, ${build.threaded ? `isolated: ${threads}` : threads}`;
}
