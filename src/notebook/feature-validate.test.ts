import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { parseFeatureSpec } from './feature-validate';

const GOOD = {
  target: 'Churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    {
      encoding: 'numeric',
      column: 'tenure',
      impute: 'median',
      standardise: true,
      fitted: { fill: 3, mean: 2, std: 1 },
    },
    { encoding: 'one-hot', column: 'Contract', topK: 5, other: true, missing: 'category', extra: 'dropped' },
    { encoding: 'ordinal', column: 'size', order: ['S', 'M', 'L'] },
    { encoding: 'date-parts', column: 'signup', parts: ['year', 'dow'] },
    { encoding: 'bucket', column: 'age', bins: 4, method: 'quantile', fitted: { edges: [1, 2, 3] } },
    { encoding: 'boolean', column: 'flag' },
  ],
};

function failure(raw: unknown): AppError {
  try {
    parseFeatureSpec(raw);
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected parseFeatureSpec to throw');
}

describe('parseFeatureSpec', () => {
  it('reads a spec, keeping only the known keys', () => {
    const spec = parseFeatureSpec(GOOD);
    expect(spec.features).toHaveLength(6);
    expect(spec.features[1]).not.toHaveProperty('extra');
  });

  it('names the bad field', () => {
    const badEncoding = { ...GOOD, features: [{ encoding: 'hash', column: 'x' }] };
    expect(failure(badEncoding).code).toBe('invalid-document');
    expect(failure({ ...GOOD, task: 'ranking' }).message).toMatch(
      /features spec\.task is not binary, multiclass or regression/,
    );
    const badEdges = { ...GOOD, features: [{ ...GOOD.features[4], fitted: { edges: [3, 1] } }] };
    expect(failure(badEdges).message).toMatch(/features spec\.features\[0\]\.fitted\.edges is not ascending/);
    const noBins = { ...GOOD, features: [{ encoding: 'bucket', column: 'a', bins: 1, method: 'uniform' }] };
    expect(failure(noBins).message).toMatch(/bins is below 2/);
    expect(failure(null).code).toBe('invalid-document');
  });
});
