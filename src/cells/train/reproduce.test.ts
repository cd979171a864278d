import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { mulberry32 } from '../../ml/models/prng';
import type { RunBatchBundle, RunLineage } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import { briefOf, cellOf, inProcessTraining, memoryRuns, testContext } from '../testing';
import { reproduceRun, sameMetric } from './reproduce';
import { runTrain } from './run';

let engine: SqlEngine;
const BRIEF = briefOf({ input: 'source', target: 'y', baseline: { kind: 'rule', sql: 'x0 > 0' } });
const sql = (text: string) => cellOf('sql', { sql: text, output: 'rows', materialize: 'table' });
const LINEAGE: RunLineage = {
  links: [
    { cell: sql('SELECT * FROM raw'), fingerprint: '1'.repeat(16), upstream: [], fitted: null, sql: null },
  ],
};

async function table(name: string, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const rows: string[] = [];
  for (let i = 1; i <= 160; i++) {
    const [x0, x1] = [random() * 2 - 1, random() * 2 - 1];
    const y = Number(x0 + x1 + 0.4 * (random() - 0.5) > 0);
    rows.push(`(${i}, '${i % 5 === 0 ? 'validation' : 'train'}', ${y}, ${Number(x0 > 0)}.0, ${x0}, ${x1})`);
  }
  await engine.exec(
    `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(__row_id, __split, __target, __baseline, x0, x1)`,
  );
}

let saved: RunBatchBundle;
beforeAll(async () => {
  engine = await createNodeEngine();
  await table('feats', 3);
  const config: TrainConfig = {
    input: 'feats',
    output: 'preds',
    models: [
      { kind: 'logistic', C: 1, seed: 1 },
      {
        kind: 'gbdt',
        task: 'binary',
        learningRate: 0.1,
        maxIter: 10,
        maxLeafNodes: 7,
        maxDepth: null,
        minSamplesLeaf: 5,
        l2: 0,
        earlyStopping: false,
        seed: 2,
      },
    ],
    backend: 'cpu',
    folds: null,
    search: null,
  };
  const runs = { ...memoryRuns(), lineage: () => LINEAGE };
  const store = runs;
  await runTrain(testContext(engine, BRIEF, { runs: store }), cellOf('train', config));
  const [bundle] = store.saved;
  if (!bundle) throw new Error('nothing saved');
  saved = bundle;
});

const deps = (lineage: RunLineage = LINEAGE) => ({
  engine,
  training: inProcessTraining(),
  signal: new AbortController().signal,
  lineage,
  brief: BRIEF,
});

describe('reproduceRun', () => {
  it('trains a model again on the same data: the metrics match', async () => {
    for (const run of saved.runs.filter((r) => r.role !== 'rule')) {
      const result = await reproduceRun(deps(), saved.batch, run);
      expect(result).toMatchObject({ kind: 'reproduced', match: true });
      if (result.kind === 'reproduced') {
        expect(result.metrics.map((m) => m.metric)).toEqual([
          'roc_auc',
          'pr_auc',
          'f1',
          'accuracy',
          'log_loss',
          'brier',
        ]);
      }
    }
  });

  it('scores the rule again from its column', async () => {
    const rule = saved.runs.find((r) => r.role === 'rule');
    if (!rule) throw new Error('no rule run');
    expect(await reproduceRun(deps(), saved.batch, rule)).toMatchObject({ kind: 'reproduced', match: true });
  });

  it('says the data changed, and which link of the chain differs', async () => {
    await table('feats', 4);
    const now: RunLineage = {
      links: [{ ...LINEAGE.links[0]!, cell: sql('SELECT * FROM raw WHERE x0 < 0.9') }],
    };
    const run = saved.runs[2]!;
    const result = await reproduceRun(deps(now), saved.batch, run);
    expect(result).toMatchObject({
      kind: 'data-changed',
      message: expect.stringMatching(/not the data this run trained on\. What differs/),
      changes: ['sql rows: sql changed.'],
    });
    const unchanged = await reproduceRun(deps(), saved.batch, run);
    expect(unchanged).toMatchObject({
      kind: 'data-changed',
      changes: [],
      message: expect.stringMatching(/No cell of the chain/),
    });
    await engine.exec('DROP TABLE feats');
    expect(await reproduceRun(deps(), saved.batch, run)).toMatchObject({
      kind: 'data-changed',
      message: expect.stringMatching(/"feats" cannot be read as it was: .*does not exist/),
    });
  });

  it('compares within float noise, and null with null only', () => {
    expect(sameMetric(0.8, 0.8 + 1e-12)).toBe(true);
    expect(sameMetric(0.8, 0.8001)).toBe(false);
    expect(sameMetric(null, null)).toBe(true);
    expect(sameMetric(null, 0.5)).toBe(false);
  });
});
