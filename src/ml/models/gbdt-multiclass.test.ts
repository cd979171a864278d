import { describe, expect, it } from 'vitest';
import { modelFromJson, modelToJson, parseModel, predict } from './artifact';
import { fitGbdt, predictGbdtRaw } from './gbdt';
import {
  SEVEN_BASELINE,
  SEVEN_CASE,
  SEVEN_LEAVES,
  SEVEN_PROBA,
  SEVEN_RAW,
  THREE_BASELINE,
  THREE_CASE,
  THREE_LEAVES,
  THREE_PROBA,
  THREE_RAW,
} from './fixtures/gbdt_multiclass_reference';
import { gbdtMulticlassData, takeRows } from './testing';

// Against scikit-learn 1.2.1 HistGradientBoostingClassifier on k classes (one tree per class per
// iteration, softmax loss), early stopping off: same bins, so the same trees up to float rounding.
// Data and numbers: reference/gbdt_multiclass_reference.py.
const CASES = [
  {
    name: '3 classes',
    c: THREE_CASE,
    baseline: THREE_BASELINE,
    leaves: THREE_LEAVES,
    proba: THREE_PROBA,
    raw: THREE_RAW,
  },
  {
    name: '7 classes',
    c: SEVEN_CASE,
    baseline: SEVEN_BASELINE,
    leaves: SEVEN_LEAVES,
    proba: SEVEN_PROBA,
    raw: SEVEN_RAW,
  },
];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return worst;
}

describe('multiclass GBDT against scikit-learn 1.2.1', () => {
  for (const { name, c, baseline, leaves, proba, raw } of CASES) {
    it(`${name}: same data, baseline, trees and probabilities (within 1e-4)`, async () => {
      const { x, y } = gbdtMulticlassData(c.rows, c.cols, c.classes, c.seed);
      // The generator reproduces the script's rows exactly.
      expect(y.reduce((s, v, i) => s + v * (i + 1), 0)).toBe(c.labelChecksum);
      expect(Array.from(x.data).filter(Number.isNaN)).toHaveLength(c.nanCount);
      let checksum = 0;
      x.data.forEach((v, i) => (checksum += Number.isNaN(v) ? 0 : v * ((i % c.cols) + 1)));
      expect(checksum).toBeCloseTo(c.featureChecksum, 8);

      const all = Array.from({ length: c.rows }, (_, i) => i);
      const train = takeRows(x, y, all.slice(0, c.trainRows));
      const scored = takeRows(x, y, all.slice(c.trainRows));
      const classes = Array.from({ length: c.classes }, (_, k) => `class ${k}`);
      const model = await fitGbdt(train.x, train.y, { task: 'multiclass', classes, maxIter: c.maxIter });
      expect(model.trees).toHaveLength(c.nIter);
      expect(model.trees.every((round) => round.length === c.classes)).toBe(true);
      expect(maxAbsDiff(model.baseline, baseline)).toBeLessThan(1e-12);
      expect(model.trees.map((round) => round.map((t) => t.feature.filter((f) => f < 0).length))).toEqual(
        leaves,
      );

      const p = predict(model, scored.x);
      expect(maxAbsDiff(p, proba)).toBeLessThan(1e-4);
      const r = predictGbdtRaw(model, scored.x);
      // Ours is class-major; sklearn's decision_function row-major.
      const rowMajor = Array.from({ length: 20 * c.classes }, (_, at) => {
        const [row, k] = [Math.floor(at / c.classes), at % c.classes];
        return r[k * scored.x.rows + row] ?? NaN;
      });
      expect(maxAbsDiff(rowMajor, raw)).toBeLessThan(1e-4);
      // Every row's probabilities sum to 1.
      for (let i = 0; i < scored.x.rows; i++) {
        expect(p.subarray(i * c.classes, (i + 1) * c.classes).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      }
    });
  }
});

describe('multiclass GBDT', () => {
  const { x, y } = gbdtMulticlassData(400, 4, 3, 5);
  const classes = ['Adelie', 'Chinstrap', 'Gentoo'];

  it('round-trips through JSON and predicts identically', async () => {
    const model = await fitGbdt(x, y, { task: 'multiclass', classes, maxIter: 5 });
    const reloaded = modelFromJson(modelToJson(model));
    expect(reloaded).toEqual(model);
    expect(Array.from(predict(reloaded, x))).toEqual(Array.from(predict(model, x)));
  });

  it('stops early on a holdout stratified by class', async () => {
    const model = await fitGbdt(x, y, {
      task: 'multiclass',
      classes,
      maxIter: 300,
      earlyStopping: { nIterNoChange: 3 },
      seed: 2,
    });
    expect(model.trees.length).toBeLessThan(300);
    expect(model.validationLoss).toHaveLength(model.trees.length);
    expect(model.holdout).toMatchObject({ fraction: 0.1, seed: 2, stratified: true });
  });

  it('refuses a class without training rows, labels out of range and fewer than 3 classes', async () => {
    await expect(
      fitGbdt(x, y, { task: 'multiclass', classes: [...classes, 'Emperor'], maxIter: 2 }),
    ).rejects.toThrow(/'Emperor' have no training rows/);
    const bad = y.slice();
    bad[3] = 1.5;
    await expect(fitGbdt(x, bad, { task: 'multiclass', classes, maxIter: 2 })).rejects.toMatchObject({
      reason: 'bad-target',
      message: expect.stringMatching(/row 4 has 1.5/),
    });
    await expect(
      fitGbdt(
        x,
        y.map((v) => Math.min(v, 1)),
        { task: 'multiclass', classes: ['a', 'b'], maxIter: 2 },
      ),
    ).rejects.toMatchObject({ reason: 'bad-option' });
  });

  it('rejects a damaged multiclass artifact with the field named', async () => {
    const model = await fitGbdt(x, y, { task: 'multiclass', classes, maxIter: 2 });
    const broken = { ...model, trees: [model.trees[0]?.slice(0, 2)] };
    expect(() => parseModel(broken)).toThrow(/model.trees\[0\] should be a list of 3 trees/);
  });
});
