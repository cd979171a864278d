import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict, type DenseMatrix } from '../../ml/models';
import { readBundle } from '../../notebook/bundle/read';
import { scoreRows } from '../../notebook/bundle/score';
import { scoringPlan } from './plan';
import { telcoModels, type TelcoModels } from './testing';

let telco: TelcoModels;
beforeAll(async () => {
  telco = await telcoModels();
}, 300_000);
afterAll(async () => {
  await telco.engine.terminate();
});

describe('bundleFromRun on Telco', () => {
  it('writes every kind of model, reads back equal, and scores exactly as predict', async () => {
    expect(telco.bundles.map((b) => b.kind)).toEqual([
      'baseline',
      'logistic',
      'linear',
      'tree',
      'gbdt',
      'mlp',
    ]);
    for (const { kind, bundle, text } of telco.bundles) {
      const back = await readBundle(text);
      expect(back, kind).toEqual(bundle);
      const x: DenseMatrix = kind === 'linear' ? telco.matrices.regression : telco.matrices.binary;
      const want =
        bundle.model.artifact.kind === 'mlp'
          ? scoreRows(bundle.model.artifact, x)
          : predict(bundle.model.artifact, x);
      expect(Array.from(scoreRows(back.model.artifact, x)), kind).toEqual(Array.from(want));
      expect(scoringPlan(back, 'churn').columns).toEqual(back.model.featureNames);
    }
  });

  it('profiles the input table: types, NULLs, ranges, categories and example rows', () => {
    const { input, features, decision, lineage } = telco.bundles[1]!.bundle;
    expect(input.table).toBe('churn');
    expect(input.rows).toBe(7043);
    const byName = new Map(input.columns.map((c) => [c.name, c]));
    expect(byName.get('TotalCharges')).toMatchObject({
      type: 'DOUBLE',
      nulls: 11,
      number: { min: 18.8, max: 8684.8 },
    });
    expect(byName.get('tenure')).toMatchObject({ type: 'INTEGER', nulls: 0, number: { min: 0, max: 72 } });
    expect(byName.get('PaymentMethod')?.text).toEqual({
      categories: [
        'Bank transfer (automatic)',
        'Credit card (automatic)',
        'Electronic check',
        'Mailed check',
      ],
      distinct: 4,
    });
    expect(input.columns.map((c) => c.name)).not.toContain('Churn');
    expect(input.example.rows[0]).toEqual(
      [
        0,
        1,
        29.85,
        29.85,
        'Female',
        'Yes',
        'No',
        'No',
        'No phone service',
        'DSL',
        'No',
        'Yes',
        'No',
        'No',
        'No',
        'No',
        'Month-to-month',
        'Yes',
        'Electronic check',
      ].slice(0, input.example.columns.length),
    );
    expect(features.sql).toContain('-- Features of churn for scoring');
    expect(decision).toEqual({
      task: 'binary',
      positive: 'Yes',
      threshold: 0.35,
      values: { tp: 200, fp: -50, tn: 0, fn: -300 },
      unitCost: null,
    });
    expect(lineage).toMatchObject({ caseId: 'case-telco', runId: 'run-logistic', trainedWith: '0.1.0' });
  });
});
