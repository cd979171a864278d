import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../data/engine';
import { createNodeEngine } from '../data/testing/node-engine';
import type { BriefConfig } from '../notebook/types';
import { runFeatures } from './features/run';
import { briefOf, cellOf, testContext } from './testing';
import { runTrain } from './train/run';

// numpy 1.24 / scikit-learn 1.2.1: /usr/bin/python3 src/cells/reference/regression_rule.py
const NUMPY = {
  lag14: { rmse: 7.0, mae: 7.0 },
  lag90: { rmse: 34.59427091767318, mae: 32.325894172397135, filled: 11 },
  meanRmse: 26.01276380207136,
};

/*
 * Issue 19 item 8: a regression brief's baseline may be a SQL expression (a lag: the value 14 days
 * earlier), scored on the validation rows beside the mean, as a binary brief's rule is.
 */
const SERIES = `SELECT DATE '2024-01-01' + CAST(t AS INTEGER) AS day, CAST(t % 3 AS DOUBLE) AS x,
  100 + 10 * sin(2 * pi() * t / 7) + 0.5 * t AS sales FROM range(100) AS r(t)`;

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE series AS ${SERIES}`);
});

async function rule(sql: string) {
  const brief: BriefConfig = briefOf({
    input: 'series',
    target: 'sales',
    task: 'regression',
    metric: 'rmse',
    timeColumn: 'day',
    baseline: { kind: 'rule', sql },
  });
  const ctx = testContext(engine, brief);
  const features = await runFeatures(
    ctx,
    cellOf('features', {
      input: '',
      output: 'feats',
      features: [{ encoding: 'numeric', column: 'x', standardise: true }],
      split: { kind: 'time', column: 'day', cutoff: '' },
    }),
  );
  expect(features.hasRuleBaseline).toBe(true);
  expect(features.split).toMatchObject({ train: 79, validation: 21 });
  return await runTrain(
    ctx,
    cellOf('train', {
      input: 'feats',
      output: 'predictions',
      models: [{ kind: 'linear', alpha: 0, seed: 1 }],
      backend: 'cpu',
      folds: null,
      search: null,
    }),
  );
}

describe('a regression rule baseline', () => {
  it('scores a lag on the validation rows beside the mean, as numpy does', async () => {
    const result = await rule('lag(sales, 14) OVER (ORDER BY day)');
    expect(result.runs.map((r) => [r.role, r.label])).toEqual([
      ['baseline', expect.any(String)],
      ['rule', 'Rule: lag(sales, 14) OVER (ORDER BY day)'],
      ['model', expect.any(String)],
    ]);
    const [mean, lag] = result.runs;
    expect(lag?.metrics.rmse).toBeCloseTo(NUMPY.lag14.rmse, 4);
    expect(lag?.metrics.mae).toBeCloseTo(NUMPY.lag14.mae, 4);
    expect(mean?.metrics.rmse).toBeCloseTo(NUMPY.meanRmse, 4);
    expect(lag?.message).toBeNull();
    expect(lag).toMatchObject({ spec: null, model: null, status: 'done' });
  });

  it('predicts the training mean where the rule has no value, and says on how many rows', async () => {
    const result = await rule('lag(sales, 90) OVER (ORDER BY day)');
    const lag = result.runs[1];
    expect(lag?.metrics.rmse).toBeCloseTo(NUMPY.lag90.rmse, 4);
    expect(lag?.metrics.mae).toBeCloseTo(NUMPY.lag90.mae, 4);
    expect(lag?.message).toBe(
      `The rule gives no value on ${NUMPY.lag90.filled} validation rows: they are predicted the training mean.`,
    );
  });
});
