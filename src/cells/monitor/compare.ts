import { MlError, pairedBootstrap, type MetricFn } from '../../ml/metrics';
import { expectedValue } from '../../ml/value';
import type { OutcomeValues } from '../../ml/value';

/*
 * A challenger (a retrained v2) against the version in service (v1) on the same rows, pure: the
 * metric of each with a paired bootstrap interval of the difference (both scored on the same
 * resampled rows each time, so that what the rows share cancels out), the value per 1,000 rows
 * of each at its own threshold, and the rows on which their decisions differ. Binary models: a
 * decision is score ≥ threshold (multiclass versions: compare-multiclass.ts).
 */

export interface ComparedRows {
  /** The rows' ids, as the disagreements table names them. */
  readonly rowIds: ArrayLike<number>;
  /** 1 for the positive class, 0 otherwise. */
  readonly y: ArrayLike<number>;
  readonly challenger: ArrayLike<number>;
  readonly incumbent: ArrayLike<number>;
}

export interface ComparisonOptions {
  readonly metricFn: MetricFn;
  readonly higherIsBetter: boolean;
  /** Each version's own decision threshold; null: it acts on no one. */
  readonly challengerThreshold: number | null;
  readonly incumbentThreshold: number | null;
  /** The brief's outcome values; null: no value per 1,000. */
  readonly values: OutcomeValues | null;
  readonly seed: number;
  readonly iterations?: number;
  readonly level?: number;
}

export interface Disagreement {
  readonly rowId: number;
  readonly y: number;
  readonly challengerScore: number;
  readonly incumbentScore: number;
  readonly challengerActs: boolean;
  readonly incumbentActs: boolean;
}

/** What every comparison says, binary or multiclass. */
export interface ComparisonSummary {
  readonly rows: number;
  readonly challenger: number | null;
  readonly incumbent: number | null;
  /** challenger − incumbent, and its paired percentile interval. */
  readonly difference: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly level: number;
  readonly iterations: number;
  /** Which is better on these rows, for people; "no clear difference" when the interval holds 0. */
  readonly finding: string;
}

/** A paired bootstrap's figures over `rows` rows, as every comparison reports them (no finding yet). */
export function bootstrapSummary(
  boot: ReturnType<typeof pairedBootstrap>,
  rows: number,
): Omit<ComparisonSummary, 'finding'> {
  return {
    rows,
    challenger: boot.estimateA,
    incumbent: boot.estimateB,
    difference: boot.difference,
    lower: boot.lower,
    upper: boot.upper,
    level: boot.level,
    iterations: boot.iterations,
  };
}

export interface VersionComparison extends ComparisonSummary {
  readonly kind: 'binary';
  /** Value per 1,000 rows of each at its own threshold; null without outcome values. */
  readonly valuePer1000: { readonly challenger: number; readonly incumbent: number } | null;
  readonly disagreements: readonly Disagreement[];
}

const acts = (score: number, threshold: number | null): boolean => threshold !== null && score >= threshold;

function valueAt(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number | null,
  values: OutcomeValues,
): number {
  // Acting on no one: every positive is a false negative, every negative a true negative.
  if (threshold === null) return expectedValue(y, score, Infinity, values).perThousand;
  return expectedValue(y, score, threshold, values).perThousand;
}

export function comparisonFinding(
  c: Pick<ComparisonSummary, 'difference' | 'lower' | 'upper' | 'level'>,
  higherIsBetter: boolean,
): string {
  if (c.difference === null || c.lower === null || c.upper === null)
    return 'The metric is undefined on these rows (one class), so the versions cannot be told apart.';
  const pct = `${Math.round(c.level * 100)} %`;
  if (c.lower <= 0 && c.upper >= 0)
    return `No clear difference: the ${pct} interval of the difference holds 0.`;
  const challengerBetter = c.lower > 0 === higherIsBetter;
  return challengerBetter
    ? `The challenger is better: the ${pct} interval of the difference excludes 0.`
    : `The challenger is worse: the ${pct} interval of the difference excludes 0.`;
}

export function compareVersions(rows: ComparedRows, options: ComparisonOptions): VersionComparison {
  const n = rows.y.length;
  if (rows.rowIds.length !== n || rows.challenger.length !== n || rows.incumbent.length !== n)
    throw new MlError(
      'length-mismatch',
      'The compared rows, labels and both versions’ scores must be as many.',
    );
  if (n === 0) throw new MlError('empty', 'There is no row to compare the two versions on.');
  const boot = pairedBootstrap(options.metricFn, rows.y, rows.challenger, rows.incumbent, {
    seed: options.seed,
    ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
    ...(options.level === undefined ? {} : { level: options.level }),
  });
  const disagreements: Disagreement[] = [];
  for (let i = 0; i < n; i++) {
    const challengerScore = rows.challenger[i] ?? NaN;
    const incumbentScore = rows.incumbent[i] ?? NaN;
    const challengerActs = acts(challengerScore, options.challengerThreshold);
    const incumbentActs = acts(incumbentScore, options.incumbentThreshold);
    if (challengerActs !== incumbentActs)
      disagreements.push({
        rowId: rows.rowIds[i] ?? 0,
        y: rows.y[i] ?? 0,
        challengerScore,
        incumbentScore,
        challengerActs,
        incumbentActs,
      });
  }
  const values = options.values;
  const result = {
    kind: 'binary' as const,
    ...bootstrapSummary(boot, n),
    valuePer1000:
      values === null
        ? null
        : {
            challenger: valueAt(rows.y, rows.challenger, options.challengerThreshold, values),
            incumbent: valueAt(rows.y, rows.incumbent, options.incumbentThreshold, values),
          },
    disagreements,
  };
  return { ...result, finding: comparisonFinding(result, options.higherIsBetter) };
}
