import { assertNever } from '../../lib/errors';
import { predict, predictMlp, type DenseMatrix } from '../../ml/models';
import type { StoredModel } from '../runs';
import type { BundleDecision } from './types';

/** Scores rows with any stored model: the probability of class 1 (binary) or the predicted value. */
export function scoreRows(model: StoredModel, x: DenseMatrix): Float64Array {
  return model.kind === 'mlp' ? predictMlp(model, x) : predict(model, x);
}

/**
 * The decision for one score: act (true) when score ≥ threshold; binary with no threshold acts
 * on no one; regression has no decision (null). A NaN score decides nothing (null).
 */
export function decide(score: number, decision: BundleDecision): boolean | null {
  switch (decision.task) {
    case 'binary':
      if (Number.isNaN(score)) return null;
      return decision.threshold === null ? false : score >= decision.threshold;
    case 'regression':
      return null;
    default:
      return assertNever(decision.task);
  }
}
