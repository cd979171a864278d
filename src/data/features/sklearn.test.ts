import { describe, expect, it } from 'vitest';
import { assistFeatures } from './assist';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { readMatrix } from './matrix';
import { wasmEngine } from './test-helpers';

// Numbers from scikit-learn 1.2.1: /usr/bin/python3 src/data/features/reference/sklearn_reference.py
const SKLEARN = {
  scalerMean: 2.0625,
  scalerScale: 2.8373898657040417,
  scaledTrain: [
    -0.19824558013652693, -1.4317736343193612, 0.4185184469548902, -0.7269004605005988, 1.7842102212287425,
    0.15419100677285427,
  ],
  scaledValid: [34.516758230437524, -18.34872980596966],
  aucTies: 0.64,
  aucCategoryRate: 0.9,
  absCorr: 0.16666666666666669,
  quantileInnerEdges: [0.375, 2.0, 3.0625],
  quantileBins: [3, 0, 1, 0, 3, 0, 3, 2],
};

const TRAIN = [1.5, -2.0, 3.25, 0.0, 7.125, 2.5];
const VALID = [100.0, -50.0];

/** x: train rows then validation rows; the target alternates so that neither class is missing. */
const SCALER_SETUP = `CREATE TABLE s AS SELECT * FROM (VALUES ${[...TRAIN, ...VALID]
  .map((x, i) => `(${i + 1}, ${x}, ${i % 2}, '${i < TRAIN.length ? 'train' : 'valid'}')`)
  .join(', ')}) AS v(id, x, y, part)`;

describe('against scikit-learn 1.2.1', () => {
  it('standardisation equals StandardScaler fitted on the train rows, applied to all', async () => {
    const engine = await wasmEngine(SCALER_SETUP);
    const spec = await fitFeatures(
      engine,
      's',
      {
        target: 'y',
        task: 'regression',
        features: [{ encoding: 'numeric', column: 'x', standardise: true }],
      },
      { trainWhere: "part = 'train'" },
    );
    expect(spec.features[0]?.fitted).toMatchObject({ mean: SKLEARN.scalerMean });
    const fitted = spec.features[0]?.fitted;
    expect(fitted !== undefined && 'std' in fitted ? fitted.std : null).toBeCloseTo(SKLEARN.scalerScale, 14);
    const { sql, columns } = compileFeatures(spec, 's', { rowId: 'id' });
    const m = await readMatrix(engine, sql, columns);
    const expected = [...SKLEARN.scaledTrain, ...SKLEARN.scaledValid];
    expect(Array.from(m.x)).toEqual(expected.map(Math.fround));
  });

  it('quantile bins equal KBinsDiscretizer(n_bins=4, quantile, ordinal)', async () => {
    const engine = await wasmEngine(SCALER_SETUP);
    const spec = await fitFeatures(
      engine,
      's',
      {
        target: 'y',
        task: 'regression',
        features: [{ encoding: 'bucket', column: 'x', bins: 4, method: 'quantile' }],
      },
      { trainWhere: "part = 'train'" },
    );
    expect(spec.features[0]?.fitted).toEqual({ edges: SKLEARN.quantileInnerEdges });
    const { sql, columns } = compileFeatures(spec, 's', { rowId: 'id' });
    const m = await readMatrix(engine, sql, columns);
    // The script transforms the validation values first, then the train values.
    const bins = Array.from(m.x);
    expect([...bins.slice(TRAIN.length), ...bins.slice(0, TRAIN.length)]).toEqual(SKLEARN.quantileBins);
  });

  it('the univariate AUC equals roc_auc_score, ties included; categories by target rate; |corr|', async () => {
    const y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const score = [1, 2, 2, 3, 3, 3, 4, 1, 2, 5];
    const category = ['a', 'b', 'a', 'c', 'b', 'c', 'c', 'a', null, null];
    const values = y.map(
      (t, i) => `(${t}, ${score[i]}, ${category[i] === null ? 'NULL' : `'${category[i]}'`})`,
    );
    const engine = await wasmEngine(
      `CREATE TABLE a AS SELECT * FROM (VALUES ${values.join(', ')}) AS v(y, score, cat)`,
    );
    const binary = await assistFeatures(engine, 'a', { target: 'y', task: 'binary' });
    expect(binary.positive).toBe('1');
    expect(binary.columns.map((c) => [c.column, c.measure, c.value])).toEqual([
      ['score', 'auc', SKLEARN.aucTies],
      ['cat', 'auc', SKLEARN.aucCategoryRate],
    ]);
    expect(binary.columns[1]?.missingRate).toBe(0.2);
    const regression = await assistFeatures(engine, 'a', {
      target: 'y',
      task: 'regression',
      columns: ['score'],
    });
    expect(regression.columns[0]?.value).toBeCloseTo(SKLEARN.absCorr, 14);
  });
});
