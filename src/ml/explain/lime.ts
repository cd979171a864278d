/**
 * LIME for tabular data (Ribeiro et al. 2016), after the `lime` package's LimeTabularExplainer
 * with discretize_continuous=False, sample_around_instance=False and feature_selection='none':
 *
 * - samples: the first is the explained row; every other draws each continuous feature as
 *   mean + std · N(0, 1) of the background and each categorical feature's level by its frequency;
 * - interpretable representation: z = (x − mean) / std for numbers, 1 when the level equals the
 *   explained row's and 0 otherwise for categories;
 * - weights: √exp(−d² / width²), d the Euclidean distance of z from the explained row's z, width
 *   0.75 · √(number of features) by default;
 * - a weighted ridge (α = 1, unpenalised intercept) of the model's scores on z.
 *
 * A contribution is coefficient × the explained row's z (× 1 for its level): in the units of the
 * model's score, and intercept + Σ contributions is the local model at that row.
 */
import { MlError } from '../metrics/errors';
import { mulberry32 } from '../models/prng';
import { cholesky, choleskySolve } from '../models/linalg';
import type { LimeBackground, LimeFeature } from './lime-background';
import type { RowSource } from './scoring';
import type { RunOptions } from './types';
import { checkWhole } from './validate';

export interface LimeOptions extends RunOptions {
  /** Samples drawn around the row (the row itself is the first); default 5000, as `lime`. */
  readonly samples?: number;
  readonly seed?: number;
  /** Kernel width; default 0.75 · √(number of features). */
  readonly kernelWidth?: number;
  /** Ridge penalty; default 1, as `lime`'s Ridge(alpha=1). */
  readonly alpha?: number;
}

export interface LimeContribution {
  readonly name: string;
  readonly kind: 'continuous' | 'categorical';
  /** Continuous: the row's value of the model input; categorical: the name of its level (null when it has none). */
  readonly value: number | string | null;
  /** Ridge coefficient on z: per background standard deviation, or for being at the row's level. */
  readonly coefficient: number;
  /** Continuous: coefficient / std, per unit of the model input (0 for a constant column); categorical: the coefficient. */
  readonly perUnit: number;
  /** coefficient × the row's z: what this feature adds to the local model's score at the row. */
  readonly contribution: number;
}

export interface LimeExplanation {
  /** By |contribution|, largest first (ties in feature order). */
  readonly contributions: readonly LimeContribution[];
  readonly intercept: number;
  /** intercept + Σ contributions: the local model's score at the row. */
  readonly localPrediction: number;
  /** The model's own score of the row. */
  readonly modelScore: number;
  /** Weighted R² of the local model on the samples (`lime`'s `score`). */
  readonly r2: number;
  readonly samples: number;
  readonly seed: number;
  readonly kernelWidth: number;
  readonly alpha: number;
  readonly kernel: string;
}

/** The perturbed rows, their interpretable representation and kernel weights. */
export interface LimeSamples {
  readonly x: Float32Array;
  readonly z: Float64Array;
  readonly weights: Float64Array;
  readonly count: number;
  /** The explained row's z (continuous) or 1 (categorical), per feature. */
  readonly origin: Float64Array;
  /** The explained row's level per categorical feature (index into levels, or −1). */
  readonly rowLevels: Int32Array;
}

export interface LimeSettings {
  readonly samples: number;
  readonly seed: number;
  readonly kernelWidth: number;
  readonly alpha: number;
}

export function limeSettings(background: LimeBackground, options: LimeOptions): LimeSettings {
  const samples = options.samples ?? 5000;
  checkWhole(samples, 'samples', 2, 10_000_000);
  const kernelWidth = options.kernelWidth ?? 0.75 * Math.sqrt(background.features.length);
  if (!(kernelWidth > 0 && Number.isFinite(kernelWidth))) {
    throw new MlError('bad-option', `kernelWidth must be a positive number; got ${kernelWidth}.`);
  }
  const alpha = options.alpha ?? 1;
  if (!(alpha >= 0 && Number.isFinite(alpha)))
    throw new MlError('bad-option', `alpha must be ≥ 0; got ${alpha}.`);
  return { samples, seed: options.seed ?? 0, kernelWidth, alpha };
}

