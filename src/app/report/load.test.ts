import { describe, expect, it } from 'vitest';
import { asCellId, asRunId } from '../../notebook/ids';
import { newCell } from '../../notebook/ops';
import { sampleCase } from '../../notebook/test-helpers';
import type { Case } from '../../notebook/types';
import { RunStore } from '../../storage/runs';
import { freshFactory, openDb } from '../../storage/test-db';
import { runBundle } from '../../storage/test-runs';
import { loadBatches } from './load';

describe('loadBatches', () => {
  it('shows a batch with a run deleted for good: the runs it keeps', async () => {
    const store = new RunStore(openDb(freshFactory()));
    const bundle = runBundle();
    await store.saveBatch(bundle);
    await store.deleteForGood([asRunId('run-1')]);
    const train = newCell('train', asCellId('t1'), new Set());
    const doc: Case = { ...sampleCase(), cells: [...sampleCase().cells, train] };
    const loaded = await loadBatches(store, doc, () => null);
    expect(loaded.get(asCellId('t1'))?.runs.map((r) => r.id)).toEqual(['run-0', 'run-2', 'run-3']);
  });
});
