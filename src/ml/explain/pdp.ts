/**
 * Partial dependence (Friedman 2001) with ICE curves (Goldstein et al. 2015), by brute force as
 * scikit-learn's `partial_dependence(method='brute')`: every sampled row is scored with the
 * feature set to each grid value; the ICE line of a row is its scores along the grid and the
 * partial dependence is their mean.
 */
import { MlError } from '../metrics/errors';
import {
  featureColumns,
  featureGrid,
  featureLabel,
  gridSize,
  setGridPoint,
  type Grid,
  type GridOptions,
  type PdpFeature,
} from './grid';
import { scoreAll, type RowSource } from './scoring';
import { sampleRows } from './stats';
import type { DenseMatrix, RunOptions, ScoreFn } from './types';
import { checkMatrix, checkNames, checkWhole } from './validate';

export interface PdpOptions extends RunOptions, GridOptions {
  /** Rows sampled (seeded, without replacement) to average over and draw ICE lines of; default 1000. */
  readonly sampleSize?: number;
  readonly seed?: number;
  /** Subtract each ICE line's value at the first grid point (and the same from the average). */
  readonly centred?: boolean;
  readonly featureNames?: readonly string[];
}

/** As PdpOptions, with a given grid per feature (either may be left to the quantiles). */
export interface Pdp2dOptions extends Omit<PdpOptions, 'grid' | 'centred'> {
  readonly grids?: readonly [readonly number[] | undefined, readonly number[] | undefined];
}

/** Plain arrays throughout, so that a result is stored and exported as JSON as it is. */
export interface PartialDependence {
  readonly feature: string;
  readonly grid: Grid;
  /** Mean score of the sampled rows at each grid point (centred when asked). */
  readonly average: readonly number[];
  /** ICE lines, one per sampled row, each with a score per grid point (centred when asked). */
  readonly ice: readonly (readonly number[])[];
  /** The sampled rows (indices into the rows given), ascending. */
  readonly rows: readonly number[];
  readonly centred: boolean;
  /** What each line was shifted by (its score at the first grid point); zeros when not centred. */
  readonly offsets: readonly number[];
  /** Numbers: the feature's value in each sampled row (the rug); levels: null (see grid.levels' counts). */
  readonly rug: readonly number[] | null;
}

export interface PartialDependence2d {
  readonly features: readonly [string, string];
  readonly grids: readonly [Grid, Grid];
  /** values[i][j]: the mean score at point i of the first grid and point j of the second. */
  readonly values: readonly (readonly number[])[];
  readonly rows: readonly number[];
}

function sample(x: DenseMatrix, options: PdpOptions): Int32Array {
  const size = options.sampleSize ?? 1000;
  checkWhole(size, 'sampleSize', 1);
  return sampleRows(x.rows, size, options.seed ?? 0);
}

/** Each sampled row repeated once per grid point (row-major over rows, then points). */
function gridSource(x: DenseMatrix, rows: Int32Array, grids: readonly Grid[]): RowSource {
  const sizes = grids.map(gridSize);
  const points = sizes.reduce((a, b) => a * b, 1);
  return {
    total: rows.length * points,
    columns: x.cols,
    fill(start, count, out) {
      for (let k = 0; k < count; k++) {
        const g = start + k;
        const r = Math.floor(g / points);
        let point = g - r * points;
        const row = rows[r] ?? 0;
        out.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), k * x.cols);
        for (let d = grids.length - 1; d >= 0; d--) {
          const size = sizes[d] ?? 1;
          const grid = grids[d];
          if (grid !== undefined) setGridPoint(grid, point % size, out, k * x.cols);
          point = Math.floor(point / size);
        }
      }
    },
  };
}

function rugOf(x: DenseMatrix, grid: Grid, rows: Int32Array): number[] | null {
  if (grid.kind !== 'numeric') return null;
  return Array.from(rows, (r) => x.data[r * x.cols + grid.column] ?? NaN);
}

/** Rows of `width` values of `flat`, and their mean row. */
function linesOf(flat: Float64Array, count: number, width: number): { lines: number[][]; mean: number[] } {
  const lines = Array.from({ length: count }, (_, r) =>
    Array.from(flat.subarray(r * width, (r + 1) * width)),
  );
  const mean = Array.from(
    { length: width },
    (_, j) => lines.reduce((s, line) => s + (line[j] ?? 0), 0) / count,
  );
  return { lines, mean };
}

/** Partial dependence and ICE lines of one feature. */
export async function partialDependence(
  score: ScoreFn,
  x: DenseMatrix,
  feature: PdpFeature,
  options: PdpOptions = {},
): Promise<PartialDependence> {
  checkMatrix(x, 'The rows to explain');
  checkNames(options.featureNames, x.cols);
  const grid = featureGrid(x, feature, options.featureNames, options);
  const rows = sample(x, options);
  const k = gridSize(grid);
  const scores = await scoreAll(score, gridSource(x, rows, [grid]), options);
  const centred = options.centred ?? false;
  const offsets = Array.from(rows, (_, r) => (centred ? (scores[r * k] ?? 0) : 0));
  for (let r = 0; r < rows.length; r++)
    for (let j = 0; j < k; j++) scores[r * k + j] = (scores[r * k + j] ?? 0) - (offsets[r] ?? 0);
  const { lines, mean } = linesOf(scores, rows.length, k);
  return {
    feature: featureLabel(feature, options.featureNames),
    grid,
    average: mean,
    ice: lines,
    rows: Array.from(rows),
    centred,
    offsets,
    rug: rugOf(x, grid, rows),
  };
}

/** Two-way partial dependence of a pair of features over the product of their grids. */
export async function partialDependence2d(
  score: ScoreFn,
  x: DenseMatrix,
  features: readonly [PdpFeature, PdpFeature],
  options: Pdp2dOptions = {},
): Promise<PartialDependence2d> {
  checkMatrix(x, 'The rows to explain');
  checkNames(options.featureNames, x.cols);
  const [a, b] = features;
  const shared = featureColumns(a).filter((c) => featureColumns(b).includes(c));
  if (shared.length > 0) {
    throw new MlError(
      'bad-option',
      'A two-way partial dependence needs two different features; these share columns.',
    );
  }
  const gridA = featureGrid(x, a, options.featureNames, { ...options, grid: options.grids?.[0] });
  const gridB = featureGrid(x, b, options.featureNames, { ...options, grid: options.grids?.[1] });
  const rows = sample(x, options);
  const scores = await scoreAll(score, gridSource(x, rows, [gridA, gridB]), options);
  const sizeB = gridSize(gridB);
  const { mean } = linesOf(scores, rows.length, gridSize(gridA) * sizeB);
  const values = Array.from({ length: gridSize(gridA) }, (_, i) => mean.slice(i * sizeB, (i + 1) * sizeB));
  return {
    features: [featureLabel(a, options.featureNames), featureLabel(b, options.featureNames)],
    grids: [gridA, gridB],
    values,
    rows: Array.from(rows),
  };
}
