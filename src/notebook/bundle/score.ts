import { assertNever } from '../../lib/errors';
import {
  isMulticlass,
  mlpOutputs,
  ModelError,
  predict,
  predictMlp,
  predictProba,
  type ClassProbabilities,
  type DenseMatrix,
} from '../../ml/models';
import { argMaxClasses } from '../../ml/metrics/multiclass-validate';
import { decideClasses } from '../../ml/value';
import type { StoredModel } from '../runs';
import type { BundleDecision } from './types';

/**
 * The column of class c's probability in every predictions table (the train cell's, the score
 * cell's, the command line's): `score_<class>`.
 */
export const classScoreColumn = (name: string): string => `score_${name}`;

/**
 * Scores rows with a stored model of one score per row: the probability of class 1 (binary) or
 * the predicted value. A multiclass model throws ModelError('shape'): use `scoreClasses`.
 */
export function scoreRows(model: StoredModel, x: DenseMatrix): Float64Array {
  if (model.kind !== 'mlp') return predict(model, x);
  if (mlpOutputs(model) > 1)
    throw new ModelError(
      'shape',
      'This network gives one probability per class, not one score: use scoreClasses.',
    );
  return predictMlp(model, x);
}

/**
 * Multiclass: each row's probability of each class, row-major (k per row, in the order of the
 * model's classes), as the app's own `predictProba` / `predictMlp` give them. Throws
 * ModelError('shape') for a model with one score per row.
 */
export function scoreClasses(model: StoredModel, x: DenseMatrix): ClassProbabilities {
  if (model.kind === 'mlp') {
    const k = mlpOutputs(model);
    if (k < 2) throw new ModelError('shape', 'This network gives one score per row, not one per class.');
    return { data: predictMlp(model, x), rows: x.rows, classes: k };
  }
  if (!isMulticlass(model))
    throw new ModelError('shape', 'This model gives one score per row, not one per class: use scoreRows.');
  return predictProba(model, x);
}

/** Rows with a probability that is not a number: they get no class (−1). */
function unscored(p: ClassProbabilities, classes: Int32Array): Int32Array {
  const { rows, classes: k, data } = p;
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < k; c++)
      if (Number.isNaN(data[i * k + c] ?? NaN)) {
        classes[i] = -1;
        break;
      }
  return classes;
}

/** Multiclass: the most probable class of each row (the first on a tie, as sklearn's predict); −1 for NaN. */
export function mostProbable(p: ClassProbabilities): Int32Array {
  return unscored(p, argMaxClasses(p));
}

/**
 * Multiclass: the class each row is decided as — the one of least expected cost under the
 * bundle's cost matrix when it has one, else the most probable (the two agree under the default
 * matrix); −1 for a row whose probabilities are not numbers.
 */
export function decideClassesOf(p: ClassProbabilities, decision: BundleDecision): Int32Array {
  const costs = decision.costs;
  return costs === undefined ? mostProbable(p) : unscored(p, decideClasses(p, 'min-expected-cost', costs));
}

/**
 * The decision for one score: act (true) when score ≥ threshold; binary with no threshold acts
 * on no one; regression has no decision (null), nor has multiclass one per score
 * (`decideClassesOf`). A NaN score decides nothing (null).
 */
export function decide(score: number, decision: BundleDecision): boolean | null {
  switch (decision.task) {
    case 'binary':
      if (Number.isNaN(score)) return null;
      return decision.threshold === null ? false : score >= decision.threshold;
    case 'regression':
    case 'multiclass':
      return null;
    default:
      return assertNever(decision.task);
  }
}

/** Numbers a model gives per row: 1 (a score), or one probability per class. */
export function modelOutputs(model: StoredModel): number {
  if (model.kind === 'mlp') return mlpOutputs(model);
  return isMulticlass(model) ? model.classes.length : 1;
}

/**
 * What the command line's scoring threads compute per row, row-major: the score (one number), or
 * for a multiclass model its k probabilities, then the most probable class and the decided class
 * (`decideClassesOf`) as indices (−1: none) — k + 2 numbers, so that the command line decides
 * exactly as the app does.
 */
export function scoreOutputs(model: StoredModel, decision: BundleDecision, x: DenseMatrix): Float64Array {
  if (modelOutputs(model) === 1) return scoreRows(model, x);
  const p = scoreClasses(model, x);
  const k = p.classes;
  const predicted = mostProbable(p);
  const decided = decideClassesOf(p, decision);
  const out = new Float64Array(x.rows * (k + 2));
  for (let i = 0; i < x.rows; i++) {
    out.set(p.data.subarray(i * k, (i + 1) * k), i * (k + 2));
    out[i * (k + 2) + k] = predicted[i] ?? -1;
    out[i * (k + 2) + k + 1] = decided[i] ?? -1;
  }
  return out;
}

/** Numbers `scoreOutputs` gives per row. */
export function outputWidth(model: StoredModel): number {
  const k = modelOutputs(model);
  return k === 1 ? 1 : k + 2;
}
