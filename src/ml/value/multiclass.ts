/**
 * Business value of a multiclass decision under a cost matrix: cost[t][p] is what predicting class
 * p costs for a row whose class is t (per case; a cost positive, a benefit negative; the diagonal is
 * usually 0). Two decision rules: `arg-max` predicts the most probable class (sklearn's
 * `predict`); `min-expected-cost` predicts the class p with the lowest Σₜ P(t) · cost[t][p] (the
 * Bayes decision; with the default matrix, 0 on the diagonal and 1 elsewhere, it is arg-max).
 * Costs are also given per 1,000 cases, and as a value (−cost) to read beside the binary one.
 */
import { MlError } from '../metrics/errors';
import { argMaxClasses, multiclassProbabilities, type ClassScores } from '../metrics/multiclass-validate';

export type CostMatrix = readonly (readonly number[])[];
export type DecisionRule = 'arg-max' | 'min-expected-cost';

/** 0 for a right class, 1 for any wrong one: the cost is the error count, min-expected-cost is arg-max. */
export function defaultCostMatrix(k: number): number[][] {
  return Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, p) => (t === p ? 0 : 1)));
}

function badCell(classes: readonly string[], t: number, p: number, got: unknown): MlError {
  const shown = got === undefined || got === null || got === '' ? 'nothing' : JSON.stringify(got);
  return new MlError(
    'bad-cost-matrix',
    `The cost matrix has no number for true class ${classes[t] ?? t}, predicted ${classes[p] ?? p} (it holds ${shown}): give every cell a number (0 for no cost).`,
  );
}

/**
 * A cost matrix read from a document (`unknown`): k rows of k finite numbers, `classes` naming
 * rows (true) and columns (predicted). Throws MlError('bad-cost-matrix') naming the bad cell.
 */
export function parseCostMatrix(raw: unknown, classes: readonly string[]): number[][] {
  const k = classes.length;
  if (!Array.isArray(raw) || raw.length !== k) {
    throw new MlError(
      'bad-cost-matrix',
      `The cost matrix must have one row per class (${k}: ${classes.join(', ')}); it has ${Array.isArray(raw) ? raw.length : 'none'}.`,
    );
  }
  return raw.map((row: unknown, t) => {
    if (!Array.isArray(row) || row.length !== k) {
      throw new MlError(
        'bad-cost-matrix',
        `Row ${classes[t] ?? t} of the cost matrix must have ${k} cells, one per predicted class.`,
      );
    }
    return row.map((cell: unknown, p) => {
      if (typeof cell !== 'number' || !Number.isFinite(cell)) throw badCell(classes, t, p, cell);
      return cell;
    });
  });
}

function checkCosts(costs: CostMatrix, k: number): void {
  const names = Array.from({ length: k }, (_, c) => String(c));
  parseCostMatrix(costs, names);
}

/**
 * The class each row gets under `rule`; ties go to the lowest class index. Expected costs within
 * 1e-12 × the largest |cost| count as tied: they are sums of rounded products, so classes that tie
 * exactly (equal probabilities) must not be split by the order of the additions.
 */
export function decideClasses(
  probabilities: ClassScores,
  rule: DecisionRule,
  costs?: CostMatrix,
): Int32Array {
  if (rule === 'arg-max') return argMaxClasses(probabilities);
  const { rows: n, classes: k, data } = probabilities;
  const matrix = costs ?? defaultCostMatrix(k);
  checkCosts(matrix, k);
  const tolerance = 1e-12 * Math.max(1, ...matrix.flat().map(Math.abs));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestCost = Infinity;
    for (let p = 0; p < k; p++) {
      let expected = 0;
      for (let t = 0; t < k; t++) expected += (data[i * k + t] ?? 0) * (matrix[t]?.[p] ?? 0);
      if (expected < bestCost - tolerance) [best, bestCost] = [p, expected];
    }
    out[i] = best;
  }
  return out;
}

export interface MulticlassValue {
  readonly rule: DecisionRule;
  readonly predicted: Int32Array;
  /** counts[t][p]: rows of class t given class p. */
  readonly counts: number[][];
  readonly totalCost: number;
  readonly costPerThousand: number;
  /** −costPerThousand: higher is better, as the binary value per 1,000. */
  readonly valuePerThousand: number;
  /** Giving every row the one class that costs least here: what acting without a model costs. */
  readonly bestConstant: { readonly class: number; readonly costPerThousand: number };
}

/** The cost of deciding by `rule` on these rows, with its confusion counts. */
export function multiclassValue(
  y: ArrayLike<number>,
  probabilities: ClassScores,
  costs: CostMatrix,
  rule: DecisionRule,
): MulticlassValue {
  const rows = multiclassProbabilities(y, probabilities);
  const { n, k } = rows;
  checkCosts(costs, k);
  const predicted = decideClasses(probabilities, rule, costs);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let totalCost = 0;
  for (let i = 0; i < n; i++) {
    const t = rows.y[i] ?? 0;
    const p = predicted[i] ?? 0;
    const row = counts[t];
    if (row) row[p] = (row[p] ?? 0) + 1;
    totalCost += costs[t]?.[p] ?? 0;
  }
  const support = counts.map((row) => row.reduce((s, v) => s + v, 0));
  let bestConstant = { class: 0, costPerThousand: Infinity };
  for (let p = 0; p < k; p++) {
    const cost = support.reduce((s, m, t) => s + m * (costs[t]?.[p] ?? 0), 0);
    const perThousand = (cost / n) * 1000;
    if (perThousand < bestConstant.costPerThousand) bestConstant = { class: p, costPerThousand: perThousand };
  }
  const costPerThousand = (totalCost / n) * 1000;
  return {
    rule,
    predicted,
    counts,
    totalCost,
    costPerThousand,
    valuePerThousand: -costPerThousand,
    bestConstant,
  };
}
