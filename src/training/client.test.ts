import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { trainingService } from '../../workers/training/service';
import { specFor, synthetic } from '../../workers/training/testing';
import {
  CANCEL_GRACE_MS,
  TrainingClient,
  type TrainProgressEvent,
  type TrainRequest,
  type WorkerEndpoint,
} from './client';

/*
 * The client and the worker's service as in the browser, over a MessageChannel and comlink, in
 * one Node process: the messages, the transfers and the two ports (replies, progress) are real.
 */

const ports: MessagePort[] = [];

function inProcessWorker(): WorkerEndpoint {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(trainingService(), port1);
  return Object.assign(port2, { terminate: () => port1.close() });
}

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A page that takes `ms` to handle each event (a busy main thread). */
function slowly(ms: number, events: TrainProgressEvent[]) {
  return (event: TrainProgressEvent): void => {
    events.push(event);
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // busy: the page is drawing something else
    }
  };
}

async function loaded(client: TrainingClient, datasetId = 'data-1') {
  const data = synthetic('binary');
  const { x, y, columns, featureNames } = data;
  await client.load({ datasetId, x, y, columns, featureNames });
  return data;
}

function rows(data: ReturnType<typeof synthetic>, runId: string, datasetId = 'data-1'): TrainRequest {
  return {
    runId,
    datasetId,
    spec: specFor('gbdt', 'binary'),
    train: data.train.slice(),
    validation: data.validation.slice(),
    backend: 'cpu',
  };
}

describe('TrainingClient with the worker service', () => {
  it('resolves with the final event only after every progress event, however slow the page is', async () => {
    const client = new TrainingClient(inProcessWorker);
    const data = await loaded(client);
    const events: TrainProgressEvent[] = [];
    // 51 events × 50 ms: past the 2 s the client used to wait for a final event on the other port.
    const outcome = await client.train(rows(data, 'run-1'), slowly(50, events));
    const received = events.length;
    expect(outcome.type).toBe('done');
    if (outcome.type !== 'done') return;
    expect(outcome.kind).toBe('gbdt');
    expect(outcome.scores).toHaveLength(data.validation.length);
    expect(received).toBe(51);
    expect(events[0]?.type).toBe('started');
    expect(events.at(-1)).toMatchObject({ type: 'progress', iteration: 50 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(received);
    client.dispose();
  });

  it('keeps a loaded dataset for every training until it is released', async () => {
    const client = new TrainingClient(inProcessWorker);
    const data = synthetic('binary');
    const { x, y, columns, featureNames } = data;
    await client.load({ datasetId: 'data-1', x, y, columns, featureNames });
    // Transferred, not copied: the page's arrays are empty now.
    expect(x).toHaveLength(0);
    expect(y).toHaveLength(0);
    const request = rows(data, 'run-1');
    const first = await client.train(request, () => {});
    // The row lists too (the train cell sends copies where it still needs them).
    expect([request.train.length, request.validation.length]).toEqual([0, 0]);
    const second = await client.train(
      { ...rows(data, 'run-2'), spec: specFor('logistic', 'binary') },
      () => {},
    );
    expect([first.type, second.type]).toEqual(['done', 'done']);
    client.release('data-1');
    const after = await client.train(rows(data, 'run-3'), () => {});
    expect(after).toMatchObject({ type: 'failed', code: 'internal', runId: 'run-3' });
    if (after.type === 'failed') expect(after.message).toMatch(/no longer in the worker/);
    client.dispose();
  });

  it('a failure is the final event, with its code', async () => {
    const client = new TrainingClient(inProcessWorker);
    const data = await loaded(client);
    const events: TrainProgressEvent[] = [];
    const outcome = await client.train(
      {
        ...rows(data, 'run-1'),
        spec: { kind: 'tree', task: 'binary', maxDepth: 3, minSamplesLeaf: 0, seed: 0 },
      },
      (event) => events.push(event),
    );
    expect(outcome).toMatchObject({ type: 'failed', code: 'bad-input' });
    expect(events.map((e) => e.type)).toEqual(['started']);
    client.dispose();
  });

  it('cancel during a fit: a worker that answers ends the run cancelled within a batch, keeping its epochs so far', async () => {
    let spawned = 0;
    const client = new TrainingClient(() => {
      spawned++;
      return inProcessWorker();
    });
    const data = await loaded(client);
    const events: TrainProgressEvent[] = [];
    let pressed = 0;
    const request = { ...rows(data, 'mlp-1'), spec: { ...specFor('mlp', 'binary'), epochs: 100_000 } };
    const outcome = await client.train(request, (event) => {
      events.push(event);
      if (event.type === 'epoch' && event.epoch === 2) {
        pressed = performance.now();
        client.cancel('mlp-1');
      }
    });
    expect(outcome).toMatchObject({ type: 'failed', code: 'cancelled', message: 'Training was cancelled.' });
    // An epoch of 320 rows is 10 batches; the bound is one batch plus 2 s, and no worker was ended.
    expect(performance.now() - pressed).toBeLessThan(CANCEL_GRACE_MS);
    expect(events.filter((e) => e.type === 'epoch').length).toBeGreaterThanOrEqual(2);
    expect(spawned).toBe(1);
    client.dispose();
  });

  it('cancel during a fit: a worker that does not answer is ended after the grace period, and a fresh one trains the next run', async () => {
    let spawned = 0;
    const ended: number[] = [];
    // The first worker's fit never returns to its message loop: it takes neither train's reply nor cancel.
    const stuckWorker = (): WorkerEndpoint => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1, port2);
      const service = trainingService();
      Comlink.expose(
        { ...service, train: () => new Promise<never>(() => undefined), cancel: () => undefined },
        port1,
      );
      return Object.assign(port2, {
        terminate: () => {
          ended.push(performance.now());
          port1.close();
        },
      });
    };
    const client = new TrainingClient(() => (++spawned === 1 ? stuckWorker() : inProcessWorker()));
    const data = await loaded(client);
    const running = client.train(rows(data, 'stuck'), () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pressed = performance.now();
    client.cancel('stuck');
    const outcome = await running;
    const took = performance.now() - pressed;
    expect(outcome).toMatchObject({ type: 'failed', runId: 'stuck', code: 'cancelled' });
    expect(took).toBeGreaterThanOrEqual(CANCEL_GRACE_MS - 5);
    expect(took).toBeLessThan(CANCEL_GRACE_MS + 1_000);
    expect(ended).toHaveLength(1);
    // The next run: a fresh worker (its data loaded again), trained to the end.
    const again = await loaded(client);
    const next = await client.train(rows(again, 'next'), () => undefined);
    expect(next).toMatchObject({ type: 'done', runId: 'next' });
    expect(spawned).toBe(2);
    client.dispose();
  });
});
