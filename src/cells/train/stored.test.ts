import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../data/testing/node-engine';
import type { SqlEngine } from '../../data/engine';
import { AppError } from '../../lib/errors';
import { mulberry32 } from '../../ml/models/prng';
import { asRunId } from '../../notebook/ids';
import type { RunLineage } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import { briefOf, cellOf, inProcessTraining, memoryRuns, testContext, type MemoryRuns } from '../testing';
import { runTrain } from './run';

// A small features table as a Features cell makes it: 200 rows, every 4th validation.
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const random = mulberry32(5);
  const rows: string[] = [];
  for (let i = 1; i <= 200; i++) {
    const [x0, x1] = [random() * 2 - 1, random() * 2 - 1];
    const y = Number(x0 - 0.5 * x1 + 0.3 * (random() - 0.5) > 0);
    rows.push(`(${i}, '${i % 4 === 0 ? 'validation' : 'train'}', ${y}, ${Number(x0 > 0)}.0, ${x0}, ${x1})`);
  }
  await engine.exec(
    `CREATE TABLE feats AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(__row_id, __split, __target, __baseline, x0, x1)`,
  );
});

const BRIEF = briefOf({ input: 'source', target: 'y', baseline: { kind: 'rule', sql: 'x0 > 0' } });
const CONFIG: TrainConfig = {
  input: 'feats',
  output: 'preds',
  models: [
    { kind: 'logistic', C: 1, seed: 1 },
    { kind: 'tree', task: 'binary', maxDepth: 3, minSamplesLeaf: 5, seed: 1 },
  ],
  backend: 'cpu',
  folds: null,
  search: null,
};
const LINEAGE: RunLineage = {
  links: [
    {
      cell: cellOf('sql', { sql: 'SELECT 1', output: 'feats', materialize: 'table' }),
      fingerprint: '0123456789abcdef',
      upstream: [],
      fitted: null,
      sql: null,
    },
  ],
};

async function train(runs: MemoryRuns, config: TrainConfig = CONFIG) {
  const training = inProcessTraining();
  const ctx = testContext(engine, BRIEF, { training, runs });
  const result = await runTrain(ctx, cellOf('train', config));
  return { result, training };
}

const withLineage = (runs: MemoryRuns): MemoryRuns => ({ ...runs, lineage: () => LINEAGE });

