import {
  fitBaseline,
  fitGbdt,
  fitLinear,
  fitLogistic,
  fitMulticlassLogistic,
  fitMulticlassTree,
  fitTree,
  type DenseMatrix,
} from '../../ml/models';
import { syntheticClassification, syntheticMulticlass } from '../../ml/models/testing';
import type { FeatureSpec } from '../feature-types';
import { bundleKindOf, type BundleContents, type BundledModel } from './types';

/*
 * A small bundle for the reader's and the check's tests, pure (no engine): two input columns,
 * five features, fitted by hand; a model of every kind fitted on synthetic rows of that width.
 * The Telco bundles made through the real pipeline are in src/data/score/testing.ts.
 */

export const SPEC: FeatureSpec = {
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    { encoding: 'numeric', column: 'tenure', standardise: true, fitted: { fill: null, mean: 30, std: 20 } },
    {
      encoding: 'one-hot',
      column: 'plan',
      topK: 2,
      other: true,
      missing: 'category',
      fitted: { categories: ['basic', 'pro'] },
    },
  ],
};

export const FEATURE_NAMES = ['tenure', 'plan=basic', 'plan=pro', 'plan=(other)', 'plan=(missing)'];

export const X: DenseMatrix = syntheticClassification(300, 5, 7).x;
const Y = syntheticClassification(300, 5, 7).y;

export type Kind = 'baseline' | 'logistic' | 'linear' | 'tree' | 'gbdt' | 'mlp';
export const KINDS: readonly Kind[] = ['baseline', 'logistic', 'linear', 'tree', 'gbdt', 'mlp'];

export async function modelOf(kind: Kind): Promise<BundledModel> {
  switch (kind) {
    case 'baseline':
      return fitBaseline(X, Y, { task: 'classification' });
    case 'logistic':
      return fitLogistic(X, Y);
    case 'linear':
      return fitLinear(X, Y, { alpha: 0.5 });
    case 'tree':
      return fitTree(X, Y, { task: 'classification', maxDepth: 3 });
    case 'gbdt':
      return fitGbdt(X, Y, { task: 'classification', maxIter: 5 });
    case 'mlp':
      return {
        kind: 'mlp',
        spec: {
          kind: 'mlp',
          task: 'binary',
          hidden: [3],
          activation: 'tanh',
          dropout: 0,
          learningRate: 0.01,
          batchSize: 32,
          epochs: 2,
          patience: 0,
          l2: 0,
          seed: 1,
        },
        inputs: 5,
        layers: [
          { units: 3, kernel: Array.from({ length: 15 }, (_, k) => Math.cos(k) / 2), bias: [0.1, -0.1, 0] },
          { units: 1, kernel: [0.7, -0.4, 0.2], bias: [0.05] },
        ],
      };
  }
}

/** The contents of a bundle of `model` (linear models make it a regression bundle). */
export function contentsOf(model: BundledModel): BundleContents {
  const regression = model.kind === 'linear';
  const task = regression ? 'regression' : 'binary';
  return {
    createdAt: '2026-03-02T09:00:00.000Z',
    appVersion: '0.1.0',
    model: {
      name: `Churn — ${model.kind}`,
      version: 2,
      kind: bundleKindOf(model),
      task,
      featureNames: FEATURE_NAMES,
      artifact: model,
    },
    features: {
      spec: regression ? { target: 'churn', task, features: SPEC.features } : SPEC,
      sql: '-- for people only',
    },
    input: {
      table: 'customers',
      rows: 300,
      columns: [
        { name: 'tenure', type: 'INTEGER', nulls: 0, number: { min: 0, max: 72 } },
        {
          name: 'plan',
          type: 'VARCHAR',
          nulls: 3,
          text: { categories: ['basic', 'legacy', 'pro'], distinct: 3 },
        },
      ],
      example: {
        columns: ['tenure', 'plan'],
        rows: [
          [1, 'basic'],
          [40, null],
        ],
      },
    },
    decision: regression
      ? { task, positive: null, threshold: null, values: null, unitCost: { over: 1, under: 2 } }
      : {
          task,
          positive: 'Yes',
          threshold: 0.4,
          values: { tp: 100, fp: -20, tn: 0, fn: -150 },
          unitCost: null,
        },
    evaluation: null,
    metrics: regression ? { rmse: 0.4 } : { roc_auc: 0.8, log_loss: 0.5 },
    lineage: {
      caseId: 'case-1',
      caseTitle: 'Churn',
      runId: `run-${model.kind}`,
      runLabel: model.kind,
      trainedAt: '2026-03-01T10:01:00.000Z',
      trainedWith: '0.1.0',
      dataFingerprint: null,
      sources: [{ table: 'customers', fileName: 'customers.csv', sha256: 'a'.repeat(64) }],
      preparation: [{ table: 'active', label: 'SQL cell', sql: 'SELECT * FROM customers WHERE active' }],
    },
  };
}

/** Three classes, named in the order of the probabilities (sorted, as the features encode them). */
export const CLASSES = ['basic', 'churned', 'upgraded'];
const MC = syntheticMulticlass(300, 5, 3, 11);

export type MulticlassKind = 'logistic' | 'tree' | 'gbdt' | 'mlp';
export const MULTICLASS_KINDS: readonly MulticlassKind[] = ['logistic', 'tree', 'gbdt', 'mlp'];

/** A model of `kind` trained on three classes of synthetic rows five features wide (the MLP's weights fixed). */
export async function multiclassModelOf(kind: MulticlassKind): Promise<BundledModel> {
  switch (kind) {
    case 'logistic':
      return fitMulticlassLogistic(MC.x, MC.y, { classes: CLASSES });
    case 'tree':
      return fitMulticlassTree(MC.x, MC.y, { classes: CLASSES, maxDepth: 3 });
    case 'gbdt':
      return fitGbdt(MC.x, MC.y, { task: 'multiclass', classes: CLASSES, maxIter: 4 });
    case 'mlp':
      return {
        kind: 'mlp',
        spec: {
          kind: 'mlp',
          task: 'multiclass',
          hidden: [4],
          activation: 'relu',
          dropout: 0,
          learningRate: 0.01,
          batchSize: 32,
          epochs: 2,
          patience: 0,
          l2: 0,
          seed: 1,
        },
        inputs: 5,
        layers: [
          {
            units: 4,
            kernel: Array.from({ length: 20 }, (_, k) => Math.sin(k) / 2),
            bias: [0.1, -0.1, 0, 0.2],
          },
          {
            units: 3,
            kernel: Array.from({ length: 12 }, (_, k) => Math.cos(k + 1) / 2),
            bias: [0, 0.1, -0.1],
          },
        ],
      };
  }
}

/** The contents of a multiclass bundle of `model`, with a cost matrix when `costs` is given. */
export function multiclassContentsOf(
  model: BundledModel,
  costs?: readonly (readonly number[])[],
): BundleContents {
  const binary = contentsOf(model);
  return {
    ...binary,
    model: { ...binary.model, task: 'multiclass', classes: CLASSES },
    features: {
      ...binary.features,
      spec: { target: 'churn', task: 'multiclass', classes: CLASSES, features: SPEC.features },
    },
    decision: {
      task: 'multiclass',
      positive: null,
      threshold: null,
      values: null,
      unitCost: null,
      ...(costs === undefined ? {} : { costs }),
    },
    metrics: { macro_f1: 0.7, accuracy: 0.75 },
  };
}
