import { describe, expect, it } from 'vitest';
import { briefOf } from '../cells/testing';
import { cellOutput } from '../notebook/graph';
import { asCellId, asRunId, type RunId } from '../notebook/ids';
import type { RunBatch } from '../notebook/runs';
import { runBundle } from '../storage/test-runs';
import { scriptFeatures, type ScriptStores } from './script-export';

// The fixture's batch trained on the table of Features cell f1; its chain gains the brief.
const base = runBundle().batch;
const features = base.lineage.links.find((l) => l.cell.kind === 'features')?.cell;
const BATCH: RunBatch = {
  ...base,
  data: { ...base.data, input: (features && cellOutput(features)) ?? '' },
  lineage: {
    links: [
      {
        cell: {
          id: asCellId('b1'),
          kind: 'brief',
          reads: [],
          config: briefOf({ input: 'active', target: 'churn' }),
        },
        fingerprint: 'b'.repeat(16),
        upstream: [],
        fitted: null,
        sql: null,
      },
      ...base.lineage.links,
    ],
  },
};

const stores = (champion: RunId | null, fail = false): ScriptStores => ({
  runs: {
    listCase: () => (fail ? Promise.reject(new Error('down')) : Promise.resolve({ batches: [BATCH] })),
  },
  registry: {
    champion: () => Promise.resolve(champion === null ? null : { version: { runId: champion } }),
  },
});

describe('scriptFeatures: the run Export SQL fits the features for', () => {
  it('is the champion’s run, else the best run; a store that fails leaves the features out', async () => {
    const champion = await scriptFeatures(stores(asRunId('run-0')), base.caseId);
    expect(champion.map((f) => [f.cellId, f.label])).toEqual([
      ['f1', 'the champion run run-0 (batch batch-1)'],
    ]);
    expect(champion[0]?.sql).toMatch(/^WITH "__split_\w+" AS MATERIALIZED \(/);
    const best = await scriptFeatures(stores(null), base.caseId);
    expect(best.map((f) => f.label)).toEqual([`the best run ${base.best ?? ''} (batch batch-1)`]);
    expect(await scriptFeatures(stores(null, true), base.caseId)).toEqual([]);
  });
});
