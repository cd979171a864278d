/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): the drop of a
 * metric when one feature's values are shuffled across the rows, breaking its link with the
 * target while keeping its distribution. Grouped columns (the one-hot columns of one source) are
 * shuffled together, with the same row permutation, so every row keeps a valid one-hot vector.
 */
import { MlError } from '../metrics/errors';
import type { MulticlassMetricName } from '../metrics/multiclass-names';
import { mulberry32, permutation } from '../models/prng';
import { metricHigherIsBetter, metricScorer, metricUsesThreshold, type ExplainMetric } from './metric';
import { matrixSource, scoreAll, scoreRows, type RowSource } from './scoring';
import { studentTQuantile } from '../stats';
import { mean, sampleSd } from './stats';
import type { DenseMatrix, FeatureGroup, RunOptions, ScoreFn } from './types';
import { checkGroups, checkMatrix, checkNames, checkWhole, columnName } from './validate';

export interface ImportanceOptions extends RunOptions {
  readonly metric: ExplainMetric;
  /** For f1 and accuracy: a score ≥ threshold is positive. Default 0.5. */
  readonly threshold?: number;
  /** Shuffles per feature; default 5, at least 2 (an interval needs two). */
  readonly repeats?: number;
  /** Seeds the row permutations; default 0. */
  readonly seed?: number;
  /** Source columns to shuffle together; the per-column result is computed as well. */
  readonly groups?: readonly FeatureGroup[];
  readonly featureNames?: readonly string[];
  /** Confidence of the interval; default 0.95. */
  readonly level?: number;
  /**
   * One row permutation per repeat, used instead of seeded draws (to reproduce another
   * library's shuffles, as the scikit-learn comparison does). Each is a permutation of 0..rows−1.
   */
  readonly permutations?: readonly Int32Array[];
}

export interface ImportanceEntry {
  readonly name: string;
  readonly columns: readonly number[];
  /** Mean drop of the metric over the repeats, oriented so that positive means "the model needs it". */
  readonly mean: number;
  /** Sample standard deviation of the drops (ddof = 1). */
  readonly sd: number;
  /** mean ∓ t(level, repeats − 1) · sd / √repeats. */
  readonly low: number;
  readonly high: number;
  /** The drop of each repeat. */
  readonly drops: readonly number[];
}

/** The metric of one-score models (metric.ts), or a multiclass one on class probabilities. */
export type ImportanceMetric = ExplainMetric | MulticlassMetricName;

export interface PermutationImportance {
  readonly metric: ImportanceMetric;
  readonly higherIsBetter: boolean;
  readonly threshold: number | null;
  /** The metric on the rows as they are. */
  readonly baseline: number;
  readonly rows: number;
  readonly repeats: number;
  readonly seed: number;
  readonly interval: { readonly level: number; readonly t: number; readonly description: string };
  /** One entry per column, most important first (ties in column order). */
  readonly features: readonly ImportanceEntry[];
  /** One entry per group, most important first; null when no groups were given. */
  readonly groups: readonly ImportanceEntry[] | null;
}

/** Fewest rows that give an importance worth showing: max(10, repeats). */
export function minimumImportanceRows(repeats: number): number {
  return Math.max(10, repeats);
}

/** One row permutation per repeat: mulberry32(seed), Fisher–Yates; the same one for every feature. */
function drawPermutations(rows: number, repeats: number, seed: number): Int32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: repeats }, () => permutation(rows, random));
}

function checkPermutations(given: readonly Int32Array[], rows: number, repeats: number): void {
  if (given.length !== repeats) {
    throw new MlError('bad-option', `${given.length} permutations were given for ${repeats} repeats.`);
  }
  for (const p of given) {
    const seen = new Uint8Array(rows);
    const repeated = (r: number): boolean => {
      if (seen[r] === 1) return true;
      seen[r] = 1;
      return false;
    };
    if (p.length !== rows || p.some((r) => r < 0 || r >= rows || repeated(r))) {
      throw new MlError('bad-option', `A given permutation is not a permutation of the ${rows} rows.`);
    }
  }
}

/** The rows of every (shuffled set, repeat) job, job after job: a copy of x with some columns shuffled. */
function permutedSource(
  x: DenseMatrix,
  sets: readonly (readonly number[])[],
  perms: readonly Int32Array[],
): RowSource {
  const { rows, cols, data } = x;
  return {
    total: sets.length * perms.length * rows,
    columns: cols,
    fill(start, count, out) {
      for (let k = 0; k < count; k++) {
        const g = start + k;
        const job = Math.floor(g / rows);
        const i = g - job * rows;
        const columns = sets[Math.floor(job / perms.length)] ?? [];
        const from = (perms[job % perms.length]?.[i] ?? 0) * cols;
        out.set(data.subarray(i * cols, (i + 1) * cols), k * cols);
        for (const c of columns) out[k * cols + c] = data[from + c] ?? 0;
      }
    },
  };
}

function entry(name: string, columns: readonly number[], drops: number[], t: number): ImportanceEntry {
  const m = mean(drops);
  const sd = sampleSd(drops);
  const half = (t * sd) / Math.sqrt(drops.length);
  return { name, columns, mean: m, sd, low: m - half, high: m + half, drops };
}

const byImportance = (a: ImportanceEntry, b: ImportanceEntry): number =>
  b.mean - a.mean || (a.columns[0] ?? 0) - (b.columns[0] ?? 0);

interface Settings {
  readonly repeats: number;
  readonly seed: number;
  readonly level: number;
  readonly groups: readonly FeatureGroup[] | null;
}

