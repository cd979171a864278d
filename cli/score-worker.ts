import { workerData } from 'node:worker_threads';
import { scoreOutputs } from '../src/notebook/bundle/score';
import type { BundleDecision } from '../src/notebook/bundle/types';
import type { StoredModel } from '../src/notebook/runs';
import { DONE, EXIT, GO, SLOT, type Shared } from './score-pool';

/* One scoring thread of cli/score-pool.ts: waits for its slot to say GO, scores its rows, says DONE. */

function isInput(
  value: unknown,
): value is { model: StoredModel; decision: BundleDecision; shared: Shared; index: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'model' in value &&
    'decision' in value &&
    'shared' in value &&
    'index' in value
  );
}

if (!isInput(workerData)) throw new Error('score-worker: no model and shared memory given');
const { model, decision, shared, index } = workerData;
const x = new Float32Array(shared.x);
const out = new Float64Array(shared.scores);
const control = new Int32Array(shared.control);
const at = index * SLOT;

for (;;) {
  const state = Atomics.load(control, at);
  if (state === EXIT) break;
  if (state !== GO) {
    // IDLE, or DONE until the main thread has read the scores: sleep until the slot changes.
    Atomics.wait(control, at, state);
    continue;
  }
  const from = control[at + 1] ?? 0;
  const to = control[at + 2] ?? 0;
  try {
    if (to > from) {
      const data = x.subarray(from * shared.width, to * shared.width);
      out.set(
        scoreOutputs(model, decision, { data, rows: to - from, cols: shared.width }),
        from * shared.outputs,
      );
    }
  } catch {
    control[at + 3] = 1;
  }
  Atomics.store(control, at, DONE);
  Atomics.notify(control, at);
}
