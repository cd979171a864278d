import { normalSf } from '../../ml/stats';
import type { ColumnProfile, QualityIssue, TargetProfile, TargetRate } from './types';

/*
 * What a data scientist looks for beyond one column's shape: zeros that stand for missing, a level
 * repeated across columns, missing values that say something about the target, a rare positive
 * class, and columns that are copies of the target. Pure: from the profile's own counts.
 */

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (share: number): string => `${(Math.round(share * 1000) / 10).toLocaleString('en-US')}%`;

function issue(
  severity: QualityIssue['severity'],
  column: string | null,
  code: QualityIssue['code'],
  rows: number,
  message: string,
): QualityIssue {
  return { severity, column, code, rows, message, suggestions: [] };
}

/**
 * Zeros in a column that is otherwise positive, well apart from the other values (the smallest
 * positive value is at least a tenth of the median one): a lot frontage or an income of 0 is more
 * often "not recorded" than a real zero. A count that starts at 0 (tenure 0, 1, 2…), a 0/1 flag and
 * a mostly-zero measure are not flagged.
 */
export function zerosIssue(c: ColumnProfile, rows: number): QualityIssue | null {
  const z = c.zeros;
  if (z === null || z.zeros === 0 || z.negatives > 0 || z.minPositive === null || z.medianPositive === null)
    return null;
  // A flag (0/1) or a mostly-zero measure (capital gains) has real zeros.
  if (c.distinct < 3 || z.zeros > 0.5 * c.count) return null;
  if (z.zeros < Math.max(5, 0.005 * rows) || z.minPositive < 0.1 * z.medianPositive) return null;
  return issue(
    z.zeros / rows > 0.05 ? 'medium' : 'low',
    c.name,
    'zeros-as-missing',
    z.zeros,
    `${c.name}: ${fmt(z.zeros)} values are 0 (${pct(z.zeros / rows)}) while every other value is at least ${fmt(z.minPositive)} (median ${fmt(z.medianPositive)}): the zeros may stand for "not recorded". Check with whoever made the data before treating them as real.`,
  );
}

/**
 * A text level found in several columns on the same number of rows ("No internet service" in six
 * columns, 1,526 rows each): it is a "not applicable" that another column explains, not a level of
 * each column on its own.
 */
export function repeatedLevels(columns: readonly ColumnProfile[]): QualityIssue[] {
  const seen = new Map<string, { value: string; count: number; columns: string[] }>();
  for (const c of columns) {
    if (c.kind !== 'text' || c.flags.idLike) continue;
    for (const t of c.top) {
      if (t.count === 0 || t.value.trim() === '') continue;
      const key = `${t.value.trim().toLowerCase()}\u0000${t.count}`;
      const entry = seen.get(key) ?? { value: t.value, count: t.count, columns: [] };
      entry.columns.push(c.name);
      seen.set(key, entry);
    }
  }
  return [...seen.values()]
    .filter((e) => e.columns.length >= 3 && !/^(yes|no|true|false|[01])$/i.test(e.value.trim()))
    .map((e) =>
      issue(
        'medium',
        null,
        'repeated-level',
        e.count,
        `"${e.value}" appears in ${e.columns.length} columns (${e.columns.join(', ')}) on the same ${fmt(e.count)} rows: it is a "not applicable" explained by another column, a placeholder rather than a level of its own. Keep it as its own level knowingly, or merge it (into "No") in a clean cell.`,
      ),
    );
}

/** Rows with a target in one bucket, and the positive rows among them. */
function counts(rates: readonly TargetRate[], keep: (r: TargetRate) => boolean) {
  let rows = 0;
  let positives = 0;
  for (const r of rates) {
    if (!keep(r) || r.rate === null) continue;
    rows += r.count;
    positives += r.count * r.rate;
  }
  return { rows, positives };
}

/** Two-sided p-value of a pooled two-proportion z-test (normal approximation). */
function twoProportionP(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = Math.abs(x1 / n1 - x2 / n2) / se;
  return Math.min(1, 2 * normalSf(z));
}

/**
 * Missing values that tell the target: a column missing on a different share of positive rows
 * than of the others (p < 0.001 and at least 5 points apart). A model can use the gap, and
 * imputing without an indicator hides it.
 */
