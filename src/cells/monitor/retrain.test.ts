import { describe, expect, it } from 'vitest';
import { asCellId } from '../../notebook/ids';
import type { FeaturesConfig } from '../../notebook/kinds/features';
import { MONITOR_DEFAULTS, type MonitorConfig } from '../../notebook/kinds/monitor';
import { defaultModelSpec } from '../../notebook/model-types';
import type { LineageLink, RunLineage } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import { sqlCell } from '../../notebook/test-helpers';
import { retrainChain, retrainSourceOf, retrainWindowProblem } from './retrain';

/*
 * "Retrain on recent data", pure: from the stored batch of the run a version was promoted from,
 * the chain of cells that repeats its features and model on a new window. Checked by hand: the
 * copies keep every choice of v1's cells but their tables and a time split's cutoff.
 */

const FEATURES: FeaturesConfig = {
  input: 'departures_jan_mar',
  output: 'features_jan_mar',
  features: [
    { encoding: 'numeric', column: 'distance', impute: 'median', standardise: true, log: true },
    { encoding: 'one-hot', column: 'origin', topK: 15, other: true, missing: 'category' },
  ],
  split: { kind: 'time', column: 'date', cutoff: '2001-03-16' },
};
const LOGISTIC = defaultModelSpec('logistic', 'binary', 42);
const GBDT = defaultModelSpec('gbdt', 'binary', 42);
const TRAIN: TrainConfig = {
  input: 'features_jan_mar',
  output: 'predictions_jan_mar',
  models: [LOGISTIC, GBDT],
  backend: 'auto',
  folds: null,
  search: null,
};
const link = (cell: LineageLink['cell']): LineageLink => ({
  cell,
  fingerprint: 'f',
  upstream: [],
  fitted: null,
  sql: null,
});
const LINEAGE: RunLineage = {
  links: [
    link(sqlCell('s1', 'departures_jan_mar', 'SELECT 1', [])),
    link({ id: asCellId('f1'), kind: 'features', config: FEATURES, reads: ['departures_jan_mar'] }),
  ],
};
const MONITOR: MonitorConfig = {
  version: 1,
  reference: '',
  input: 'departures_apr_jun',
  batchColumn: 'month',
  label: 'arrival',
  ...MONITOR_DEFAULTS,
  challenger: null,
  compareBatch: '',
  disagreements: 'disagreements',
};

describe('retrainSourceOf', () => {
  it('takes the features cell that made the run’s input, and the promoted run’s model spec alone', () => {
    const search = { model: 'gbdt', method: 'grid', trials: 4, seed: 1, params: [] } as const;
    const source = retrainSourceOf({ config: { ...TRAIN, search }, lineage: LINEAGE }, GBDT);
    expect(source).toEqual({ features: FEATURES, train: { ...TRAIN, models: [GBDT], search: null } });
  });

  it('keeps every model of the train cell when the run has no spec of its own', () => {
    const source = retrainSourceOf({ config: TRAIN, lineage: LINEAGE }, null);
    expect(typeof source === 'string' ? source : source.train.models).toEqual([LOGISTIC, GBDT]);
  });

  it('says so when the lineage lacks the features cell', () => {
    const lineage = { links: LINEAGE.links.slice(0, 1) };
    expect(retrainSourceOf({ config: TRAIN, lineage }, LOGISTIC)).toMatch(
      /features cell that made features_jan_mar/,
    );
  });
});

describe('retrainChain', () => {
  const source = { features: FEATURES, train: { ...TRAIN, models: [LOGISTIC] } };

  it('reads the window, then the same features, model and an evaluation, each on the one above', () => {
    const taken = new Set(['departures_apr_jun', 'features_jan_mar', 'predictions_jan_mar']);
    const chain = retrainChain(MONITOR, source, ['2001-04', '2001-05'], taken);
    expect(chain.sql).toEqual({
      sql: 'SELECT * FROM "departures_apr_jun"\nWHERE CAST("month" AS VARCHAR) IN (\'2001-04\', \'2001-05\')',
      output: 'departures_apr_jun_recent_1',
      materialize: 'table',
    });
    expect(chain.features).toEqual({
      input: 'departures_apr_jun_recent_1',
      output: 'features_jan_mar_recent_1',
      features: FEATURES.features,
      // The old cutoff is before the window: the latest 20 % by time become the validation rows.
      split: { kind: 'time', column: 'date', cutoff: '' },
    });
    expect(chain.train).toEqual({
      ...TRAIN,
      models: [LOGISTIC],
      input: 'features_jan_mar_recent_1',
      output: 'predictions_jan_mar_recent_1',
    });
    expect(chain.evaluate).toMatchObject({ input: 'predictions_jan_mar_recent_1', model: null });
  });

  it('keeps a split that is not by time as it was, and names apart from tables taken', () => {
    const stratified = {
      ...FEATURES,
      split: { kind: 'stratified', validationShare: 0.25, seed: 7 },
    } as const;
    const taken = new Set(['DEPARTURES_APR_JUN_RECENT_1']);
    const chain = retrainChain(MONITOR, { ...source, features: stratified }, ['2001-05'], taken);
    expect(chain.features.split).toEqual(stratified.split);
    expect(chain.sql.output).toBe('departures_apr_jun_recent_2');
  });

  it('refuses a window of one class before any cell is made', () => {
    const batches = [
      { label: '2001-05', labels: { labelled: 40, positive: 0 } },
      { label: '2001-06', labels: { labelled: 40, positive: 9 } },
    ];
    expect(retrainWindowProblem(batches, ['2001-05'], 'binary')).toEqual({
      code: 'bad-input',
      message: expect.stringMatching(/one class \(none positive\).*Widen the window/),
    });
    // A multiclass or regression version's batches count no positive class (it is null): no
    // window of theirs is refused as "none positive".
    expect(retrainWindowProblem(batches, ['2001-05'], 'multiclass')).toBeNull();
    expect(retrainWindowProblem(batches, ['2001-05'], 'regression')).toBeNull();
  });

  it('refuses a window without labels, or whose labels have not arrived, saying what to do', () => {
    expect(retrainWindowProblem([{ label: '2001-05', labels: null }], ['2001-05'], 'binary')).toEqual({
      code: 'missing-input',
      message: 'Retraining needs labels: choose the label column first.',
    });
    const waiting = [{ label: '2001-05', labels: { labelled: 0, positive: 0 } }];
    expect(retrainWindowProblem(waiting, ['2001-05'], 'binary')).toEqual({
      code: 'missing-input',
      message: 'No row of 2001-05 has a label yet: wait for labels, or pick other batches.',
    });
    expect(retrainWindowProblem(waiting, [], 'binary')).toMatchObject({ code: 'missing-input' });
  });
});
