import { describe, expect, it } from 'vitest';
import { bootstrapCi } from './bootstrap';
import type { ClassScores } from './multiclass-validate';
import {
  MULTICLASS_METRICS,
  multiclassMetric,
  weightedMulticlassMetric,
  type MulticlassMetricName,
} from './multiclass-weighted';
import { expectClose, randomMulticlass } from './testing';
import { weightedBootstrapCi, weightedPairedBootstrap } from './weighted';

// Reference: the multiclass metrics themselves (checked against scikit-learn 1.2.1 in
// multiclass.test.ts) recomputed on every resample by bootstrap.ts. bootstrapCi resamples (y,
// score) pairs; with the row index as the "score" it draws exactly the rows weightedBootstrapCi
// counts, and the metric rebuilds the resampled probability rows from the indices.
const { y, probabilities } = randomMulticlass(150, 4, 31);
const other = randomMulticlass(150, 4, 32).probabilities;
const OPTIONS = { iterations: 200, seed: 5 };
const index = Array.from(y, (_, i) => i);

function resampled(p: ClassScores, rows: Float64Array): ClassScores {
  const k = p.classes;
  const data = new Float64Array(rows.length * k);
  rows.forEach((r, j) => {
    for (let c = 0; c < k; c++) data[j * k + c] = Number(p.data[r * k + c]);
  });
  return { data, rows: rows.length, classes: k };
}

const byIndex =
  (name: MulticlassMetricName, p: ClassScores) =>
  (yb: Float64Array, rows: Float64Array): number | null =>
    multiclassMetric(name, yb, resampled(p, rows));

describe('multiclass metrics by multiplicities equal bootstrap.ts on the same resamples', () => {
  it.each(MULTICLASS_METRICS)('%s', (name) => {
    const [actual] = weightedBootstrapCi(
      [weightedMulticlassMetric(name, y, probabilities)],
      y.length,
      OPTIONS,
    );
    const expected = bootstrapCi(byIndex(name, probabilities), y, index, OPTIONS);
    expectClose(actual?.estimate ?? null, expected.estimate, 1e-12);
    expectClose(actual?.lower ?? null, expected.lower, 1e-12);
    expectClose(actual?.upper ?? null, expected.upper, 1e-12);
    expect(actual?.skipped).toBe(expected.skipped);
    expect((actual?.lower ?? NaN) <= (actual?.estimate ?? NaN)).toBe(true);
  });

  it('paired: the difference in macro F1 of two scorers, resample by resample', () => {
    const actual = weightedPairedBootstrap(
      weightedMulticlassMetric('macro_f1', y, probabilities),
      weightedMulticlassMetric('macro_f1', y, other),
      y.length,
      OPTIONS,
    );
    const difference = bootstrapCi(
      (yb, rows) => {
        const a = byIndex('macro_f1', probabilities)(yb, rows);
        const b = byIndex('macro_f1', other)(yb, rows);
        return a === null || b === null ? null : a - b;
      },
      y,
      index,
      OPTIONS,
    );
    expectClose(actual.estimateA, multiclassMetric('macro_f1', y, probabilities), 1e-12);
    expectClose(actual.difference, difference.estimate, 1e-12);
    expectClose(actual.lower, difference.lower, 1e-12);
    expectClose(actual.upper, difference.upper, 1e-12);
  });
});
