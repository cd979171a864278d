/**
 * Two independent means, treatment against control: Welch's t-test and interval (unequal
 * variances, Welch–Satterthwaite degrees of freedom), as scipy.stats.ttest_ind(equal_var=False)
 * and statsmodels' CompareMeans.tconfint_diff(usevar='unequal'); and the relative lift by the
 * delta method.
 */
import { MlError } from '../metrics/errors';
import { normalIsf, studentTCdf, studentTQuantile, studentTSf } from '../stats/distributions';
import type { TestSide } from './proportions';
import { interval, noInterval, type Interval, type ValueSummary } from './types';

export interface MeanSummary {
  readonly users: number;
  readonly mean: number;
  /** The sample variance (n − 1 in the denominator); null with one user. */
  readonly variance: number | null;
}

export interface WelchResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly standardError: number;
}

/** Mean and variance of an arm's per-user values; raw values go through two passes for precision. */
export function meanSummary(value: ValueSummary, users: number, arm: string): MeanSummary {
  if (value.kind === 'values') {
    const values = value.values;
    if (values.length !== users) {
      throw new MlError(
        'length-mismatch',
        `Arm ${arm} has ${users} users but ${values.length} values: give one value per user.`,
      );
    }
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? NaN;
      if (!Number.isFinite(v)) {
        throw new MlError('not-finite', `Arm ${arm} has a non-finite value (${v}) at position ${i}.`);
      }
      sum += v;
    }
    const mean = sum / users;
    let squares = 0;
    for (let i = 0; i < values.length; i++) squares += ((values[i] ?? 0) - mean) ** 2;
    return { users, mean, variance: users > 1 ? squares / (users - 1) : null };
  }
  if (!Number.isFinite(value.sum) || !Number.isFinite(value.sumOfSquares)) {
    throw new MlError('not-finite', `Arm ${arm}'s sum or sum of squares of values is not finite.`);
  }
  const mean = value.sum / users;
  // Σx² − n·mean² cancels badly when the spread is tiny next to the mean; it cannot go below 0.
  const centred = Math.max(0, value.sumOfSquares - value.sum * mean);
  return { users, mean, variance: users > 1 ? centred / (users - 1) : null };
}

function pieces(
  treatment: MeanSummary,
  control: MeanSummary,
): { se: number; df: number } | { reason: string } {
  if (treatment.variance === null || control.variance === null) {
    return { reason: 'Each arm needs at least two users with values for a variance.' };
  }
  const a = treatment.variance / treatment.users;
  const b = control.variance / control.users;
  if (a + b === 0)
    return { reason: 'Every value is the same within each arm: there is no variance to test.' };
  const df = (a + b) ** 2 / (a ** 2 / (treatment.users - 1) + b ** 2 / (control.users - 1));
  return { se: Math.sqrt(a + b), df };
}

/** Welch's t-test of treatment − control, or null with no variance to test. */
export function welchTest(treatment: MeanSummary, control: MeanSummary, side: TestSide): WelchResult | null {
  const p = pieces(treatment, control);
  if ('reason' in p) return null;
  const t = (treatment.mean - control.mean) / p.se;
  const pValue =
    side === 'two-sided'
      ? 2 * studentTSf(Math.abs(t), p.df)
      : side === 'greater'
        ? studentTSf(t, p.df)
        : studentTCdf(t, p.df);
  return { statistic: t, df: p.df, pValue, standardError: p.se };
}

/** Welch's interval for treatment − control: d ± t(df, 1 − (1 − level)/2) · se. */
export function welchInterval(treatment: MeanSummary, control: MeanSummary, level: number): Interval {
  const p = pieces(treatment, control);
  if ('reason' in p) return noInterval(p.reason);
  const half = studentTQuantile(1 - (1 - level) / 2, p.df) * p.se;
  const d = treatment.mean - control.mean;
  return interval(d - half, d + half);
}

/**
 * The relative lift m₁/m₀ − 1 by the delta method: r ± z · r √(se₁²/m₁² + se₀²/m₀²), with r = m₁/m₀.
 * A large-sample interval; undefined when either mean is 0.
 */
export function relativeMeanLiftInterval(
  treatment: MeanSummary,
  control: MeanSummary,
  level: number,
): Interval {
  if (control.mean === 0) return noInterval('The control mean is 0: a lift relative to it is undefined.');
  if (treatment.mean === 0)
    return noInterval('The treatment mean is 0: the delta-method interval needs both.');
  if (treatment.variance === null || control.variance === null) {
    return noInterval('Each arm needs at least two users with values for a variance.');
  }
  const r = treatment.mean / control.mean;
  const relVariance =
    treatment.variance / treatment.users / treatment.mean ** 2 +
    control.variance / control.users / control.mean ** 2;
  const half = normalIsf((1 - level) / 2) * Math.abs(r) * Math.sqrt(relVariance);
  return interval(r - half - 1, r + half - 1);
}
