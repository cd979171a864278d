/**
 * Two independent proportions, treatment against control: intervals for the difference and the
 * ratio, and the pooled z-test. Formulas as statsmodels 0.13.5 (proportion.py), checked to 1e-6.
 */
import { normalCdf, normalIsf, normalSf } from '../stats/distributions';
import { interval, noInterval, type Interval } from './types';

export interface RateCounts {
  readonly users: number;
  readonly conversions: number;
}

/** The direction of the alternative hypothesis for treatment − control. */
export type TestSide = 'two-sided' | 'greater' | 'less';

export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

const rate = (c: RateCounts): number => c.conversions / c.users;

/** The z critical value of a two-sided interval at `level` (norm.isf((1 − level) / 2)). */
const critical = (level: number): number => normalIsf((1 - level) / 2);

/** Wald: d ± z √(p₁q₁/n₁ + p₀q₀/n₀) (confint_proportions_2indep method='wald'). */
export function waldDifference(treatment: RateCounts, control: RateCounts, level: number): Interval {
  const p1 = rate(treatment);
  const p0 = rate(control);
  const variance = (p1 * (1 - p1)) / treatment.users + (p0 * (1 - p0)) / control.users;
  if (variance === 0) {
    return noInterval('Both arms have a rate of 0 or 1, so the Wald interval has no width; use Newcombe’s.');
  }
  const half = critical(level) * Math.sqrt(variance);
  return interval(p1 - p0 - half, p1 - p0 + half);
}

/** Wilson's score interval for one proportion (proportion_confint method='wilson'). */
export function wilsonInterval(counts: RateCounts, level: number): { lower: number; upper: number } {
  const n = counts.users;
  const p = rate(counts);
  const z = critical(level);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: centre - half, upper: centre + half };
}

/**
 * Newcombe's hybrid score interval (1998, method 10): each arm's Wilson interval combined by the
 * square-root rule (confint_proportions_2indep method='newcomb'). Defined at rates of 0 and 1.
 */
export function newcombeDifference(treatment: RateCounts, control: RateCounts, level: number): Interval {
  const p1 = rate(treatment);
  const p0 = rate(control);
  const w1 = wilsonInterval(treatment, level);
  const w0 = wilsonInterval(control, level);
  const below = Math.sqrt((p1 - w1.lower) ** 2 + (w0.upper - p0) ** 2);
  const above = Math.sqrt((p0 - w0.lower) ** 2 + (w1.upper - p1) ** 2);
  return interval(p1 - p0 - below, p1 - p0 + above);
}

/**
 * The relative lift p₁/p₀ − 1, from the log risk-ratio (Katz) interval
 * exp(ln(p₁/p₀) ± z √(1/c₁ − 1/n₁ + 1/c₀ − 1/n₀)) (confint_proportions_2indep compare='ratio',
 * method='log'). Undefined when either arm has no conversions.
 */
export function relativeLiftInterval(treatment: RateCounts, control: RateCounts, level: number): Interval {
  if (control.conversions === 0) {
    return noInterval('The control has no conversions: a lift relative to a rate of 0 is undefined.');
  }
  if (treatment.conversions === 0) {
    return noInterval('The treatment has no conversions: the log-ratio interval needs at least one.');
  }
  const logRatio = Math.log(rate(treatment) / rate(control));
  const se = Math.sqrt(
    1 / treatment.conversions - 1 / treatment.users + 1 / control.conversions - 1 / control.users,
  );
  const half = critical(level) * se;
  return interval(Math.exp(logRatio - half) - 1, Math.exp(logRatio + half) - 1);
}

/** A p-value of a normal statistic for the side (statsmodels' _zstat_generic2). */
export function normalPValue(z: number, side: TestSide): number {
  switch (side) {
    case 'two-sided':
      return 2 * normalSf(Math.abs(z));
    case 'greater':
      return normalSf(z);
    case 'less':
      return normalCdf(z);
  }
}

/**
 * The pooled two-proportion z-test: z = (p₁ − p₀) / √(p̄(1 − p̄)(1/n₁ + 1/n₀)) with p̄ the rate of
 * both arms together (proportions_ztest, prop_var=False). Null when p̄ is 0 or 1 (no variance).
 */
export function pooledZTest(treatment: RateCounts, control: RateCounts, side: TestSide): TestResult | null {
  const pooled = (treatment.conversions + control.conversions) / (treatment.users + control.users);
  const variance = pooled * (1 - pooled) * (1 / treatment.users + 1 / control.users);
  if (variance === 0) return null;
  const z = (rate(treatment) - rate(control)) / Math.sqrt(variance);
  return { statistic: z, pValue: normalPValue(z, side) };
}