describe('runTrain: saving and restoring runs', () => {
  it('saves every run of the batch with its lineage, data fingerprint, model and scores', async () => {
    const runs = withLineage(memoryRuns({ appVersion: '9.9.9' }));
    const { result } = await train(runs);
    expect(result.storage).toMatchObject({ state: 'saved' });
    expect(runs.saved).toHaveLength(1);
    const [{ batch, runs: stored, artifacts }] = runs.saved as [(typeof runs.saved)[number]];
    expect(batch).toMatchObject({
      caseId: 'test-case',
      cellId: 'test-train',
      appVersion: '9.9.9',
      config: CONFIG,
      framing: { task: 'binary', metric: 'roc_auc', bar: null, baseline: BRIEF.baseline },
      lineage: LINEAGE,
      data: {
        input: 'feats',
        output: 'preds',
        featureNames: ['x0', 'x1'],
        rows: { train: 150, validation: 50 },
      },
      runIds: result.runs.map((r) => r.id),
      best: result.best,
    });
    expect(batch.key).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.data.splitFingerprint).toBe(result.splitFingerprint);
    expect(batch.finishedAt >= batch.startedAt).toBe(true);
    expect(batch.validationRowIds).toEqual(result.validationRowIds);
    expect(stored.map((r) => [r.label, r.role, r.status, r.index])).toEqual(
      result.runs.map((r, i) => [r.label, r.role, r.status, i]),
    );
    expect(stored.every((r) => r.batchId === batch.id && r.startedAt >= batch.startedAt)).toBe(true);
    expect(artifacts.map((a) => a.model?.kind ?? null)).toEqual(['baseline', null, 'logistic', 'tree']);
    expect(artifacts[2]?.scores).toEqual(result.runs[2]?.scores);
  });

  it('a second run with the same store restores the batch: same ids and metrics, nothing trained', async () => {
    const runs = memoryRuns();
    const first = await train(runs);
    await engine.exec('DROP TABLE preds');
    const second = await train(runs);
    expect(second.training.requests).toHaveLength(0);
    expect(second.result.storage).toEqual({
      state: 'restored',
      batchId: runs.saved[0]?.batch.id,
      trainedAt: runs.saved[0]?.batch.finishedAt,
    });
    expect(second.result.runs.map((r) => [r.id, r.metrics, r.trainMetric, r.curve])).toEqual(
      first.result.runs.map((r) => [r.id, r.metrics, r.trainMetric, r.curve]),
    );
    expect(second.result.runs.map((r) => r.model)).toEqual(first.result.runs.map((r) => r.model));
    expect(second.result.best).toBe(first.result.best);
    expect(runs.saved).toHaveLength(1);
    // The predictions table is written again, under the cell's current name.
    const count = await engine.query('SELECT count(DISTINCT run_id)::INTEGER AS n FROM preds');
    expect(count.getChild('n')?.get(0)).toBe(4);
  });

  it('a changed model trains again, under another key', async () => {
    const runs = memoryRuns();
    await train(runs);
    const changed = { ...CONFIG, models: [{ kind: 'logistic', C: 0.5, seed: 1 } as const] };
    const { result, training } = await train(runs, changed);
    expect(training.requests.length).toBeGreaterThan(0);
    expect(result.storage.state).toBe('saved');
    expect(new Set(runs.asked).size).toBe(2);
  });

  it('the same matrix made by another chain trains again and records that chain (issue 22, item 1)', async () => {
    // One features table made two ways: a SQL cell copying feats, then one that sorts it the
    // other way round (training reads by __row_id: the same matrix).
    const chain = (sql: string, fingerprint: string): RunLineage => ({
      links: [
        {
          cell: cellOf('sql', { sql, output: 'feats_made', materialize: 'table' }),
          fingerprint,
          upstream: [],
          fitted: null,
          sql: null,
        },
      ],
    });
    const first = chain('SELECT * FROM feats', 'aaaaaaaaaaaaaaaa');
    const second = chain('SELECT * FROM feats ORDER BY __row_id DESC', 'bbbbbbbbbbbbbbbb');
    const store = memoryRuns();
    const made = { ...CONFIG, input: 'feats_made' };
    const trainBy = async (lineage: RunLineage, sql: string) => {
      await engine.exec(`CREATE OR REPLACE TABLE feats_made AS ${sql}`);
      return train({ ...store, lineage: () => lineage }, made);
    };
    const a = await trainBy(first, 'SELECT * FROM feats');
    const b = await trainBy(second, 'SELECT * FROM feats ORDER BY __row_id DESC');
    expect(b.training.requests.length).toBeGreaterThan(0);
    expect(b.result.storage.state).toBe('saved');
    const [batchA, batchB] = store.saved.map((bundle) => bundle.batch);
    expect(batchB?.data.fingerprint).toBe(batchA?.data.fingerprint);
    // What the Runs view shows of the run on screen: the chain that made its data now.
    const shown = await store.findRun(asRunId(b.result.runs[1]?.id ?? ''));
    expect(shown?.batch.lineage).toEqual(second);
    // Nothing changed since: reused, with its own chain.
    const again = await trainBy(first, 'SELECT * FROM feats');
    expect(again.training.requests).toHaveLength(0);
    expect(again.result.runs.map((r) => r.id)).toEqual(a.result.runs.map((r) => r.id));
    expect((await store.findRun(asRunId(again.result.runs[1]?.id ?? '')))?.batch.lineage).toEqual(first);
  });

  it('the predictions record the table their row ids number, and its fingerprint (issue 22, item 2)', async () => {
    const split = { kind: 'stratified', validationShare: 0.25, seed: 1 } as const;
    const features = cellOf('features', { input: 'people', output: 'feats', features: [], split });
    const lineage: RunLineage = {
      links: [
        {
          cell: cellOf('sql', { sql: 'SELECT 1', output: 'people', materialize: 'table' }),
          fingerprint: 'ab12ab12ab12ab12',
          upstream: [],
          fitted: null,
          sql: null,
        },
        { cell: features, fingerprint: 'cd34cd34cd34cd34', upstream: [], fitted: null, sql: null },
      ],
    };
    const runs = { ...memoryRuns(), lineage: () => lineage };
    for (const state of ['saved', 'restored']) {
      const { result } = await train(runs);
      expect(result.storage.state).toBe(state);
      const source = await engine.query('SELECT DISTINCT source, source_fingerprint FROM preds');
      expect(source.toArray().map((row) => ({ ...row }))).toEqual([
        { source: 'people', source_fingerprint: 'ab12ab12ab12ab12' },
      ]);
    }
  });

  it('a full disk keeps the runs on screen and says they are not saved and what to do', async () => {
    const full = new AppError('quota', 'The browser refused to store more data.');
    const { result } = await train(memoryRuns({ fail: full }));
    expect(result.runs).toHaveLength(4);
    expect(result.storage.state).toBe('not-saved');
    const message = result.storage.state === 'not-saved' ? result.storage.message : '';
    expect(message).toMatch(/not saved: the browser's storage is full/);
    expect(message).toMatch(/Free space .* then run this cell again/);
  });

  it('a storage that cannot answer trains instead of failing', async () => {
    const runs = memoryRuns();
    const broken: MemoryRuns = { ...runs, find: () => Promise.reject(new AppError('storage', 'down')) };
    const { result, training } = await train(broken);
    expect(training.requests.length).toBeGreaterThan(0);
    expect(result.storage.state).toBe('saved');
  });

  it('a batch with a run deleted for good restores the runs kept: nothing is trained again', async () => {
    const runs = memoryRuns();
    const first = await train(runs);
    const saved = runs.saved[0];
    if (!saved) throw new Error('nothing saved');
    // What storage gives once the second run is deleted for good: the batch, the others.
    const gone = saved.batch.runIds[1];
    runs.saved[0] = {
      ...saved,
      runs: saved.runs.filter((r) => r.id !== gone),
      artifacts: saved.artifacts.filter((a) => a.runId !== gone),
    };
    const { result, training } = await train(runs);
    expect(training.requests).toHaveLength(0);
    expect(result.storage.state).toBe('restored');
    expect(result.runs.map((r) => r.id)).toEqual(
      first.result.runs.map((r) => r.id).filter((id) => id !== gone),
    );
    const count = await engine.query('SELECT count(DISTINCT run_id)::INTEGER AS n FROM preds');
    expect(count.getChild('n')?.get(0)).toBe(3);
  });

  it('a batch whose runs and models do not match is not restored', async () => {
    const runs = memoryRuns();
    await train(runs);
    const saved = runs.saved[0];
    if (!saved) throw new Error('nothing saved');
    runs.saved[0] = { ...saved, runs: saved.runs.slice(1) };
    const { training } = await train(runs);
    expect(training.requests.length).toBeGreaterThan(0);
  });
});