export function informativeMissing(c: ColumnProfile, target: TargetProfile): QualityIssue | null {
  if (target.kind !== 'binary' || c.targetRates === null) return null;
  const missing = counts(c.targetRates, (r) => r.bucket === 'missing');
  const present = counts(c.targetRates, (r) => r.bucket !== 'missing');
  const positives = missing.positives + present.positives;
  const negatives = missing.rows + present.rows - positives;
  if (missing.rows < 10 || positives < 1 || negatives < 1) return null;
  const missingAmongPositives = missing.positives / positives;
  const missingAmongNegatives = (missing.rows - missing.positives) / negatives;
  const gap = Math.abs(missingAmongPositives - missingAmongNegatives);
  const p = twoProportionP(missing.positives, positives, missing.rows - missing.positives, negatives);
  if (gap < 0.05 || p >= 0.001) return null;
  return issue(
    'medium',
    c.name,
    'informative-missing',
    Math.round(missing.rows),
    `${c.name} is missing on ${pct(missingAmongPositives)} of the rows where ${target.column} is ${target.positiveLabel} and on ${pct(missingAmongNegatives)} of the others: being missing tells the target. Impute it with an indicator column (in the features cell), so the model keeps that signal.`,
  );
}

/** A rare positive class: under 10% (or over 90%) of the rows. */
export function classImbalance(target: TargetProfile, rows: number): QualityIssue | null {
  if (target.kind !== 'binary' || target.overallRate === null) return null;
  const rate = target.overallRate;
  const rare = Math.min(rate, 1 - rate);
  if (rare >= 0.1) return null;
  const rareLabel =
    rate <= 0.5 ? `${target.column} = ${target.positiveLabel}` : `${target.column} ≠ ${target.positiveLabel}`;
  return issue(
    rare < 0.02 ? 'high' : 'medium',
    target.column,
    'class-imbalance',
    Math.round(rare * rows),
    `Only ${pct(rare)} of the rows have ${rareLabel}: accuracy and F1 at a 0.5 threshold will mislead (predicting the majority scores ${pct(1 - rare)} accuracy). Judge models by PR AUC or by value at a chosen threshold, and stratify the split.`,
  );
}

/**
 * A column whose values settle the target on almost every row (≥ 99.5% of the rows where it has a
 * value): a copy of the target, or something recorded because of it. Its buckets are values or
 * deciles, so a column has to separate the classes cleanly to be caught.
 */
export function targetCopy(c: ColumnProfile, target: TargetProfile): QualityIssue | null {
  if (target.kind !== 'binary' || c.targetRates === null || c.flags.idLike) return null;
  const present = c.targetRates.filter((r) => r.bucket !== 'missing' && r.rate !== null);
  if (present.length < 2) return null;
  const rows = present.reduce((s, r) => s + r.count, 0);
  const settled = present.reduce((s, r) => s + r.count * Math.max(r.rate ?? 0, 1 - (r.rate ?? 0)), 0);
  if (rows < 20 || settled / rows < 0.995) return null;
  return issue(
    'high',
    c.name,
    'target-copy',
    rows,
    `${c.name} settles ${target.column} on ${pct(settled / rows)} of the rows: it is a copy of the target or recorded because of it. A model would lean on it and fail when it is not there at prediction time; leave it out of the features unless it is truly known in advance.`,
  );
}

/** Correlations of numeric columns with a numeric target, and with the target one row earlier. */
export interface TargetCorrelation {
  readonly column: string;
  readonly corr: number | null;
  /** With the target of the row before, in the order column's order; null without one. */
  readonly lagCorr: number | null;
}

/** Numeric targets: a column (nearly) equal to the target, or to its previous value (a lag). */
export function targetCorrelationIssues(
  correlations: readonly TargetCorrelation[],
  target: string,
  order: string | null,
  rows: number,
): QualityIssue[] {
  return correlations.flatMap((c): QualityIssue[] => {
    if (c.corr !== null && Math.abs(c.corr) >= 0.99)
      return [
        issue(
          'high',
          c.column,
          'target-copy',
          rows,
          `${c.column} has a correlation of ${c.corr.toFixed(4)} with ${target}: it is a copy or a rescaling of the target. Leave it out of the features unless it is known before the target.`,
        ),
      ];
    if (c.lagCorr !== null && Math.abs(c.lagCorr) >= 0.99 && order !== null)
      return [
        issue(
          'medium',
          c.column,
          'target-lag',
          rows,
          `${c.column} follows ${target} one row earlier (correlation ${c.lagCorr.toFixed(4)} in the order of ${order}): it is the target's lag. That is fine as a feature only if, at prediction time, the previous value is known; it is also the naive baseline to beat.`,
        ),
      ];
    return [];
  });
}
