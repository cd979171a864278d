/**
 * Explaining a model of k classes, whose ScoreFn gives k probabilities per row (row-major).
 * Permutation importance reads them whole: the drop of the brief's multiclass metric (macro F1,
 * accuracy, log loss, one-vs-rest ROC AUC…, as ../metrics computes them like scikit-learn), and,
 * from the same shuffles, per class the drop of that class's one-vs-rest ROC AUC (sklearn
 * `roc_auc_score(y == c, P[:, c])`): which features tell this class from the others. Partial
 * dependence and LIME explain one number per row, so they read one class's probability
 * (`classScore`): per class for PDP, the row's predicted class for LIME.
 */
import { rocAuc } from '../metrics/curves';
import { MlError } from '../metrics/errors';
import { multiclassHigherIsBetter, type MulticlassMetricName } from '../metrics/multiclass-names';
import { classIndices } from '../metrics/multiclass-validate';
import { multiclassMetric } from '../metrics/multiclass-weighted';
import {
  importanceOfScorers,
  type ImportanceScorer,
  type ImportanceSettings,
  type PermutationImportance,
} from './permutation';
import type { DenseMatrix, ScoreArray, ScoreFn } from './types';
import { checkMatrix } from './validate';

export interface MulticlassImportanceOptions extends ImportanceSettings {
  readonly metric: MulticlassMetricName;
  /** The class names, index c is class c (k ≥ 2). */
  readonly classes: readonly string[];
}

/** One class's importance: the drop of its one-vs-rest ROC AUC, or why there is none. */
export type ClassImportance =
  | { readonly className: string; readonly importance: PermutationImportance; readonly reason: null }
  | { readonly className: string; readonly importance: null; readonly reason: string };

export interface MulticlassImportance {
  /** The drop of the multiclass metric. */
  readonly overall: PermutationImportance;
  /** Index c is class c. */
  readonly perClass: readonly ClassImportance[];
}

/** The probability of class `c` of a ScoreFn that gives `k` per row. */
export function classScore(score: ScoreFn, k: number, c: number): ScoreFn {
  if (!Number.isInteger(c) || c < 0 || c >= k) {
    throw new MlError('bad-option', `Class ${c} is not one of the model's ${k} classes (0 to ${k - 1}).`);
  }
  return async (x, rows, cols) => {
    const all: ScoreArray = await score(x, rows, cols);
    if (all.length !== rows * k) {
      throw new MlError(
        'length-mismatch',
        `The model returned ${all.length} scores for ${rows} rows; ${k} classes need ${rows * k}.`,
      );
    }
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = all[i * k + c] ?? NaN;
    return out;
  };
}

/** The class of highest probability (the first on a tie, as numpy's argmax) of one row's k scores. */
export function predictedClass(scores: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < scores.length; c++)
    if ((scores[c] ?? -Infinity) > (scores[best] ?? -Infinity)) best = c;
  return best;
}

function overallScorer(metric: MulticlassMetricName, y: Int32Array, k: number): ImportanceScorer {
  return {
    metric,
    higherIsBetter: multiclassHigherIsBetter(metric),
    // Decision metrics judge the arg-max class: no threshold.
    threshold: null,
    of: (scores) => {
      const value = multiclassMetric(metric, y, { data: scores, rows: y.length, classes: k });
      if (value === null) {
        throw new MlError(
          'one-class',
          `${metric} is undefined on these rows (a class has no validation rows): choose another metric, or use more validation rows.`,
        );
      }
      return value;
    },
  };
}

function classScorer(truth: Float64Array, k: number, c: number): ImportanceScorer {
  const column = new Float64Array(truth.length);
  return {
    metric: 'roc_auc',
    higherIsBetter: true,
    threshold: null,
    of: (scores) => {
      for (let i = 0; i < column.length; i++) column[i] = scores[i * k + c] ?? NaN;
      const auc = rocAuc(truth, column);
      if (auc.value === null) throw new MlError('one-class', auc.message);
      return auc.value;
    },
  };
}

/**
 * Permutation importance of a k-class model: the multiclass metric's drop, and each class's
 * one-vs-rest ROC AUC drop, all from the same shuffled copies (one pass of the model). A class
 * with no validation rows, or only its rows, has no one-vs-rest AUC: its entry says so.
 */
export async function multiclassPermutationImportance(
  score: ScoreFn,
  x: DenseMatrix,
  y: ArrayLike<number>,
  options: MulticlassImportanceOptions,
): Promise<MulticlassImportance> {
  checkMatrix(x, 'The rows to explain');
  const k = options.classes.length;
  if (k < 2) throw new MlError('too-few-classes', `A multiclass model needs at least 2 classes; got ${k}.`);
  if (y.length !== x.rows) {
    throw new MlError('length-mismatch', `The target has ${y.length} rows but the data has ${x.rows}.`);
  }
  const truth = classIndices(y, k);
  const counts = new Array<number>(k).fill(0);
  for (const t of truth) counts[t] = (counts[t] ?? 0) + 1;
  const explained = options.classes.flatMap((_, c) =>
    (counts[c] ?? 0) > 0 && (counts[c] ?? 0) < x.rows ? [c] : [],
  );
  const scorers = [
    overallScorer(options.metric, truth, k),
    ...explained.map((c) =>
      classScorer(
        Float64Array.from(truth, (t) => (t === c ? 1 : 0)),
        k,
        c,
      ),
    ),
  ];
  const [overall, ...byClass] = await importanceOfScorers(score, x, k, scorers, options);
  if (overall === undefined) throw new MlError('empty', 'Permutation importance computed nothing.');
  const perClass = options.classes.map((className, c): ClassImportance => {
    const importance = byClass[explained.indexOf(c)];
    if (importance !== undefined) return { className, importance, reason: null };
    const reason =
      (counts[c] ?? 0) === 0
        ? `No validation row is "${className}": its one-vs-rest ROC AUC is undefined.`
        : `Every validation row is "${className}": one-vs-rest ROC AUC needs other classes.`;
    return { className, importance: null, reason };
  });
  return { overall, perClass };
}
