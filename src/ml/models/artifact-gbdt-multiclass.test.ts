import { describe, expect, it } from 'vitest';
import { isMulticlass, modelFromJson, modelToJson, predict, predictOutput, predictProba } from './artifact';
import { fitGbdt, predictGbdt } from './gbdt';
import { gbdtMulticlassData } from './testing';

// Reference: predictGbdt, which gives scikit-learn 1.2.1 HistGradientBoostingClassifier's
// predict_proba on these rows to 2e-16 (gbdt-multiclass.test.ts). Here: that a GBDT trained on
// k classes is a MulticlassArtifact everywhere the app asks (isMulticlass, predictProba,
// predictOutput, a stored copy), and that `predict` refuses it instead of returning n × k numbers.
const { x, y } = gbdtMulticlassData(120, 4, 3, 5);
const CLASSES = ['a', 'b', 'c'];

async function model() {
  return fitGbdt(x, y, { seed: 0, task: 'multiclass', classes: CLASSES, maxIter: 5, maxLeafNodes: 4 });
}

describe('a multiclass GBDT as an artifact', () => {
  it('is multiclass, and predictProba gives predictGbdt’s probabilities, n × k', async () => {
    const m = await model();
    expect(isMulticlass(m)).toBe(true);
    if (!isMulticlass(m)) throw new Error('multiclass expected');
    const p = predictProba(m, x);
    expect(p.rows).toBe(120);
    expect(p.classes).toBe(3);
    expect(Array.from(p.data)).toEqual(Array.from(predictGbdt(m, x)));
    const out = predictOutput(m, x);
    expect(out.kind === 'probabilities' && out.classes).toEqual(CLASSES);
  });

  it('refuses one score per row', async () => {
    const m = await model();
    expect(() => predict(m, x)).toThrow(/one probability per class \(a, b, c\)/);
  });

  it('reloads from JSON and predicts the same', async () => {
    const m = await model();
    const back = modelFromJson(modelToJson(m));
    if (!isMulticlass(back)) throw new Error('multiclass expected');
    expect(Array.from(predictProba(back, x).data)).toEqual(Array.from(predictGbdt(m, x)));
  });

  it('a binary GBDT stays a score model', async () => {
    const binary = await fitGbdt(
      x,
      Float32Array.from(y, (v) => Number(v === 2)),
      {
        seed: 0,
        task: 'classification',
        maxIter: 3,
      },
    );
    expect(isMulticlass(binary)).toBe(false);
    expect(predict(binary, x)).toHaveLength(120);
  });
});
