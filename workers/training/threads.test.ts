import { describe, expect, it } from 'vitest';
import { askedThreads, MAX_WASM_THREADS, wasmSetup, wasmThreads } from './threads';

// The reference for the cap: tfjs-backend-wasm 4.22's src/cc/backend.cc, init_with_threads_count:
// min(max(count, 1), 8, hardwareConcurrency / 2). Measured here: on a 2-core machine, isolated,
// setThreadsCount(2) gave getThreadsCount() = 1 (e2e/offline.spec.ts).
describe('wasmThreads', () => {
  it('is 1 without cross-origin isolation, whatever the cores or the ask (no SharedArrayBuffer there)', () => {
    expect(wasmThreads({ isolated: false, cores: 8, asked: null })).toBe(1);
    expect(wasmThreads({ isolated: false, cores: 8, asked: 4 })).toBe(1);
  });

  it('takes half the logical cores when isolated, as tfjs allows: 1 on 2 cores, 2 on 4, 3 on 6', () => {
    expect(wasmThreads({ isolated: true, cores: 2, asked: null })).toBe(1);
    expect(wasmThreads({ isolated: true, cores: 4, asked: null })).toBe(2);
    expect(wasmThreads({ isolated: true, cores: 6, asked: null })).toBe(3);
  });

  it(`caps the pool at ${MAX_WASM_THREADS} threads`, () => {
    expect(wasmThreads({ isolated: true, cores: 32, asked: null })).toBe(MAX_WASM_THREADS);
    expect(wasmThreads({ isolated: true, cores: 32, asked: 64 })).toBe(MAX_WASM_THREADS);
  });

  it('never asks more than tfjs allows, and at least 1 where the browser hides its cores (0, NaN)', () => {
    expect(wasmThreads({ isolated: true, cores: 2, asked: 2 })).toBe(1);
    expect(wasmThreads({ isolated: true, cores: 0, asked: null })).toBe(1);
    expect(wasmThreads({ isolated: true, cores: Number.NaN, asked: null })).toBe(1);
  });

  it('takes fewer when asked (the bench: 1 thread against several)', () => {
    expect(wasmThreads({ isolated: true, cores: 8, asked: 1 })).toBe(1);
    expect(wasmThreads({ isolated: true, cores: 8, asked: 3 })).toBe(3);
  });
});

describe('askedThreads', () => {
  it('reads wasm-threads=N from the worker name', () => {
    expect(askedThreads('wasm-threads=1')).toBe(1);
    expect(askedThreads('bench wasm-threads=2')).toBe(2);
  });

  it('is null for no name, another name, 0 or a malformed count', () => {
    expect(askedThreads('')).toBeNull();
    expect(askedThreads('training')).toBeNull();
    expect(askedThreads('wasm-threads=0')).toBeNull();
    expect(askedThreads('wasm-threads=two')).toBeNull();
    expect(askedThreads('xwasm-threads=2')).toBeNull();
  });
});

describe('wasmSetup', () => {
  it('names SIMD, the threaded build (isolated) and the thread count, singular for one', () => {
    expect(wasmSetup({ simd: true, threaded: true, threads: 2 })).toBe('SIMD, isolated: 2 threads');
    expect(wasmSetup({ simd: true, threaded: true, threads: 1 })).toBe('SIMD, isolated: 1 thread');
    expect(wasmSetup({ simd: true, threaded: false, threads: 1 })).toBe('SIMD, 1 thread');
    expect(wasmSetup({ simd: false, threaded: false, threads: 1 })).toBe('no SIMD, 1 thread');
  });
});
