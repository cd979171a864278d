/**
 * The bootstrap by multiplicities: a resample of n rows drawn with replacement is the original
 * rows, each counted as often as it was drawn. A metric prepared once (rows checked, and sorted
 * by score once) takes those counts as weights and costs O(n) per resample instead of a copy and
 * a sort, so 1,000 resamples of every headline metric of every run fit in the page. The draws are
 * bootstrapCi's and pairedBootstrap's (same seed, same resamples), and the tests check that the
 * intervals agree with theirs over the metrics of this folder.
 */
import { mulberry32 } from '../models/prng';
import {
  checkedOptions,
  type BootstrapInterval,
  type BootstrapOptions,
  type PairedBootstrapResult,
} from './bootstrap';
import { metricsFromConfusion, type ThresholdMetrics } from './classification';
import { MlError } from './errors';
import { FLOAT64_EPS, LOG_LOSS_EPS } from './probability';
import { numpyQuantile } from './quantile';
import { binaryColumns, orderByScoreDescending, pairedColumns, probabilityColumns } from './validate';

/** A metric of fixed rows, given how many times each row counts; null when undefined. */
export type WeightedMetric = (weights: Float64Array) => number | null;

/** Rows by score descending, and whether each position ends a group of tied scores. */
function sortedGroups(score: Float64Array): { order: Int32Array; ends: Uint8Array } {
  const order = orderByScoreDescending(score);
  const ends = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const next = order[k + 1];
    ends[k] = next === undefined || score[next] !== score[order[k] ?? 0] ? 1 : 0;
  }
  return { order, ends };
}

/** ROC AUC (as rocAuc: the trapezoid over distinct scores); null with one class. */
export function weightedRocAuc(y: ArrayLike<number>, score: ArrayLike<number>): WeightedMetric {
  const rows = binaryColumns(y, score);
  const { order, ends } = sortedGroups(rows.score);
  return (w) => {
    let tp = 0;
    let fp = 0;
    let lastTp = 0;
    let lastFp = 0;
    let area = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] ?? 0;
      if (rows.y[i] === 1) tp += w[i] ?? 0;
      else fp += w[i] ?? 0;
      if (ends[k] === 1 && (tp !== lastTp || fp !== lastFp)) {
        area += ((fp - lastFp) * (tp + lastTp)) / 2;
        lastTp = tp;
        lastFp = fp;
      }
    }
    return tp === 0 || fp === 0 ? null : area / (tp * fp);
  };
}

/**
 * Average precision (as averagePrecision, the app's PR AUC): Σ over distinct scores, highest
 * first, of the recall gained times the precision there; null without positives. A tied group
 * that the resample leaves out (weight 0) is no threshold, as in sklearn on the resampled rows.
 */
export function weightedAveragePrecision(y: ArrayLike<number>, score: ArrayLike<number>): WeightedMetric {
  const rows = binaryColumns(y, score);
  const { order, ends } = sortedGroups(rows.score);
  return (w) => {
    let positives = 0;
    for (let i = 0; i < rows.y.length; i++) if (rows.y[i] === 1) positives += w[i] ?? 0;
    if (positives === 0) return null;
    let tp = 0;
    let predicted = 0;
    let lastTp = 0;
    let sum = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] ?? 0;
      predicted += w[i] ?? 0;
      if (rows.y[i] === 1) tp += w[i] ?? 0;
      if (ends[k] === 1 && tp !== lastTp) {
        sum += ((tp - lastTp) / positives) * (tp / predicted);
        lastTp = tp;
      }
    }
    return sum;
  };
}

/** The app's PR AUC by multiplicities: average precision (see curves.ts prAuc). */
export const weightedPrAuc = weightedAveragePrecision;

/** The weighted mean of a per-row term. */
function weightedMean(term: Float64Array): WeightedMetric {
  return (w) => {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < term.length; i++) {
      sum += (w[i] ?? 0) * (term[i] ?? 0);
      total += w[i] ?? 0;
    }
    return total === 0 ? null : sum / total;
  };
}

/** Log loss as logLoss (clipped to [eps, 1 − eps], renormalised; eps 1e-15 by default). */
export function weightedLogLoss(
  y: ArrayLike<number>,
  probability: ArrayLike<number>,
  eps = LOG_LOSS_EPS,
): WeightedMetric {
  const rows = probabilityColumns(y, probability);
  const term = rows.score.map((raw, i) => {
    const p = Math.min(Math.max(raw, eps), 1 - eps);
    const q = 1 - p;
    return -Math.log((rows.y[i] === 1 ? p : q) / (q + p));
  });
  return weightedMean(term);
}