function levelOf(feature: Extract<LimeFeature, { kind: 'categorical' }>, row: ArrayLike<number>): number {
  return feature.levels.findIndex((l) => l.values.every((v, j) => row[feature.columns[j] ?? 0] === v));
}

function drawLevel(feature: Extract<LimeFeature, { kind: 'categorical' }>, u: number): number {
  let cumulative = 0;
  for (let k = 0; k < feature.levels.length; k++) {
    cumulative += feature.levels[k]?.frequency ?? 0;
    if (u < cumulative) return k;
  }
  // Rounding left u above the last cumulative share: the last level that occurs.
  for (let k = feature.levels.length - 1; k >= 0; k--) if ((feature.levels[k]?.frequency ?? 0) > 0) return k;
  return 0;
}

/** Draws `samples` rows around `row`; seeded (mulberry32, Box–Muller for the normals). */
export function drawLimeSamples(
  background: LimeBackground,
  row: Float32Array,
  settings: LimeSettings,
): LimeSamples {
  const { columns, features } = background;
  const p = features.length;
  const n = settings.samples;
  const uniform = mulberry32(settings.seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const x = new Float32Array(n * columns);
  const z = new Float64Array(n * p);
  const origin = new Float64Array(p);
  const rowLevels = new Int32Array(p).fill(-1);
  features.forEach((f, j) => {
    if (f.kind === 'continuous') origin[j] = f.std > 0 ? ((row[f.column] ?? 0) - f.mean) / f.std : 0;
    else {
      origin[j] = 1;
      rowLevels[j] = levelOf(f, row);
    }
  });
  const weights = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    x.set(row, s * columns);
    let distance2 = 0;
    features.forEach((f, j) => {
      let value = origin[j] ?? 0;
      if (s > 0 && f.kind === 'continuous' && f.std > 0) {
        // z from the float32 value the model sees, so that a linear model is fitted exactly.
        const input = Math.fround(f.mean + f.std * normal());
        x[s * columns + f.column] = input;
        value = (input - f.mean) / f.std;
      } else if (s > 0 && f.kind === 'categorical') {
        const level = drawLevel(f, uniform());
        value = level === rowLevels[j] ? 1 : 0;
        f.levels[level]?.values.forEach((v, k) => (x[s * columns + (f.columns[k] ?? 0)] = v));
      }
      z[s * p + j] = value;
      distance2 += (value - (origin[j] ?? 0)) ** 2;
    });
    weights[s] = Math.sqrt(Math.exp(-distance2 / settings.kernelWidth ** 2));
  }
  return { x, z, weights, count: n, origin, rowLevels };
}

export function samplesSource(sets: readonly LimeSamples[], columns: number): RowSource {
  const per = sets[0]?.count ?? 0;
  return {
    total: sets.length * per,
    columns,
    fill(start, count, out) {
      for (let k = 0; k < count; k++) {
        const g = start + k;
        const set = sets[Math.floor(g / per)];
        const s = g % per;
        if (set) out.set(set.x.subarray(s * columns, (s + 1) * columns), k * columns);
      }
    },
  };
}

