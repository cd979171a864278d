import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuTfBackend } from '../../workers/training/run-mlp';
import { trainingService } from '../../workers/training/service';
import { specFor, synthetic } from '../../workers/training/testing';
import type { TrainingApi } from '../../workers/training/api';
import type { Calibration } from './calibration';
import { TrainingClient, type CalibrationCache, type WorkerEndpoint } from './client';

/*
 * The calibration kept across workers: the client gives a fresh worker the calibration its cache
 * holds for the device, so that it measures once per device, not once per visit. The worker's
 * service runs over a MessageChannel with the CPU backend (each worker its own calibration).
 */

const ports: MessagePort[] = [];
/** Every worker started, to ask how many calibrations each measured. */
const workers: Comlink.Remote<TrainingApi>[] = [];

function inProcessWorker(): WorkerEndpoint {
  const { port1, port2 } = new MessageChannel();
  const { port1: probe1, port2: probe2 } = new MessageChannel();
  ports.push(port1, port2, probe1, probe2);
  const service = trainingService(cpuTfBackend({ calibrationBudgetMs: 300 }));
  Comlink.expose(service, port1);
  Comlink.expose(service, probe1);
  workers.push(Comlink.wrap<TrainingApi>(probe2));
  return Object.assign(port2, { terminate: () => port1.close() });
}

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
  workers.splice(0);
});

function memoryCache(): CalibrationCache & { rows: Map<string, unknown>; puts: number } {
  const rows = new Map<string, unknown>();
  return {
    rows,
    puts: 0,
    get: (key) => Promise.resolve(rows.get(key) ?? null),
    put(calibration: Calibration) {
      this.puts += 1;
      rows.set(calibration.key, JSON.parse(JSON.stringify(calibration)));
      return Promise.resolve();
    },
  };
}

const measurements = () => Promise.all(workers.map((w) => w.calibrations()));

describe('TrainingClient keeps the calibration per device', () => {
  it('measures on the first ask that may measure, keeps it, and a fresh worker reuses it', async () => {
    const cache = memoryCache();
    const first = new TrainingClient(inProcessWorker, cache);
    await first.backends(); // without `measure`: nothing is measured
    expect(await measurements()).toEqual([0]);
    await first.backends({ measure: true });
    await first.backends({ measure: true });
    expect(await measurements()).toEqual([1]);
    expect(cache.puts).toBe(1);
    const [stored] = [...cache.rows.values()];
    first.dispose();

    const second = new TrainingClient(inProcessWorker, cache);
    await second.backends({ measure: true });
    expect(await measurements()).toEqual([1, 0]);
    expect(cache.puts).toBe(1);
    const held = await workers[1]?.calibrationState();
    expect(held?.held).toEqual(stored);
    second.dispose();
  });

  it('a network on auto trains without measuring again; Measure again measures and keeps the new one', async () => {
    const cache = memoryCache();
    const client = new TrainingClient(inProcessWorker, cache);
    await client.backends({ measure: true });
    const data = synthetic('binary');
    const { x, y, columns, featureNames } = data;
    await client.load({ datasetId: 'd', x, y, columns, featureNames });
    const spec = { ...specFor('mlp', 'binary'), epochs: 1 };
    const outcome = await client.train(
      { runId: 'r', datasetId: 'd', spec, train: data.train, validation: data.validation, backend: 'auto' },
      () => undefined,
    );
    expect(outcome.type).toBe('done');
    expect(await measurements()).toEqual([1]);
    const before = [...cache.rows.values()][0];
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later measuredAt
    await client.measureBackends();
    expect(await measurements()).toEqual([2]);
    expect(cache.puts).toBe(2);
    expect([...cache.rows.values()][0]).not.toEqual(before);
    client.dispose();
  });

  it('a stored row that is not a calibration (or another device’s) is measured again and replaced', async () => {
    const cache = memoryCache();
    const probe = new TrainingClient(inProcessWorker, cache);
    await probe.backends();
    const key = (await workers[0]?.calibrationState())?.key ?? '';
    probe.dispose();
    cache.rows.set(key, { version: 1, key, winner: 'cpu' });
    const client = new TrainingClient(inProcessWorker, cache);
    await client.backends({ measure: true });
    expect(await measurements()).toEqual([0, 1]);
    expect(cache.puts).toBe(1);
    client.dispose();
  });

  it('without a cache every worker measures for itself', async () => {
    const a = new TrainingClient(inProcessWorker);
    await a.backends({ measure: true });
    const b = new TrainingClient(inProcessWorker);
    await b.backends({ measure: true });
    expect(await measurements()).toEqual([1, 1]);
    a.dispose();
    b.dispose();
  });
});
