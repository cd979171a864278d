import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  autoOrder,
  calibrationReason,
  deviceKey,
  measureCandidates,
  unmeasuredReason,
  type DeviceFacts,
} from '../../src/training/calibration';
import type { BackendChoice, BackendName, BackendReport } from './api';
import { CalibrationHolder, type CalibrationDevice } from './calibrated';
import type { TfBackend } from './run-mlp';
import { askedThreads, wasmSetup, wasmThreads } from './threads';

// All three or setWasmPaths throws; bundled by Vite, so nothing is fetched from a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

// Before the wasm backend starts (tfjs reads it then). Cross-origin isolated, tfjs loads the
// threaded-SIMD binary by itself; otherwise the single-threaded one, and 1 here changes nothing.
setThreadsCount(
  wasmThreads({
    isolated: Reflect.get(self, 'crossOriginIsolated') === true,
    cores: navigator.hardwareConcurrency,
    asked: askedThreads(self.name),
  }),
);

/** "SIMD, isolated: 2 threads": the wasm build that started (read after it did), for the backend line. */
async function wasmBuild(): Promise<string> {
  const [simd, threaded] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return wasmSetup({ simd: simd === true, threaded: threaded === true, threads: getThreadsCount() });
}

/** What the WebGPU adapter says of itself; null where the browser offers none. */
async function adapterFacts(): Promise<DeviceFacts['adapter']> {
  const gpu: unknown = Reflect.get(navigator, 'gpu');
  if (gpu === undefined || gpu === null) return null;
  const request: unknown = Reflect.get(gpu, 'requestAdapter');
  if (typeof request !== 'function') return null;
  const adapter: unknown = await Promise.resolve(request.call(gpu)).catch(() => null);
  if (adapter === null || typeof adapter !== 'object') return null;
  const info: unknown = Reflect.get(adapter, 'info');
  const field = (name: string): string => {
    const value: unknown = info !== null && typeof info === 'object' ? Reflect.get(info, name) : undefined;
    return typeof value === 'string' ? value : '';
  };
  return {
    vendor: field('vendor'),
    architecture: field('architecture'),
    device: field('device'),
    description: field('description'),
  };
}

let device: Promise<CalibrationDevice & { facts: DeviceFacts }> | null = null;

/** This worker's device, asked once: the adapter does not change under a running worker. */
function thisDevice(): Promise<CalibrationDevice & { facts: DeviceFacts }> {
  device ??= adapterFacts().then((adapter) => {
    const facts: DeviceFacts = {
      userAgent: navigator.userAgent,
      tfjsVersion: tf.version_core,
      adapter,
      crossOriginIsolated: Reflect.get(self, 'crossOriginIsolated') === true,
      cores: navigator.hardwareConcurrency,
    };
    return { facts, key: deviceKey(facts), candidates: measureCandidates(adapter !== null) };
  });
  return device;
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false; // tfjs #8065: initialisation can throw instead of returning false
  }
}

let lost = false;
/** Settles true once the WebGPU device in use is lost; null when training is not on WebGPU. */
let loss: Promise<true> | null = null;

/** True once the WebGPU device in use was lost: training must move to another backend. */
export function webGpuLost(): boolean {
  return lost;
}

/** Whether the WebGPU device in use is lost now or within `ms` (a failed read before `lost` settles). */
export function webGpuLostWithin(ms: number): Promise<boolean> {
  if (lost) return Promise.resolve(true);
  if (loss === null) return Promise.resolve(false);
  return Promise.race([loss, new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))]);
}

/** Watches the WebGPU device, when that is the backend, for a loss (driver reset, GPU removed). */
function watchDevice(): void {
  const gpuDevice: unknown = Reflect.get(tf.backend(), 'device');
  const lostPromise: unknown =
    gpuDevice !== null && typeof gpuDevice === 'object' ? Reflect.get(gpuDevice, 'lost') : undefined;
  if (lostPromise instanceof Promise) {
    const watched: Promise<true> = lostPromise.then(() => {
      // Only the device in use: a backend chosen since then has its own watch, or none.
      if (loss === watched) lost = true;
      return true;
    });
    loss = watched;
  }
}

/**
 * Destroys the WebGPU device in use, for the e2e test of a lost device (`TrainingTestApi`); false
 * when TensorFlow.js is on another backend. The app never calls it: `watchDevice` counts any loss.
 */
export function destroyWebGpuDevice(): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  const gpuDevice: unknown = Reflect.get(tf.backend(), 'device');
  const destroy: unknown =
    gpuDevice !== null && typeof gpuDevice === 'object' ? Reflect.get(gpuDevice, 'destroy') : undefined;
  if (typeof destroy !== 'function') return false;
  destroy.call(gpuDevice);
  return true;
}

const calibration = new CalibrationHolder(thisDevice, tryBackend);

/**
 * Picks the backend: the one asked for if it initialises, else the best that does. `auto` takes
 * the fastest in this device's calibration (measured now if none is held and `measure`), then the
 * other measured ones, fastest first, then the rest.
 */
export async function chooseBackend(
  choice: BackendChoice,
  exclude: readonly BackendName[] = [],
  options: { readonly measure?: boolean } = {},
): Promise<BackendReport> {
  const { facts } = await thisDevice();
  const measured = choice === 'auto' ? await calibration.current(options.measure ?? true) : null;
  const order = autoOrder(measured);
  const wanted = choice === 'auto' ? order : [choice, ...order.filter((b) => b !== choice)];
  const candidates = wanted.filter((b) => !exclude.includes(b) && (b !== 'webgpu' || facts.adapter !== null));
  for (const backend of candidates) {
    if (!(await tryBackend(backend))) continue;
    lost = false;
    loss = null;
    if (backend === 'webgpu') watchDevice();
    const reason = exclude.includes('webgpu')
      ? `The WebGPU device was lost; training moved to ${backend}.`
      : choice !== 'auto' && choice !== backend
        ? `${choice} did not start in this browser; using ${backend}.`
        : choice !== 'auto'
          ? `${backend}, as chosen.`
          : measured === null
            ? unmeasuredReason(backend)
            : calibrationReason(measured, backend);
    const setup = backend === 'wasm' ? { setup: await wasmBuild() } : {};
    return { backend, ...setup, reason, available: candidates };
  }
  throw new Error('no TensorFlow.js backend initialised, not even the CPU one');
}

/** The browser's backends for the training service. */
export const browserBackend: TfBackend = {
  choose: chooseBackend,
  lost: webGpuLost,
  lostWithin: webGpuLostWithin,
  calibration,
};
