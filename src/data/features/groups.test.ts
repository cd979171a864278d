import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { compileFeatures } from './compile';
import { featureGroups } from './groups';
import type { FeatureSpec } from './types';

// A fitted spec by hand: the names come from compileFeatures itself, so they are the run's names.
const spec: FeatureSpec = {
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    {
      encoding: 'numeric',
      column: 'tenure',
      impute: 'median',
      indicator: true,
      standardise: true,
      fitted: { fill: 9, mean: 30, std: 20 },
    },
    {
      encoding: 'one-hot',
      column: 'Contract',
      topK: 2,
      other: true,
      missing: 'category',
      fitted: { categories: ['Month-to-month', 'Two year'] },
    },
    { encoding: 'date-parts', column: 'signed', parts: ['year', 'month'] },
    { encoding: 'bucket', column: 'tenure', bins: 3, method: 'quantile', fitted: { edges: [10, 40] } },
    {
      encoding: 'one-hot',
      column: 'x',
      topK: 1,
      other: false,
      missing: 'ignore',
      fitted: { categories: ['a'] },
    },
    { encoding: 'numeric', column: 'x=a', fitted: { fill: null, mean: 0, std: 1 } },
  ],
};

describe('featureGroups', () => {
  const names = compileFeatures(spec, 't').columns;

  it('groups the outputs of one source column, in order of their first column', () => {
    expect(names).toEqual([
      'tenure',
      'tenure__missing',
      'Contract=Month-to-month',
      'Contract=Two year',
      'Contract=(other)',
      'Contract=(missing)',
      'signed_year',
      'signed_month',
      'tenure_bin',
      'x=a',
      'x=a (2)',
    ]);
    const groups = featureGroups(spec, names);
    expect(groups.map((g) => [g.name, g.columns, g.oneHot])).toEqual([
      ['tenure', [0, 1, 8], false],
      ['Contract', [2, 3, 4, 5], true],
      ['signed', [6, 7], false],
      ['x', [9], true],
      ['x=a', [10], false],
    ]);
    expect(groups[1]?.levels).toEqual(['Month-to-month', 'Two year', '(other)', '(missing)']);
  });

  it('follows the run’s column order, and lets a name the spec does not make stand alone', () => {
    const run = ['Contract=Two year', 'extra', 'Contract=Month-to-month', 'tenure'];
    expect(featureGroups(spec, run).map((g) => [g.name, g.columns])).toEqual([
      ['Contract', [0, 2]],
      ['extra', [1]],
      ['tenure', [3]],
    ]);
  });

  it('needs a fitted spec', () => {
    const unfitted: FeatureSpec = {
      ...spec,
      features: [{ encoding: 'one-hot', column: 'c', topK: 3, other: false, missing: 'ignore' }],
    };
    expect(() => featureGroups(unfitted, ['c=a'])).toThrow(AppError);
  });
});