/** Weighted ridge with an unpenalised intercept: (Zcᵀ W Zc + αI) β = Zcᵀ W yc, centred by weighted means. */
export function weightedRidge(
  z: Float64Array,
  y: ArrayLike<number>,
  w: Float64Array,
  n: number,
  p: number,
  alpha: number,
): { coef: Float64Array; intercept: number; r2: number } {
  let wSum = 0;
  let yMean = 0;
  const zMean = new Float64Array(p);
  for (let s = 0; s < n; s++) {
    const ws = w[s] ?? 0;
    wSum += ws;
    yMean += ws * (y[s] ?? 0);
    for (let j = 0; j < p; j++) zMean[j] = (zMean[j] ?? 0) + ws * (z[s * p + j] ?? 0);
  }
  yMean /= wSum;
  for (let j = 0; j < p; j++) zMean[j] = (zMean[j] ?? 0) / wSum;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let s = 0; s < n; s++) {
    const ws = w[s] ?? 0;
    for (let j = 0; j < p; j++) row[j] = (z[s * p + j] ?? 0) - (zMean[j] ?? 0);
    const yc = (y[s] ?? 0) - yMean;
    for (let j = 0; j < p; j++) {
      const wz = ws * (row[j] ?? 0);
      b[j] = (b[j] ?? 0) + wz * yc;
      for (let k = 0; k <= j; k++) a[j * p + k] = (a[j * p + k] ?? 0) + wz * (row[k] ?? 0);
    }
  }
  // A tiny floor keeps α = 0 solvable when a column is constant (its coefficient is then 0).
  const ridge = Math.max(alpha, 1e-12 * wSum);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k] ?? 0;
    a[j * p + j] = (a[j * p + j] ?? 0) + ridge;
  }
  const l = cholesky(a, p, 0);
  if (l === null)
    throw new MlError(
      'not-finite',
      'The local linear model could not be solved: the samples carry no usable weight.',
    );
  const coef = choleskySolve(l, p, b);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= (coef[j] ?? 0) * (zMean[j] ?? 0);
  let residual = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    let fit = intercept;
    for (let j = 0; j < p; j++) fit += (coef[j] ?? 0) * (z[s * p + j] ?? 0);
    residual += (w[s] ?? 0) * ((y[s] ?? 0) - fit) ** 2;
    total += (w[s] ?? 0) * ((y[s] ?? 0) - yMean) ** 2;
  }
  // As sklearn's r2_score (force_finite): a constant target fitted exactly scores 1.
  const r2 = total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
  return { coef, intercept, r2 };
}

function rowValue(
  f: LimeFeature,
  j: number,
  row: Float32Array,
  samples: LimeSamples,
): number | string | null {
  if (f.kind === 'continuous') return row[f.column] ?? null;
  return f.levels[samples.rowLevels[j] ?? -1]?.name ?? null;
}

/** Fits the local model to the scores of `samples` and reads the contributions off it. */
export function limeFit(
  background: LimeBackground,
  row: Float32Array,
  samples: LimeSamples,
  scores: ArrayLike<number>,
  settings: LimeSettings,
): LimeExplanation {
  const p = background.features.length;
  const fit = weightedRidge(samples.z, scores, samples.weights, samples.count, p, settings.alpha);
  const contributions = background.features.map((f, j): LimeContribution => {
    const coefficient = fit.coef[j] ?? 0;
    const perUnit = f.kind === 'continuous' ? (f.std > 0 ? coefficient / f.std : 0) : coefficient;
    return {
      name: f.name,
      kind: f.kind,
      value: rowValue(f, j, row, samples),
      coefficient,
      perUnit,
      contribution: coefficient * (samples.origin[j] ?? 0),
    };
  });
  const localPrediction = contributions.reduce((s, c) => s + c.contribution, fit.intercept);
  const order = contributions
    .map((c, j) => ({ c, j }))
    .sort((a, b) => Math.abs(b.c.contribution) - Math.abs(a.c.contribution) || a.j - b.j);
  return {
    contributions: order.map((o) => o.c),
    intercept: fit.intercept,
    localPrediction,
    modelScore: scores[0] ?? NaN,
    r2: fit.r2,
    samples: settings.samples,
    seed: settings.seed,
    kernelWidth: settings.kernelWidth,
    alpha: settings.alpha,
    kernel: `√exp(−d² / ${settings.kernelWidth.toPrecision(4)}²), d the Euclidean distance in the interpretable space`,
  };
}