export function weightedBrier(y: ArrayLike<number>, probability: ArrayLike<number>): WeightedMetric {
  const rows = probabilityColumns(y, probability);
  return weightedMean(rows.score.map((p, i) => ((rows.y[i] ?? 0) - p) ** 2));
}

export type ThresholdMetricName = 'accuracy' | 'precision' | 'recall' | 'f1';

/** A metric of the confusion at `threshold` (score ≥ threshold is positive), as thresholdMetrics. */
export function weightedThresholdMetric(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
  name: ThresholdMetricName,
): WeightedMetric {
  const rows = binaryColumns(y, score);
  const predicted = rows.score.map((s) => (s >= threshold ? 1 : 0));
  return (w) => {
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    for (let i = 0; i < predicted.length; i++) {
      const weight = w[i] ?? 0;
      if (rows.y[i] === 1) {
        if (predicted[i] === 1) tp += weight;
        else fn += weight;
      } else if (predicted[i] === 1) fp += weight;
      else tn += weight;
    }
    if (tp + fp + tn + fn === 0) return null;
    const metrics: ThresholdMetrics = metricsFromConfusion({ tp, fp, tn, fn }, threshold);
    return metrics[name];
  };
}

export type RegressionMetricName = 'mae' | 'rmse' | 'r2' | 'mape';

/** MAE, RMSE, R² (force_finite) and MAPE as regression.ts computes them. */
export function weightedRegressionMetric(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  name: RegressionMetricName,
): WeightedMetric {
  const rows = pairedColumns(y, prediction, ['y', 'prediction']);
  const error = rows.y.map((v, i) => v - (rows.score[i] ?? 0));
  switch (name) {
    case 'mae':
      return weightedMean(error.map(Math.abs));
    case 'rmse': {
      const mse = weightedMean(error.map((e) => e * e));
      return (w) => {
        const m = mse(w);
        return m === null ? null : Math.sqrt(m);
      };
    }
    case 'mape':
      return weightedMean(error.map((e, i) => Math.abs(e) / Math.max(Math.abs(rows.y[i] ?? 0), FLOAT64_EPS)));
    case 'r2': {
      const mean = weightedMean(rows.y);
      const residual = weightedMean(error.map((e) => e * e));
      return (w) => {
        const m = mean(w);
        const res = residual(w);
        if (m === null || res === null) return null;
        const total = weightedMean(rows.y.map((v) => (v - m) ** 2))(w) ?? 0;
        if (res === 0) return 1;
        return total === 0 ? 0 : 1 - res / total;
      };
    }
    default:
      name satisfies never;
      throw new MlError('bad-option', `No regression metric ${String(name)}.`);
  }
}

/**
 * How a caller in the page keeps a long bootstrap from blocking it (issue 21: nothing blocks
 * typing): after each resample the loop asks `due()`, and when the caller's time slice is spent it
 * awaits `pause()` (the page yields to the browser there; a cancel rejects). The draws and their
 * order do not depend on where the pauses fall, so the results are those of the plain functions.
 */
export interface Slicer {
  readonly due: () => boolean;
  readonly pause: () => Promise<void>;
}

/** The multiplicities of every resample, drawn as bootstrapCi draws its rows (one array, refilled). */
function* resamples(n: number, iterations: number, seed: number): Generator<Float64Array, void, void> {
  if (!Number.isInteger(n) || n < 1) throw new MlError('empty', 'There are no rows to resample.');
  const random = mulberry32(seed);
  const counts = new Float64Array(n);
  for (let b = 0; b < iterations; b++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) {
      const row = Math.floor(random() * n);
      counts[row] = (counts[row] ?? 0) + 1;
    }
    yield counts;
  }
}

function resample(n: number, iterations: number, seed: number, each: (counts: Float64Array) => void): void {
  for (const counts of resamples(n, iterations, seed)) each(counts);
}

async function resampleSliced(
  n: number,
  iterations: number,
  seed: number,
  each: (counts: Float64Array) => void,
  slicer: Slicer,
): Promise<void> {
  for (const counts of resamples(n, iterations, seed)) {
    each(counts);
    if (slicer.due()) await slicer.pause();
  }
}

