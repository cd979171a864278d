import { describe, expect, it } from 'vitest';
import { SKLEARN_MULTICLASS } from './fixtures/sklearn_multiclass';
import { MlError } from './errors';
import { multiclassLogLoss, multiclassReport, multiclassConfusion } from './multiclass';
import { classCalibration, oneVsRestCurves, rocAucOvr } from './multiclass-curves';
import { argMaxClasses, type ClassScores } from './multiclass-validate';
import { multiclassMetric } from './multiclass-weighted';
import { FLOAT64_EPS } from './probability';
import { expectAllClose, expectClose, randomMulticlass } from './testing';
import { decideClasses, multiclassValue, parseCostMatrix } from '../value/multiclass';

// Known answers from scikit-learn 1.2.1, written by reference/multiclass_reference.py into
// fixtures/sklearn_multiclass.ts, on rows both languages draw alike (testing.ts randomMulticlass).
const { cases } = SKLEARN_MULTICLASS;

function rowsOf(name: keyof typeof cases): { y: number[]; p: ClassScores } {
  const ref = cases[name];
  const drawn = randomMulticlass(ref.n + ('drop' in ref ? 0 : 0), ref.k, ref.seed);
  if (!('drop' in ref)) return { y: drawn.y, p: drawn.probabilities };
  // missingClass: 120 rows drawn, those of class `drop` left out.
  const all = randomMulticlass(120, ref.k, ref.seed);
  const keep = all.y.flatMap((v, i) => (v === ref.drop ? [] : [i]));
  const data = new Float64Array(keep.length * ref.k);
  keep.forEach((row, j) =>
    data.set(all.probabilities.data.subarray(row * ref.k, (row + 1) * ref.k), j * ref.k),
  );
  return { y: keep.map((i) => all.y[i] ?? 0), p: { data, rows: keep.length, classes: ref.k } };
}

describe('the seeded rows match the reference script', () => {
  it('draws the same first rows', () => {
    const { y, p } = rowsOf('three');
    expect(y.slice(0, 5)).toEqual(cases.three.firstY);
    expect(Array.from(p.data).slice(0, 6)).toEqual(cases.three.firstP.flat());
    expect(rowsOf('missingClass').y).toHaveLength(cases.missingClass.n);
  });
});

describe.each(['three', 'seven', 'missingClass'] as const)('%s against scikit-learn 1.2.1', (name) => {
  const ref = cases[name];
  const { y, p } = rowsOf(name);
  const predicted = argMaxClasses(p);

  it('precision_recall_fscore_support (per class, macro, weighted), accuracy_score', () => {
    const report = multiclassReport(y, predicted, ref.k);
    report.perClass.forEach((m, c) => {
      const e = ref.perClass[c];
      expectClose(m.precision, e?.precision ?? NaN);
      expectClose(m.recall, e?.recall ?? NaN);
      expectClose(m.f1, e?.f1 ?? NaN);
      expect(m.support).toBe(e?.support);
    });
    for (const avg of ['macro', 'weighted'] as const) {
      expectClose(report[avg].precision, ref[avg].precision);
      expectClose(report[avg].recall, ref[avg].recall);
      expectClose(report[avg].f1, ref[avg].f1);
    }
    expectClose(report.accuracy, ref.accuracy);
    expectClose(multiclassMetric('macro_f1', y, p), ref.macro.f1);
    expectClose(multiclassMetric('weighted_recall', y, p), ref.weighted.recall);
  });

  it('confusion_matrix, counts and normalize="true"', () => {
    const confusion = multiclassConfusion(y, predicted, ref.k);
    expect(confusion.counts).toEqual(ref.confusion);
    confusion.normalized.forEach((row, t) => expectAllClose(row, ref.confusionNormalized[t] ?? []));
  });

  it('log_loss (eps 1e-15 and auto)', () => {
    expectClose(multiclassLogLoss(y, p), ref.logLoss1e15);
    expectClose(multiclassLogLoss(y, p, { eps: FLOAT64_EPS }), ref.logLossAuto);
    expectClose(multiclassMetric('log_loss', y, p), ref.logLoss1e15);
  });

  it("roc_auc_score(multi_class='ovr'), macro and weighted", () => {
    expectClose(rocAucOvr(y, p, 'macro').value, ref.rocAucOvr_macro);
    expectClose(rocAucOvr(y, p, 'weighted').value, ref.rocAucOvr_weighted);
    expectClose(multiclassMetric('roc_auc_ovr_weighted', y, p), ref.rocAucOvr_weighted);
  });

  it('one-vs-rest roc_curve, precision_recall_curve, average precision and calibration per class', () => {
    const curves = oneVsRestCurves(y, p);
    const calibration = classCalibration(y, p, { nBins: 5 });
    curves.forEach((c, k) => {
      const e = ref.ovr[k];
      if (!e) throw new Error('missing class');
      expect(c.support).toBe(e.support);
      expectAllClose(c.roc.fpr, e.roc.fpr);
      expectAllClose(c.roc.tpr, e.roc.tpr);
      expectAllClose(c.pr.recall, e.pr.recall);
      expectAllClose(c.pr.precision, e.pr.precision);
      expectClose(c.rocAuc.value, e.rocAuc);
      expectClose(c.averagePrecision.value, e.averagePrecision);
      expectAllClose(
        (calibration[k] ?? []).map((b) => b.fractionPositive),
        e.calibrationUniform5.fractionPositive,
      );
      expectAllClose(
        (calibration[k] ?? []).map((b) => b.meanPredicted),
        e.calibrationUniform5.meanPredicted,
      );
    });
  });

  it('the value under a cost matrix, arg-max and minimum expected cost (numpy)', () => {
    const costs = parseCostMatrix(
      ref.costs,
      Array.from({ length: ref.k }, (_, c) => `c${c}`),
    );
    for (const [rule, e] of [
      ['arg-max', ref.valueArgMax],
      ['min-expected-cost', ref.valueMinExpectedCost],
    ] as const) {
      const v = multiclassValue(y, p, costs, rule);
      expect(Array.from(v.predicted)).toEqual(e.predicted);
      expect(v.counts).toEqual(e.counts);
      expectClose(v.totalCost, e.totalCost);
      expectClose(v.costPerThousand, e.costPerThousand);
      expect(v.bestConstant.class).toBe(e.bestConstant.class);
      expectClose(v.bestConstant.costPerThousand, e.bestConstant.costPerThousand);
    }
  });
});

