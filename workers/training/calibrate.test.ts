import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendName } from './api';
import { measureBackends, type StepTimer } from './calibrate';
import type { CalibrationHolder } from './calibrated';
import { cpuTfBackend } from './run-mlp';
import { trainingService } from './service';
import { specFor, synthetic } from './testing';

/*
 * The measuring half of the calibration: the budget on a fake clock with fake step times, then
 * the real step of the app's network on TensorFlow.js's CPU backend in Node.
 */

/** A clock that only moves when a fake step runs. */
function fakeDevice(stepMs: Partial<Record<BackendName, number>>) {
  let t = 0;
  let current: BackendName = 'cpu';
  const started: BackendName[] = [];
  return {
    started,
    now: () => t,
    start: (backend: BackendName) => {
      started.push(backend);
      current = backend;
      return Promise.resolve(stepMs[backend] !== undefined);
    },
    step: (): StepTimer => ({
      run(limitMs) {
        const ms = stepMs[current] ?? Infinity;
        if (ms > limitMs) {
          t += Math.max(0, limitMs);
          return Promise.resolve(null);
        }
        t += ms;
        return Promise.resolve(ms);
      },
      dispose: () => undefined,
    }),
  };
}

describe('measureBackends on fake timings', () => {
  it('measures each backend that starts and picks the fastest', async () => {
    const device = fakeDevice({ wasm: 12, webgpu: 3, webgl: 40, cpu: 31 });
    const c = await measureBackends('key', ['wasm', 'webgpu', 'webgl', 'cpu'], device);
    expect(c.winner).toBe('webgpu');
    expect(c.entries).toEqual([
      { backend: 'wasm', state: 'measured', msPerStep: 12, steps: 3 },
      { backend: 'webgpu', state: 'measured', msPerStep: 3, steps: 3 },
      { backend: 'webgl', state: 'measured', msPerStep: 40, steps: 3 },
      { backend: 'cpu', state: 'measured', msPerStep: 31, steps: 3 },
    ]);
    // Warm-up and three steps each: 4 × (12 + 3 + 40 + 31).
    expect(c.totalMs).toBe(344);
  });

  it('a backend that finishes no step within its share loses, and the budget it used is gone', async () => {
    // WebGL (SwiftShader) takes 900 ms a step: its share is (2000 − 48) / 2 = 976 ms, enough for
    // the warm-up only. The CPU backend then has what is left.
    const device = fakeDevice({ wasm: 12, webgl: 900, cpu: 31 });
    const c = await measureBackends('key', ['wasm', 'webgl', 'cpu'], device);
    expect(c.entries[1]).toEqual({ backend: 'webgl', state: 'too-slow', shareMs: 976 });
    expect(c.entries[2]).toEqual({ backend: 'cpu', state: 'measured', msPerStep: 31, steps: 3 });
    expect(c.winner).toBe('wasm');
  });

  it('a backend that does not start is failed; once the budget is spent the rest are skipped', async () => {
    const device = fakeDevice({ wasm: 700, cpu: 31 });
    const c = await measureBackends('key', ['wasm', 'webgl', 'cpu'], { ...device, budgetMs: 1_000 });
    // WASM: share 1,000 / 3 = 333 ms, so its 700 ms warm-up is cut at 333 ms: too slow.
    expect(c.entries).toEqual([
      { backend: 'wasm', state: 'too-slow', shareMs: 1_000 / 3 },
      { backend: 'webgl', state: 'failed', message: 'it did not start in this browser' },
      { backend: 'cpu', state: 'measured', msPerStep: 31, steps: 3 },
    ]);
    expect(c.winner).toBe('cpu');
    const spent = fakeDevice({ wasm: 2_500, cpu: 31 });
    const late = await measureBackends('key', ['wasm', 'cpu'], { ...spent, budgetMs: 100 });
    // Past the budget after WASM's share (never under MIN_SHARE_MS = 150 ms): the CPU is not measured.
    expect(late.entries).toEqual([
      { backend: 'wasm', state: 'too-slow', shareMs: 150 },
      { backend: 'cpu', state: 'skipped' },
    ]);
    expect(late.winner).toBeNull();
    expect(spent.started).toEqual(['wasm']);
  });

  it('a step that throws (a lost device) fails its backend only', async () => {
    const device = fakeDevice({ wasm: 12, webgpu: 3 });
    const c = await measureBackends('key', ['wasm', 'webgpu'], {
      ...device,
      step: () => {
        const inner = device.step();
        return {
          run: (limit) =>
            device.started.at(-1) === 'webgpu' ? Promise.reject(new Error('device lost')) : inner.run(limit),
          dispose: inner.dispose,
        };
      },
    });
    expect(c.entries[1]).toEqual({ backend: 'webgpu', state: 'failed', message: 'device lost' });
    expect(c.winner).toBe('wasm');
  });
});

describe('measureBackends on TensorFlow.js in Node', () => {
  it('times real training steps of the network on the CPU backend and leaves no tensor behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const start = async (b: BackendName) => b === 'cpu' && (await tf.setBackend('cpu'));
    const c = await measureBackends('node', ['wasm', 'cpu'], { start, budgetMs: 5_000 });
    expect(c.entries[0]).toEqual({
      backend: 'wasm',
      state: 'failed',
      message: 'it did not start in this browser',
    });
    const cpu = c.entries[1];
    if (cpu?.state !== 'measured') throw new Error(`cpu was not measured: ${JSON.stringify(cpu)}`);
    expect(cpu.msPerStep).toBeGreaterThan(0);
    expect(cpu.msPerStep).toBeLessThan(5_000);
    expect(cpu.steps).toBeGreaterThanOrEqual(1);
    expect(c.winner).toBe('cpu');
    await new Promise((resolve) => setTimeout(resolve, 0)); // disposal waits for the last read
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the worker holds one calibration: measured once, shared by concurrent asks, replaced only by its device', async () => {
    const backend = cpuTfBackend();
    const holder: CalibrationHolder = backend.calibration;
    expect(await holder.current(false)).toBeNull();
    const [a, b] = await Promise.all([holder.current(true), holder.current(true)]);
    expect(a).toBe(b);
    expect(holder.measurements).toBe(1);
    expect((await holder.state()).held).toBe(a);
    if (a === null) throw new Error('not measured');
    expect(await holder.use({ ...a, key: 'another device' })).toBe(false);
    const kept = { ...a, measuredAt: '2026-01-01T00:00:00.000Z' };
    expect(await holder.use(kept)).toBe(true);
    expect(await holder.current(true)).toBe(kept);
    expect(holder.measurements).toBe(1);
  });

  it('a calibration waits for a network in training to end (it switches the backend), and training waits for it', async () => {
    const service = trainingService(cpuTfBackend({ calibrationBudgetMs: 200 }));
    const data = synthetic('binary');
    const { x, y, columns, featureNames } = data;
    await service.load({ datasetId: 'd', x, y, columns, featureNames });
    const order: string[] = [];
    const request = (runId: string) => ({
      runId,
      datasetId: 'd',
      spec: { ...specFor('mlp', 'binary'), epochs: 3 },
      train: data.train.slice(),
      validation: data.validation.slice(),
      backend: 'auto' as const,
    });
    const training = service.train(request('r1'), () => undefined).then((o) => order.push(`r1 ${o.type}`));
    const measuring = service.calibrate().then(() => order.push('calibrated'));
    await Promise.all([training, measuring]);
    expect(order).toEqual(['r1 done', 'calibrated']);
  });
});
