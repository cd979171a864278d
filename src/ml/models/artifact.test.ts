import { describe, expect, it } from 'vitest';
import { modelFromJson, modelToJson, parseModel, predict, type ModelArtifact } from './artifact';
import { fitBaseline } from './baseline';
import { fitGbdt } from './gbdt';
import { fitLinear } from './linear';
import { fitLogistic } from './logistic';
import { syntheticClassification } from './testing';
import { fitTree } from './tree';
import formatOne from './fixtures/artifacts-format1.json';

const { x, y } = syntheticClassification(400, 3, 2);

async function everyKind(): Promise<ModelArtifact[]> {
  return [
    fitBaseline(x, y, { task: 'classification' }),
    await fitLogistic(x, y),
    fitLinear(x, y, { alpha: 0.1 }),
    await fitTree(x, y, { task: 'classification', maxDepth: 3 }),
    await fitGbdt(x, y, { task: 'classification', maxIter: 10 }),
  ];
}

describe('model artifacts', () => {
  it('every kind survives JSON and predicts identically', async () => {
    for (const model of await everyKind()) {
      const reloaded = modelFromJson(modelToJson(model));
      expect(reloaded).toEqual(model);
      expect(Array.from(predict(reloaded, x))).toEqual(Array.from(predict(model, x)));
    }
  });

  it('loads the binary and regression artifacts stored before multiclass (commit affa8b7) unchanged', () => {
    // Frozen: fixtures/artifacts-format1.json was written by that commit's code (every kind fitted
    // on syntheticClassification(60, 3, 5)) with its predictions on 5 rows. Never regenerate it.
    const rows = { data: Float32Array.from(formatOne.rows), rows: 5, cols: 3 };
    expect(formatOne.artifacts.map((a) => a.model.kind)).toEqual([
      'baseline',
      'baseline',
      'logistic',
      'linear',
      'tree',
      'tree',
      'gbdt',
    ]);
    for (const { model, predictions } of formatOne.artifacts) {
      const parsed = parseModel(structuredClone(model));
      // A GBDT stored before its early-stopping holdout was recorded reads with none.
      expect(parsed).toEqual(model.kind === 'gbdt' ? { ...model, holdout: null } : model);
      expect(Array.from(predict(parsed, rows))).toEqual(predictions);
    }
  });

  it('fits binary logistic regression as before: the stored Newton artifact, plus its solver', async () => {
    const stored = formatOne.artifacts[2]?.model;
    const { x: sx, y: sy } = syntheticClassification(60, 3, 5);
    expect(await fitLogistic(sx, sy, { C: 0.5 })).toEqual({ ...stored, solver: 'newton' });
  });

  it('structured-clones (IndexedDB) as plain data', async () => {
    for (const model of await everyKind()) expect(parseModel(structuredClone(model))).toEqual(model);
  });

  it('rejects damaged or foreign artifacts with a message naming the field', async () => {
    const [, logistic, , tree] = await everyKind();
    expect(() => parseModel({ kind: 'svm', format: 1 })).toThrow(/model.kind/);
    expect(() => parseModel({ ...logistic, format: 2 })).toThrow(/format/);
    expect(() => parseModel({ ...logistic, coef: [1] })).toThrow(/model.coef should be 3 numbers long/);
    expect(() => parseModel({ ...logistic, solver: 'sag' })).toThrow(/model.solver should be one of/);
    expect(() => modelFromJson('{')).toThrow(/not valid JSON/);
    if (tree?.kind !== 'tree') throw new Error('expected a tree');
    const loop = { ...tree, nodes: { ...tree.nodes, left: tree.nodes.left.map((l) => (l > 0 ? 0 : l)) } };
    expect(() => parseModel(loop)).toThrow(/valid split/);
    expect(() => parseModel(null)).toThrow(
      expect.objectContaining({ code: 'invalid-document', reason: 'bad-artifact' }),
    );
  });

  it('refuses data with the wrong number of features', async () => {
    const [baseline] = await everyKind();
    if (baseline === undefined) throw new Error('expected a model');
    expect(() => predict(baseline, { data: new Float32Array(2), rows: 1, cols: 2 })).toThrow(
      /expects 3 features/,
    );
  });
});
