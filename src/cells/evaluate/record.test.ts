import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from 'hash-wasm';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { rocAuc } from '../../ml/metrics';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import type { FoundRun } from '../../notebook/explanations';
import { canonicalJson } from '../../notebook/hash';
import { asRunId, type RunId } from '../../notebook/ids';
import { runBundle } from '../../storage/test-runs';
import { briefOf, cellOf, memoryRuns, testContext, type MemoryRuns } from '../testing';
import { recordOf } from './record';
import { runEvaluate } from './run';

/*
 * Evaluations as records (issue 22, item 3): the verdict of an evaluate cell about a stored run is
 * stored once, immutable, with the shape a model version's stage event keeps; the same judgement
 * again finds the first record, another one (a new threshold) is a new record.
 */

const TRUTH = [1, 0, 1, 1, 0, 0, 1, 0];
const SCORES = [0.9, 0.2, 0.7, 0.4, 0.3, 0.6, 0.8, 0.1];
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const rows = TRUTH.flatMap((t, i) => [
    `('m', 'Model M', 'model', ${i + 1}, ${t}, ${SCORES[i]})`,
    `('base', 'Baseline', 'baseline', ${i + 1}, ${t}, 0.5)`,
  ]);
  await engine.exec(
    `CREATE TABLE preds AS SELECT run_id, run, role, CAST(row_id AS INTEGER) AS row_id, CAST(truth AS DOUBLE) AS truth, CAST(score AS DOUBLE) AS score FROM (VALUES ${rows.join(', ')}) AS t(run_id, run, role, row_id, truth, score)`,
  );
});
afterAll(() => engine.terminate());

const BRIEF = briefOf({
  input: 'people',
  target: 'churn',
  bar: 0.7,
  values: { tp: 100, fp: -20, tn: 0, fn: 0 },
});
const config = (threshold: number | null): EvaluateConfig => ({
  input: 'preds',
  threshold,
  slices: [],
  bootstrap: { ...DEFAULT_BOOTSTRAP, resamples: 100 },
  model: null,
  champion: null,
});

/** A store that holds run "m" in batch "batch-e" (what the evaluate cell looks the verdict's run up in). */
function store(): MemoryRuns {
  const runs = memoryRuns();
  const bundle = runBundle({ batchId: 'batch-e' });
  const [run, artifact] = [bundle.runs[1], bundle.artifacts[1]];
  if (!run || !artifact) throw new Error('no run in the fixture');
  return {
    ...runs,
    findRun: (runId: RunId): Promise<FoundRun | null> =>
      Promise.resolve(
        runId === 'm'
          ? { batch: bundle.batch, run: { ...run, id: asRunId('m') }, artifact, hidden: false }
          : null,
      ),
  };
}

const evaluate = (runs: MemoryRuns, threshold: number | null = null) =>
  runEvaluate(testContext(engine, BRIEF, { runs }), cellOf('evaluate', config(threshold)));

describe('evaluation records (issue 22, item 3)', () => {
  it('stores the verdict about a stored run: metric with interval, threshold, value, verdict', async () => {
    const runs = store();
    const result = await evaluate(runs);
    expect(result.verdict?.id).toBe('m');
    expect(runs.evaluations).toHaveLength(1);
    const [record] = runs.evaluations;
    const m = result.runs.find((r) => r.id === 'm');
    if (!record || m?.kind !== 'binary') throw new Error('no record');
    expect(record).toMatchObject({
      caseId: 'test-case',
      cellId: 'test-evaluate',
      runId: 'm',
      batchId: 'batch-e',
      predictions: 'preds',
      appVersion: 'test',
    });
    expect(record.evaluation).toEqual({
      metric: 'roc_auc',
      value: rocAuc(TRUTH, SCORES).value,
      lower: m.metrics.roc_auc?.lower,
      upper: m.metrics.roc_auc?.upper,
      level: 0.95,
      rows: 8,
      threshold: m.threshold,
      valuePer1000: m.value.atThreshold.perThousand,
      bar: 0.7,
      clearsBar: result.verdict?.clearsBar,
      verdict: result.verdict?.sentences,
    });
    const { id, evaluatedAt: _at, ...what } = record;
    expect(id).toBe(await sha256(canonicalJson({ format: 1, ...what })));
    expect(result.record).toEqual({ id, evaluatedAt: record.evaluatedAt });
  });

  it('the same judgement again finds the first record; another threshold is another record', async () => {
    const runs = store();
    const first = await evaluate(runs);
    const again = await evaluate(runs);
    expect(again.record).toEqual(first.record);
    expect(runs.evaluations).toHaveLength(1);
    const other = await evaluate(runs, 0.5);
    expect(other.record?.id).not.toBe(first.record?.id);
    expect(runs.evaluations).toHaveLength(2);
    expect(runs.evaluations[1]?.evaluation.threshold).toBe(0.5);
  });

  it('records nothing for a run that is not stored, and a failing store leaves a notice', async () => {
    const none = memoryRuns();
    expect((await evaluate(none)).record).toBeNull();
    expect(none.evaluations).toHaveLength(0);
    const broken: MemoryRuns = { ...store(), saveEvaluation: () => Promise.reject(new Error('disk full')) };
    const result = await evaluate(broken);
    expect(result.record).toBeNull();
    expect(result.notices.join(' ')).toMatch(/not stored in the lineage \(disk full\)/);
  });

  it('recordOf finds the record an evaluation recomputed the same way is, and only that', async () => {
    const runs = store();
    const result = await evaluate(runs);
    const [record] = runs.evaluations;
    if (!record) throw new Error('no record');
    expect(recordOf(runs.evaluations, record.cellId, 'batch-e', result)).toEqual(record);
    expect(recordOf(runs.evaluations, record.cellId, 'another-batch', result)).toBeNull();
    const other = await evaluate(memoryRuns(), 0.5);
    expect(recordOf(runs.evaluations, record.cellId, 'batch-e', other)).toBeNull();
  });
});
