import {
  MlError,
  weightedMulticlassMetric,
  weightedPairedBootstrap,
  type ClassScores,
  type MulticlassMetricName,
} from '../../ml/metrics';
import { decideClasses, type CostMatrix } from '../../ml/value';
import { bootstrapSummary, comparisonFinding, type ComparisonSummary } from './compare';

/*
 * A multiclass challenger (v2) against the version in service (v1) on the same rows, pure: the
 * brief's multiclass metric of each with a paired bootstrap interval of the difference (the same
 * resamples for both), the value per 1,000 rows under one cost matrix, each version deciding by
 * its own rule (least expected cost under its own costs, else the most probable class), and the
 * rows on which those decisions differ.
 */

export interface ComparedClassRows {
  /** The rows' ids, as the disagreements table names them. */
  readonly rowIds: ArrayLike<number>;
  /** The true class of each row, an index into the versions' shared classes. */
  readonly y: ArrayLike<number>;
  /** k probabilities per row, row-major, in the order of the shared classes. */
  readonly challenger: ClassScores;
  readonly incumbent: ClassScores;
}

export interface MulticlassComparisonOptions {
  readonly metric: MulticlassMetricName;
  readonly higherIsBetter: boolean;
  /** Each version's own cost matrix when its bundle has one (it decides by least expected cost). */
  readonly challengerCosts: CostMatrix | null;
  readonly incumbentCosts: CostMatrix | null;
  /** What each outcome costs, true × predicted: both versions' decisions are valued with it. */
  readonly valuation: CostMatrix;
  readonly seed: number;
  readonly iterations?: number;
  readonly level?: number;
}

export interface ClassDisagreement {
  readonly rowId: number;
  /** Class indices. */
  readonly y: number;
  readonly challengerClass: number;
  readonly incumbentClass: number;
  /** The probability each version gives the class it decided. */
  readonly challengerProbability: number;
  readonly incumbentProbability: number;
}

export interface MulticlassVersionComparison extends ComparisonSummary {
  readonly kind: 'multiclass';
  readonly metric: MulticlassMetricName;
  /** Value per 1,000 rows (minus the cost under `valuation`) of each version's decisions. */
  readonly valuePer1000: { readonly challenger: number; readonly incumbent: number };
  readonly disagreements: readonly ClassDisagreement[];
}

/** −(cost per 1,000 rows) of deciding `decided` for rows whose truth is `y`. */
function valuePer1000(y: ArrayLike<number>, decided: Int32Array, valuation: CostMatrix): number {
  let cost = 0;
  for (let i = 0; i < y.length; i++) cost += valuation[y[i] ?? 0]?.[decided[i] ?? 0] ?? 0;
  return (-cost / y.length) * 1000;
}

function decide(p: ClassScores, costs: CostMatrix | null): Int32Array {
  return costs === null ? decideClasses(p, 'arg-max') : decideClasses(p, 'min-expected-cost', costs);
}

export function compareMulticlassVersions(
  rows: ComparedClassRows,
  options: MulticlassComparisonOptions,
): MulticlassVersionComparison {
  const n = rows.y.length;
  const { challenger, incumbent } = rows;
  if (rows.rowIds.length !== n || challenger.rows !== n || incumbent.rows !== n)
    throw new MlError(
      'length-mismatch',
      'The compared rows, labels and both versions’ probabilities must be as many.',
    );
  if (challenger.classes !== incumbent.classes)
    throw new MlError(
      'length-mismatch',
      `The challenger scores ${challenger.classes} classes and the incumbent ${incumbent.classes}: they answer different questions.`,
    );
  if (n === 0) throw new MlError('empty', 'There is no row to compare the two versions on.');
  const k = challenger.classes;
  if (options.valuation.length !== k || options.valuation.some((row) => row.length !== k))
    throw new MlError('bad-option', `The cost matrix must be ${k} × ${k}, one row and column per class.`);
  const boot = weightedPairedBootstrap(
    weightedMulticlassMetric(options.metric, rows.y, challenger),
    weightedMulticlassMetric(options.metric, rows.y, incumbent),
    n,
    {
      seed: options.seed,
      ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
      ...(options.level === undefined ? {} : { level: options.level }),
    },
  );
  const challengerClass = decide(challenger, options.challengerCosts);
  const incumbentClass = decide(incumbent, options.incumbentCosts);
  const disagreements: ClassDisagreement[] = [];
  for (let i = 0; i < n; i++) {
    const a = challengerClass[i] ?? 0;
    const b = incumbentClass[i] ?? 0;
    if (a !== b)
      disagreements.push({
        rowId: rows.rowIds[i] ?? 0,
        y: rows.y[i] ?? 0,
        challengerClass: a,
        incumbentClass: b,
        challengerProbability: Number(challenger.data[i * k + a]),
        incumbentProbability: Number(incumbent.data[i * k + b]),
      });
  }
  const summary = bootstrapSummary(boot, n);
  return {
    kind: 'multiclass',
    metric: options.metric,
    ...summary,
    valuePer1000: {
      challenger: valuePer1000(rows.y, challengerClass, options.valuation),
      incumbent: valuePer1000(rows.y, incumbentClass, options.valuation),
    },
    disagreements,
    finding: comparisonFinding(summary, options.higherIsBetter),
  };
}