function settings(x: DenseMatrix, options: ImportanceSettings): Settings {
  checkMatrix(x, 'The rows to explain');
  checkNames(options.featureNames, x.cols);
  const repeats = options.repeats ?? 5;
  checkWhole(repeats, 'repeats', 2, 1000);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new MlError('bad-option', `level must lie in (0, 1); got ${level}.`);
  const fewest = minimumImportanceRows(repeats);
  if (x.rows < fewest) {
    throw new MlError(
      'too-few-rows',
      `Permutation importance with ${repeats} repeats needs at least ${fewest} rows; there are ${x.rows}. ` +
        'Use a bigger validation split.',
    );
  }
  const groups = options.groups ?? null;
  if (groups !== null) checkGroups(groups, x.cols);
  return { repeats, seed: options.seed ?? 0, level, groups };
}

/** One metric importance is measured on: `of` reads the scores of every row (`outputs` per row). */
export interface ImportanceScorer {
  readonly metric: ImportanceMetric;
  readonly higherIsBetter: boolean;
  readonly threshold: number | null;
  of(scores: Float64Array): number;
}

/** What permutationImportance and the multiclass one share: the options, as checked. */
export type ImportanceSettings = Omit<ImportanceOptions, 'metric' | 'threshold'>;

/**
 * The importance of every column (and every group) of `x` on each scorer's metric, from one pass:
 * the model scores R × (columns + groups of several columns) shuffled copies of x, in bounded
 * batches, and every scorer reads the same scores. `outputs` scores per row (k for k classes).
 */
export async function importanceOfScorers(
  score: ScoreFn,
  x: DenseMatrix,
  outputs: number,
  scorers: readonly ImportanceScorer[],
  options: ImportanceSettings,
): Promise<PermutationImportance[]> {
  const { repeats, seed, level, groups } = settings(x, options);
  const perms = options.permutations ?? drawPermutations(x.rows, repeats, seed);
  checkPermutations(perms, x.rows, repeats);

  const singles = Array.from({ length: x.cols }, (_, c) => [c]);
  const multi = (groups ?? []).filter((g) => g.columns.length > 1);
  const sets = [...singles, ...multi.map((g) => g.columns)];
  const shuffled = permutedSource(x, sets, perms);
  const total = x.rows + shuffled.total;
  const base = await scoreAll(score, matrixSource(x), options, { before: 0, total }, outputs);
  const baselines = scorers.map((s) => s.of(base));
  const drops = scorers.map(() => sets.map(() => new Array<number>(repeats).fill(0)));
  const width = x.rows * outputs;
  const buffer = new Float64Array(width);
  await scoreRows(
    score,
    shuffled,
    (start, scores) => {
      for (let k = 0; k < scores.length; k++) {
        const g = start * outputs + k;
        const job = Math.floor(g / width);
        const i = g - job * width;
        buffer[i] = scores[k] ?? 0;
        if (i !== width - 1) continue;
        scorers.forEach((scorer, m) => {
          const sign = scorer.higherIsBetter ? 1 : -1;
          const set = drops[m]?.[Math.floor(job / repeats)];
          if (set) set[job % repeats] = sign * ((baselines[m] ?? 0) - scorer.of(buffer));
        });
      }
    },
    options,
    { before: x.rows, total },
    outputs,
  );

  const t = studentTQuantile(1 - (1 - level) / 2, repeats - 1);
  return scorers.map((scorer, m) => {
    const found = drops[m] ?? [];
    const features = singles.map((cols, c) =>
      entry(columnName(options.featureNames, c), cols, found[c] ?? [], t),
    );
    const grouped =
      groups === null
        ? null
        : groups.map((g) => {
            const at = g.columns.length > 1 ? x.cols + multi.indexOf(g) : (g.columns[0] ?? 0);
            return entry(g.name, g.columns, found[at] ?? [], t);
          });
    return {
      metric: scorer.metric,
      higherIsBetter: scorer.higherIsBetter,
      threshold: scorer.threshold,
      baseline: baselines[m] ?? NaN,
      rows: x.rows,
      repeats,
      seed,
      interval: {
        level,
        t,
        description: `mean ± t(${level}, ${repeats - 1} df) × sd / √${repeats}, sd over the ${repeats} repeats (ddof = 1): the spread of the shuffles on these rows, not of the rows themselves`,
      },
      features: features.sort(byImportance),
      groups: grouped?.sort(byImportance) ?? null,
    };
  });
}

/**
 * The importance of every column (and every group) of `x` on its rows and target `y`, for a
 * model of one score per row. The model scores R × (columns + groups of several columns)
 * shuffled copies of x, in bounded batches.
 */
export async function permutationImportance(
  score: ScoreFn,
  x: DenseMatrix,
  y: ArrayLike<number>,
  options: ImportanceOptions,
): Promise<PermutationImportance> {
  checkMatrix(x, 'The rows to explain');
  if (y.length !== x.rows) {
    throw new MlError('length-mismatch', `The target has ${y.length} rows but the data has ${x.rows}.`);
  }
  const threshold = options.threshold ?? 0.5;
  const scorer: ImportanceScorer = {
    metric: options.metric,
    higherIsBetter: metricHigherIsBetter(options.metric),
    threshold: metricUsesThreshold(options.metric) ? threshold : null,
    of: metricScorer(options.metric, y, threshold),
  };
  const [result] = await importanceOfScorers(score, x, 1, [scorer], options);
  if (result === undefined) throw new MlError('empty', 'Permutation importance computed nothing.');
  return result;
}
