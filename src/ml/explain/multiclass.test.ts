import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import type { MulticlassMetricName } from '../metrics/multiclass-names';
import { predictProba } from '../models/artifact';
import { fitGbdt } from '../models/gbdt';
import { gbdtMulticlassData, multiclassData, takeRows } from '../models/testing';
import reference from './fixtures/multiclass_explain_reference.json';
import { classScore, multiclassPermutationImportance, predictedClass } from './multiclass';
import { partialDependence } from './pdp';
import type { PermutationImportance } from './permutation';
import type { DenseMatrix, ScoreFn } from './types';

// scikit-learn 1.2.1 on the same rows and models (reference/multiclass_explain_reference.py writes
// fixtures/multiclass_explain_reference.json): permutation_importance with a multiclass scorer and
// a per-class one-vs-rest ROC AUC scorer, replaying sklearn's row permutations; partial_dependence
// with response_method='predict_proba', class by class, on sklearn's grid.
const K = 3;
const CLASSES = ['a', 'b', 'c'];
const METRICS = ['macro_f1', 'accuracy', 'log_loss', 'roc_auc_ovr_macro'] as const;

/** sklearn's multinomial LogisticRegression, its stored coefficients, in doubles. */
function softmaxScore(coef: readonly (readonly number[])[], intercept: readonly number[]): ScoreFn {
  return (x, rows, cols) => {
    const out = new Float64Array(rows * K);
    for (let i = 0; i < rows; i++) {
      const z = intercept.map((b, c) => {
        let s = b;
        for (let j = 0; j < cols; j++) s += (coef[c]?.[j] ?? 0) * (x[i * cols + j] ?? 0);
        return s;
      });
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((v, c) => (out[i * K + c] = v / sum));
    }
    return out;
  };
}

/** Importances as sklearn's `importances` array: [feature][repeat], in column order. */
function byColumn(result: PermutationImportance, cols: number): number[][] {
  return Array.from({ length: cols }, (_, c) => [
    ...(result.features.find((f) => f.columns[0] === c)?.drops ?? []),
  ]);
}

function maxDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  expect(a.map((r) => r.length)).toEqual(b.map((r) => r.length));
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - (b[i]?.[j] ?? NaN)))));
}

interface Case {
  readonly name: string;
  readonly score: () => Promise<ScoreFn>;
  readonly x: DenseMatrix;
  readonly y: Float32Array;
  readonly ref: typeof reference.logistic | typeof reference.hgb;
  /** How far the TS model is from sklearn's: exactly it (logistic), or refitted (HGB, ~1e-6). */
  readonly tolerance: number;
}

function logisticCase(): Case {
  const data = multiclassData(600, 5, K, 101);
  const v = takeRows(data.x, data.y, data.validation);
  const ref = reference.logistic;
  return {
    name: 'multinomial LogisticRegression',
    score: () => Promise.resolve(softmaxScore(ref.coef, ref.intercept)),
    x: v.x,
    y: v.y,
    ref,
    tolerance: 1e-9,
  };
}

function hgbCase(): Case {
  const ref = reference.hgb;
  const { x, y } = gbdtMulticlassData(800, 5, K, 11);
  const all = Array.from({ length: 800 }, (_, i) => i);
  const train = takeRows(x, y, all.slice(0, ref.trainRows));
  const explained = takeRows(x, y, all.slice(ref.trainRows));
  return {
    name: 'HistGradientBoostingClassifier',
    score: async () => {
      const model = await fitGbdt(train.x, train.y, {
        task: 'multiclass',
        classes: CLASSES,
        maxIter: ref.maxIter,
      });
      return (data, rows, cols) => predictProba(model, { data, rows, cols }).data;
    },
    x: explained.x,
    y: explained.y,
    ref,
    tolerance: 1e-4,
  };
}

describe.each([logisticCase(), hgbCase()])('$name against scikit-learn 1.2.1', (c) => {
  const permutations = c.ref.permutations.map((p) => Int32Array.from(p));

  it.each(METRICS)('permutation importance on %s, and per class on one-vs-rest ROC AUC', async (metric) => {
    expect(c.x.rows).toBe(c.ref.permutations[0]?.length);
    const result = await multiclassPermutationImportance(await c.score(), c.x, c.y, {
      metric: metric satisfies MulticlassMetricName,
      classes: CLASSES,
      repeats: 5,
      permutations,
    });
    expect(result.overall.metric).toBe(metric);
    expect(maxDiff(byColumn(result.overall, c.x.cols), c.ref.importance[metric])).toBeLessThan(c.tolerance);
    result.perClass.forEach((entry, k) => {
      expect(entry.className).toBe(CLASSES[k]);
      expect(entry.importance?.metric).toBe('roc_auc');
      const importance = entry.importance ?? expect.unreachable();
      expect(maxDiff(byColumn(importance, c.x.cols), c.ref.importance.perClass[k] ?? [])).toBeLessThan(
        c.tolerance,
      );
    });
  });

  it.each(c.ref.pdp.map((p) => [p.feature, p] as const))(
    'partial dependence of feature %s, per class, on the predicted probability',
    async (_, expected) => {
      const score = await c.score();
      for (let k = 0; k < K; k++) {
        const pdp = await partialDependence(
          classScore(score, K, k),
          c.x,
          { kind: 'numeric', column: expected.feature },
          { grid: expected.grid, sampleSize: c.x.rows },
        );
        const want = expected.average[k] ?? [];
        // The app's rows are float32: a grid point set into a row is rounded (~1e-8 here).
        expect(maxDiff([pdp.average], [want])).toBeLessThan(Math.max(c.tolerance, 1e-7));
      }
    },
  );
});

describe('multiclass explaining, on bad input', () => {
  const { x, y } = logisticCase();
  const score = softmaxScore(reference.logistic.coef, reference.logistic.intercept);

  it('says which class has no one-vs-rest AUC instead of failing', async () => {
    const y4 = Float32Array.from(y);
    // Four classes named; class "d" has no row.
    const result = await multiclassPermutationImportance(
      async (data, rows, cols) => {
        const p = await score(data, rows, cols);
        return Float64Array.from({ length: rows * 4 }, (_, i) =>
          i % 4 === 3 ? 0 : (p[i - Math.floor(i / 4)] ?? 0),
        );
      },
      x,
      y4,
      { metric: 'accuracy', classes: [...CLASSES, 'd'], repeats: 2 },
    );
    expect(result.perClass[3]?.importance).toBeNull();
    expect(result.perClass[3]?.reason).toMatch(/No validation row is "d"/);
    expect(result.perClass[0]?.importance).not.toBeNull();
  });

  it('refuses a class outside the model, and a model of the wrong width', async () => {
    expect(() => classScore(score, K, 3)).toThrow(MlError);
    const narrow = classScore(score, 4, 0);
    await expect(Promise.resolve(narrow(x.data.slice(0, 5), 1, 5))).rejects.toThrow(/4 classes need 4/);
  });

  it('refuses a target outside the classes', async () => {
    const bad = Float32Array.from(y, (v, i) => (i === 3 ? 7 : v));
    await expect(
      multiclassPermutationImportance(score, x, bad, { metric: 'macro_f1', classes: CLASSES }),
    ).rejects.toThrow(MlError);
  });

  it('picks the first class of highest probability, as numpy argmax', () => {
    expect(predictedClass([0.2, 0.5, 0.3])).toBe(1);
    expect(predictedClass([0.4, 0.4, 0.2])).toBe(0);
  });
});
