/**
 * Decay over backtest folds: the ordinary least-squares slope of a metric against the fold number,
 * with its standard error (scipy.stats.linregress), and a rule for when to warn that the model
 * gets worse with time.
 */
import { studentTSf } from '../stats/distributions';
import { MlError } from '../metrics/errors';

export interface TrendOptions {
  /** ROC AUC, accuracy, value: higher; log loss, RMSE: lower. */
  readonly betterWhen: 'higher' | 'lower';
  /** The x of each fold (e.g. months since the first); 0, 1, 2, … by default. */
  readonly x?: readonly number[];
  /** The least fitted worsening from the first fold to the last worth a warning; 0.01 by default. */
  readonly minDrop?: number;
}

export interface TrendResult {
  readonly slope: number;
  readonly intercept: number;
  /** Null with two folds (no degrees of freedom left). */
  readonly standardError: number | null;
  /** Two-sided p-value of slope = 0 (t with n − 2 df); null with two folds. */
  readonly pValue: number | null;
  /** The fitted worsening from the first fold to the last, in the metric's units (negative: it improved). */
  readonly drop: number;
  readonly warning: string | null;
}

/**
 * The rule: warn when the fitted line worsens by at least `minDrop` over the folds and, with three
 * folds or more, the slope is at least one standard error away from 0 in the worse direction
 * (|t| ≥ 1: weak evidence, as it should be with five or six folds; the message gives the slope,
 * its standard error and p so the reader can weigh it).
 */
export function metricTrend(values: readonly number[], options: TrendOptions): TrendResult {
  const n = values.length;
  const x = options.x ?? values.map((_, i) => i);
  const minDrop = options.minDrop ?? 0.01;
  if (n < 2) throw new MlError('too-few-rows', `A trend needs at least 2 folds; got ${n}.`);
  if (x.length !== n) throw new MlError('length-mismatch', `${n} values but ${x.length} x positions.`);
  if ([...values, ...x].some((v) => !Number.isFinite(v))) {
    throw new MlError('not-finite', 'A trend needs a finite metric and position for every fold.');
  }
  if (!(minDrop >= 0)) throw new MlError('bad-option', `minDrop must be ≥ 0; got ${minDrop}.`);
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = values.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((x[i] ?? 0) - mx) ** 2;
    sxy += ((x[i] ?? 0) - mx) * ((values[i] ?? 0) - my);
  }
  if (sxx === 0) throw new MlError('bad-option', 'Every fold has the same x: there is no trend to fit.');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let residuals = 0;
  for (let i = 0; i < n; i++) residuals += ((values[i] ?? 0) - intercept - slope * (x[i] ?? 0)) ** 2;
  const standardError = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : null;
  const t =
    standardError === null ? null : standardError === 0 ? Infinity * Math.sign(slope) : slope / standardError;
  const pValue = t === null ? null : slope === 0 ? 1 : 2 * studentTSf(Math.abs(t), n - 2);
  const worse = options.betterWhen === 'higher' ? -1 : 1;
  const span = Math.max(...x) - Math.min(...x);
  const drop = worse * slope * span;
  const steady = t === null || worse * t >= 1;
  const warning =
    drop >= minDrop && steady
      ? `The metric ${options.betterWhen === 'higher' ? 'falls' : 'rises'} across the folds: slope ` +
        `${slope.toPrecision(3)} per fold${standardError === null ? '' : ` (standard error ${standardError.toPrecision(2)}, p = ${pValue?.toFixed(3)})`}, ` +
        `${drop.toPrecision(3)} worse from the first fold to the last. The model may decay as behaviour ` +
        'changes: retrain on recent data and monitor it.'
      : null;
  return { slope, intercept, standardError, pValue, drop, warning };
}
