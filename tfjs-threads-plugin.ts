import type { Plugin } from 'vite';

/**
 * tfjs-backend-wasm's threads start each pthread from a Blob of `factory.toString()`, outside the
 * bundle. Its factory reads `_scriptDir`, a variable of the closure around it, behind a `typeof`
 * guard; the minifier renames it and turns the guard into `e !== void 0`, which throws
 * "e is not defined" in the pthread, so training on wasm hung under cross-origin isolation
 * (e2e/offline.spec.ts). `_scriptDir` is always undefined in a browser worker (it is
 * `document.currentScript` or Node's `__filename`), so the guarded line does nothing there: it goes.
 */
const GUARD = 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}';

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'casebook:tfjs-wasm-threads',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/.test(id)) return null;
      // A new tfjs may have changed the line: fail the build rather than ship threads that hang.
      if (!code.includes(GUARD)) this.error(`tfjs-threads-plugin: the _scriptDir guard is gone from ${id}`);
      return { code: code.replace(GUARD, ''), map: null };
    },
  };
}