const definedOrNull = (v: number | null): number | null => (v === null || Number.isNaN(v) ? null : v);

function percentiles(values: number[], level: number): { lower: number | null; upper: number | null } {
  if (values.length === 0) return { lower: null, upper: null };
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { lower: numpyQuantile(sorted, tail), upper: numpyQuantile(sorted, 1 - tail) };
}

/** What weightedBootstrapCi keeps of each resample, and the intervals read off them. */
function intervalsOf(metrics: readonly WeightedMetric[], n: number, options: BootstrapOptions) {
  const { iterations, level, seed } = checkedOptions(options);
  const values = metrics.map((): number[] => []);
  const each = (counts: Float64Array): void => {
    metrics.forEach((metric, m) => {
      const v = definedOrNull(metric(counts));
      if (v !== null) values[m]?.push(v);
    });
  };
  const finish = (): BootstrapInterval[] => {
    const ones = new Float64Array(n).fill(1);
    return metrics.map((metric, m) => {
      const kept = values[m] ?? [];
      return {
        estimate: definedOrNull(metric(ones)),
        ...percentiles(kept, level),
        level,
        iterations,
        skipped: iterations - kept.length,
      };
    });
  };
  return { iterations, seed, each, finish };
}

/** bootstrapCi of several metrics of the same n rows, from the same resamples. */
export function weightedBootstrapCi(
  metrics: readonly WeightedMetric[],
  n: number,
  options: BootstrapOptions,
): BootstrapInterval[] {
  const run = intervalsOf(metrics, n, options);
  resample(n, run.iterations, run.seed, run.each);
  return run.finish();
}

/** weightedBootstrapCi in slices, pausing as `slicer` asks; the same intervals. */
export async function weightedBootstrapCiSliced(
  metrics: readonly WeightedMetric[],
  n: number,
  options: BootstrapOptions,
  slicer: Slicer,
): Promise<BootstrapInterval[]> {
  const run = intervalsOf(metrics, n, options);
  await resampleSliced(n, run.iterations, run.seed, run.each, slicer);
  return run.finish();
}

/** What weightedPairedBootstrap keeps of each resample, and the test read off them. */
function pairedOf(a: WeightedMetric, b: WeightedMetric, n: number, options: BootstrapOptions) {
  const { iterations, level, seed } = checkedOptions(options);
  const differences: number[] = [];
  const each = (counts: Float64Array): void => {
    const va = definedOrNull(a(counts));
    const vb = definedOrNull(b(counts));
    if (va !== null && vb !== null) differences.push(va - vb);
  };
  const finish = (): PairedBootstrapResult => {
    const ones = new Float64Array(n).fill(1);
    const estimateA = definedOrNull(a(ones));
    const estimateB = definedOrNull(b(ones));
    const atMostZero = differences.filter((d) => d <= 0).length;
    const atLeastZero = differences.filter((d) => d >= 0).length;
    return {
      estimateA,
      estimateB,
      difference: estimateA !== null && estimateB !== null ? estimateA - estimateB : null,
      ...percentiles(differences, level),
      pValue:
        differences.length === 0
          ? null
          : Math.min(1, (2 * Math.min(atMostZero, atLeastZero)) / differences.length),
      level,
      iterations,
      skipped: iterations - differences.length,
    };
  };
  return { iterations, seed, each, finish };
}

/** pairedBootstrap of two scorers of the same n rows: metric(A) − metric(B) on each resample. */
export function weightedPairedBootstrap(
  a: WeightedMetric,
  b: WeightedMetric,
  n: number,
  options: BootstrapOptions,
): PairedBootstrapResult {
  const run = pairedOf(a, b, n, options);
  resample(n, run.iterations, run.seed, run.each);
  return run.finish();
}

/** weightedPairedBootstrap in slices, pausing as `slicer` asks; the same result. */
export async function weightedPairedBootstrapSliced(
  a: WeightedMetric,
  b: WeightedMetric,
  n: number,
  options: BootstrapOptions,
  slicer: Slicer,
): Promise<PairedBootstrapResult> {
  const run = pairedOf(a, b, n, options);
  await resampleSliced(n, run.iterations, run.seed, run.each, slicer);
  return run.finish();
}
