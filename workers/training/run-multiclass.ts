import { assertNever } from '../../src/lib/errors';
import {
  fitGbdt,
  fitMulticlassBaseline,
  fitMulticlassLogistic,
  fitMulticlassTree,
  multiclassTreeRules,
  type DenseMatrix,
  type FitOptions,
} from '../../src/ml/models';
import type { Coefficient, ModelSpec, MlpSpec, TrainedModel } from './api';

/*
 * The TypeScript models on k ≥ 3 classes (y holds class indices into `classes`): the softmax
 * logistic regression, the Gini tree over k classes, the baseline of the training class shares and
 * gradient-boosted trees with a tree per class per round. Binary and regression never come here.
 */

type TsSpec = Exclude<ModelSpec, MlpSpec>;

/** "Adelie · bill_length_mm": one coefficient per class and feature, class by class. */
function classCoefficients(
  coef: readonly (readonly number[])[],
  classes: readonly string[],
  featureNames: readonly string[],
): Coefficient[] {
  return coef.flatMap((row, c) =>
    row.map((value, j) => ({
      feature: `${classes[c] ?? c} · ${featureNames[j] ?? `column ${j + 1}`}`,
      value,
    })),
  );
}

export async function fitMulticlass(
  spec: TsSpec,
  x: DenseMatrix,
  y: Float32Array,
  options: FitOptions,
  classes: readonly string[],
  featureNames: readonly string[],
): Promise<Exclude<TrainedModel, { kind: 'mlp' }>> {
  switch (spec.kind) {
    case 'baseline':
      return { kind: 'baseline', artifact: fitMulticlassBaseline(x, y, { ...options, classes }) };
    case 'logistic': {
      const artifact = await fitMulticlassLogistic(x, y, { ...options, classes, C: spec.C });
      return {
        kind: 'logistic',
        artifact,
        coefficients: classCoefficients(artifact.coef, classes, featureNames),
      };
    }
    case 'linear':
      throw new Error('Linear regression does not classify: the plan refuses it for a multiclass brief.');
    case 'tree': {
      const { maxDepth, minSamplesLeaf } = spec;
      const artifact = await fitMulticlassTree(x, y, { ...options, classes, maxDepth, minSamplesLeaf });
      const treeRules = multiclassTreeRules(artifact, featureNames).map((r) => r.rule);
      return { kind: 'tree', artifact, treeRules };
    }
    case 'gbdt': {
      const artifact = await fitGbdt(x, y, {
        ...options,
        task: 'multiclass',
        classes,
        learningRate: spec.learningRate,
        maxIter: spec.maxIter,
        maxLeafNodes: spec.maxLeafNodes,
        maxDepth: spec.maxDepth,
        minSamplesLeaf: spec.minSamplesLeaf,
        l2Regularization: spec.l2,
        earlyStopping: spec.earlyStopping ? {} : false,
      });
      return { kind: 'gbdt', artifact, iterations: artifact.trees.length };
    }
    default:
      return assertNever(spec);
  }
}
