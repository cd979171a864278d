import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../notebook/train-types';
import { cellOf } from '../testing';
import { dataFingerprint, lineageFingerprint, reuseKey, type KeyInputs } from './fingerprint';
import type { TrainData } from '../shared/train-data';

const data = (overrides: Partial<TrainData> = {}): TrainData => ({
  featureNames: ['a', 'b'],
  x: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
  y: Float32Array.from([0, 1, 0, 1]),
  rowIds: Int32Array.from([1, 2, 3, 4]),
  train: Int32Array.from([0, 1, 2]),
  validation: Int32Array.from([3]),
  classes: null,
  rule: Float32Array.from([1, 0, 0, 1]),
  ...overrides,
});

const CONFIG: TrainConfig = {
  input: 'f',
  output: 'predictions',
  models: [{ kind: 'logistic', C: 1, seed: 1 }],
  backend: 'auto',
  folds: null,
  search: null,
};

const INPUTS: KeyInputs = {
  config: CONFIG,
  framing: { task: 'binary', metric: 'roc_auc', bar: 0.8, baseline: { kind: 'majority' } },
  dataFingerprint: 'a'.repeat(64),
  lineageFingerprint: 'c'.repeat(64),
  appVersion: '0.1.0',
};

describe('dataFingerprint', () => {
  it('is the same for the same data, copied or not', async () => {
    const a = await dataFingerprint(data());
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await dataFingerprint(data({ x: data().x.slice() }))).toBe(a);
  });

  it.each([
    ['one value of x', { x: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7.5]) }],
    ['one target', { y: Float32Array.from([1, 1, 0, 1]) }],
    ['a row id', { rowIds: Int32Array.from([1, 2, 3, 5]) }],
    ['the row id type', { rowIds: Float64Array.from([1, 2, 3, 4]) }],
    ['the split', { train: Int32Array.from([0, 1, 3]), validation: Int32Array.from([2]) }],
    ['a feature name', { featureNames: ['a', 'c'] }],
    ['the rule', { rule: Float32Array.from([1, 1, 0, 1]) }],
    ['no rule', { rule: null }],
  ] as const)('changes with %s', async (_name, overrides) => {
    expect(await dataFingerprint(data(overrides))).not.toBe(await dataFingerprint(data()));
  });
});

describe('reuseKey', () => {
  it('same inputs, same key, whatever the order of keys', async () => {
    const key = await reuseKey(INPUTS);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered: KeyInputs = {
      appVersion: '0.1.0',
      dataFingerprint: 'a'.repeat(64),
      lineageFingerprint: 'c'.repeat(64),
      framing: { baseline: { kind: 'majority' }, bar: 0.8, metric: 'roc_auc', task: 'binary' },
      config: {
        search: null,
        folds: null,
        backend: 'auto',
        models: [{ seed: 1, C: 1, kind: 'logistic' }],
        output: 'predictions',
        input: 'f',
      },
    };
    expect(await reuseKey(reordered)).toBe(key);
  });

  it.each([
    ['a hyperparameter', { config: { ...CONFIG, models: [{ kind: 'logistic', C: 2, seed: 1 }] } }],
    ['a seed', { config: { ...CONFIG, models: [{ kind: 'logistic', C: 1, seed: 2 }] } }],
    ['the folds', { config: { ...CONFIG, folds: 3 } }],
    ['the backend', { config: { ...CONFIG, backend: 'cpu' } }],
    ['the input table', { config: { ...CONFIG, input: 'g' } }],
    ['the metric', { framing: { ...INPUTS.framing, metric: 'pr_auc' } }],
    ['the baseline', { framing: { ...INPUTS.framing, baseline: { kind: 'rule', sql: 'x > 1' } } }],
    ['the data', { dataFingerprint: 'b'.repeat(64) }],
    ['the chain that made the data', { lineageFingerprint: 'd'.repeat(64) }],
    ['the app version', { appVersion: '0.2.0' }],
  ] as const)('changes with %s', async (_name, overrides) => {
    expect(await reuseKey({ ...INPUTS, ...overrides })).not.toBe(await reuseKey(INPUTS));
  });

  it('ignores the name of the predictions table: renaming it trains nothing', async () => {
    expect(await reuseKey({ ...INPUTS, config: { ...CONFIG, output: 'preds_v2' } })).toBe(
      await reuseKey(INPUTS),
    );
  });
});

describe('lineageFingerprint', () => {
  const link = (sql: string, fingerprint: string) => ({
    cell: cellOf('sql', { sql, output: 'f', materialize: 'table' as const }),
    fingerprint,
    upstream: [],
    fitted: null,
    sql: null,
  });

  it('follows the fingerprints of the links, in order, and nothing else of them', async () => {
    const a = await lineageFingerprint({ links: [link('SELECT 1', '01'), link('SELECT 2', '02')] });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    // What a run learned (fitted values, compiled SQL) follows from the config and data: not counted.
    const learned = { links: [{ ...link('SELECT 1', '01'), sql: 'SELECT 1' }, link('SELECT 2', '02')] };
    expect(await lineageFingerprint(learned)).toBe(a);
    expect(await lineageFingerprint({ links: [link('SELECT 1', '01'), link('SELECT 2', '03')] })).not.toBe(a);
    expect(await lineageFingerprint({ links: [link('SELECT 2', '02'), link('SELECT 1', '01')] })).not.toBe(a);
    expect(await lineageFingerprint({ links: [link('SELECT 1', '01')] })).not.toBe(a);
  });
});
