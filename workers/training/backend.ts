import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendName, BackendReport } from './api';

// All three or setWasmPaths throws; bundled by Vite, so nothing is fetched from a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** What the GPU adapter says of itself: a software one (SwiftShader) is ~20× slower than WASM. */
async function gpuAdapter(): Promise<'hardware' | 'software' | 'none'> {
  const gpu: unknown = Reflect.get(navigator, 'gpu');
  if (gpu === undefined || gpu === null) return 'none';
  const request: unknown = Reflect.get(gpu, 'requestAdapter');
  if (typeof request !== 'function') return 'none';
  const adapter: unknown = await Promise.resolve(request.call(gpu)).catch(() => null);
  if (adapter === null || typeof adapter !== 'object') return 'none';
  const info: unknown = Reflect.get(adapter, 'info');
  const architecture = info && typeof info === 'object' ? Reflect.get(info, 'architecture') : undefined;
  const fallback = info && typeof info === 'object' ? Reflect.get(info, 'isFallbackAdapter') : undefined;
  return architecture === 'swiftshader' || fallback === true ? 'software' : 'hardware';
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false; // tfjs #8065: initialisation can throw instead of returning false
  }
}

let lost = false;

/** True once the WebGPU device in use was lost: training must move to another backend. */
export function webGpuLost(): boolean {
  return lost;
}

/** Watches the WebGPU device, when that is the backend, for a loss (driver reset, GPU removed). */
function watchDevice(): void {
  const device: unknown = Reflect.get(tf.backend(), 'device');
  const lostPromise: unknown = device && typeof device === 'object' ? Reflect.get(device, 'lost') : undefined;
  if (lostPromise instanceof Promise) {
    void lostPromise.then(() => {
      lost = true;
    });
  }
}

/**
 * Picks the backend: the one asked for if it initialises, else the best that does. `auto` takes
 * WebGPU only on a hardware adapter, then WASM (fastest on a CPU), WebGL, CPU.
 */
export async function chooseBackend(
  choice: BackendChoice,
  exclude: readonly BackendName[] = [],
): Promise<BackendReport> {
  const adapter = await gpuAdapter();
  const order: BackendName[] =
    adapter === 'hardware' ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'webgpu', 'cpu'];
  const wanted = choice === 'auto' ? order : [choice, ...order.filter((b) => b !== choice)];
  const candidates = wanted.filter((b) => !exclude.includes(b) && (b !== 'webgpu' || adapter !== 'none'));
  for (const backend of candidates) {
    if (!(await tryBackend(backend))) continue;
    lost = false;
    if (backend === 'webgpu') watchDevice();
    return { backend, reason: reasonFor(choice, backend, adapter, exclude), available: candidates };
  }
  throw new Error('no TensorFlow.js backend initialised, not even the CPU one');
}

function reasonFor(
  choice: BackendChoice,
  backend: BackendName,
  adapter: 'hardware' | 'software' | 'none',
  exclude: readonly BackendName[],
): string {
  if (exclude.includes('webgpu')) return `The WebGPU device was lost; training moved to ${backend}.`;
  if (choice !== 'auto' && choice !== backend)
    return `${choice} did not start in this browser; using ${backend}.`;
  if (choice !== 'auto') return `${backend}, as chosen.`;
  if (backend === 'webgpu') return 'WebGPU on a hardware GPU adapter.';
  if (adapter === 'software')
    return `${backend}: the only WebGPU adapter is a software one, slower than ${backend}.`;
  if (adapter === 'none') return `${backend}: this browser offers no WebGPU adapter.`;
  return `${backend}.`;
}