describe('multiclass decisions and bad input', () => {
  it('minimum expected cost never costs more on average than arg-max with the same matrix', () => {
    for (const name of ['three', 'seven'] as const) {
      const ref = cases[name];
      expect(ref.valueMinExpectedCost.totalCost).toBeLessThanOrEqual(ref.valueArgMax.totalCost);
    }
  });

  it('with the default cost matrix, minimum expected cost is arg-max', () => {
    const { p } = rowsOf('seven');
    expect(Array.from(decideClasses(p, 'min-expected-cost'))).toEqual(Array.from(argMaxClasses(p)));
  });

  it('undefined one-vs-rest AUC names the class with no rows', () => {
    const { y, p } = rowsOf('missingClass');
    const auc = rocAucOvr(y, p, 'macro');
    expect(auc).toMatchObject({ value: null, reason: 'one-class' });
    if (auc.value === null) expect(auc.message).toMatch(/class 2/);
  });

  it('says what is wrong', () => {
    const p = { data: [0.2, 0.3, 0.5, 0.1, 0.1, 0.8], rows: 2, classes: 3 };
    const reason = (f: () => unknown): string | null => {
      try {
        f();
        return null;
      } catch (e: unknown) {
        return e instanceof MlError ? e.reason : 'not-an-MlError';
      }
    };
    expect(reason(() => multiclassLogLoss([0, NaN], p))).toBe('missing-label');
    expect(() => multiclassLogLoss([0, NaN], p)).toThrow(/row 2 is missing \(NULL\)/);
    expect(reason(() => multiclassLogLoss([0, 3], p))).toBe('unknown-class');
    expect(reason(() => multiclassLogLoss([0, 1, 2], p))).toBe('length-mismatch');
    expect(reason(() => multiclassLogLoss([0, 1], { ...p, data: [0.2, 0.3, 0.6, 0.1, 0.1, 0.8] }))).toBe(
      'out-of-range',
    );
    expect(reason(() => multiclassReport([0, 1], [0, 1], 1))).toBe('too-few-classes');
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    expect(() =>
      parseCostMatrix(
        [
          [0, 1, 1],
          [1, 0, ''],
          [1, 1, 0],
        ],
        classes,
      ),
    ).toThrow(/true class Chinstrap, predicted Gentoo \(it holds nothing\)/);
    expect(() =>
      parseCostMatrix(
        [
          [0, 1, 1],
          [1, 0, 'x'],
          [1, 1, 0],
        ],
        classes,
      ),
    ).toThrow(/holds "x"/);
    expect(() =>
      parseCostMatrix(
        [
          [0, 1, 1],
          [1, 0, null],
          [1, 1, 0],
        ],
        classes,
      ),
    ).toThrow(/holds nothing/);
    expect(() =>
      parseCostMatrix(
        [
          [0, 1, 1],
          [1, 0],
          [1, 1, 0],
        ],
        classes,
      ),
    ).toThrow(/Row Chinstrap/);
    expect(() => parseCostMatrix([[0, 1, 1]], classes)).toThrow(/one row per class \(3/);
    expect(reason(() => parseCostMatrix({}, classes))).toBe('bad-cost-matrix');
  });
});
