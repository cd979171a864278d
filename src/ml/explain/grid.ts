/**
 * The values a partial dependence plot sets a feature to: quantiles of a number (ties merged), or
 * the levels of a one-hot group (the most frequent first when there are too many to show).
 */
import { numpyQuantile } from '../metrics/quantile';
import { MlError } from '../metrics/errors';
import type { DenseMatrix } from './types';
import { checkColumn, checkWhole, columnName } from './validate';

/** A feature for partial dependence: one numeric column, or one-hot columns set one level at a time. */
export type PdpFeature =
  | { readonly kind: 'numeric'; readonly column: number; readonly name?: string }
  | {
      readonly kind: 'levels';
      readonly name: string;
      readonly columns: readonly number[];
      /** One name per column ("Month-to-month"); default the feature names of the columns. */
      readonly levelNames?: readonly string[];
    };

export interface GridOptions {
  /** Grid points for a number; default 20. */
  readonly gridPoints?: number;
  /** The quantile range the grid spans; default [0.05, 0.95], as scikit-learn. */
  readonly percentiles?: readonly [number, number];
  /** Levels shown for a one-hot group; default 20. */
  readonly maxLevels?: number;
  /** Evaluate a number on exactly these values (ascending) instead. */
  readonly grid?: readonly number[];
}

export interface Level {
  readonly name: string;
  readonly column: number;
  /** Rows (of those given) at this level. */
  readonly count: number;
}

export type Grid =
  | {
      readonly kind: 'numeric';
      readonly column: number;
      readonly values: readonly number[];
      /** `quantiles`: evenly spaced quantiles, ties merged; `unique`: every distinct value (fewer than the points asked). */
      readonly source: 'quantiles' | 'unique' | 'given';
    }
  | {
      readonly kind: 'levels';
      readonly columns: readonly number[];
      readonly levels: readonly Level[];
      /** Set when only the most frequent levels are shown. */
      readonly truncated: { readonly shown: number; readonly total: number; readonly message: string } | null;
    };

function columnValues(x: DenseMatrix, column: number): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = x.data[i * x.cols + column] ?? NaN;
  return out;
}

function numericGrid(x: DenseMatrix, column: number, options: GridOptions): Grid {
  if (options.grid !== undefined) {
    const values = [...options.grid];
    if (
      values.length === 0 ||
      values.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= (values[i - 1] ?? v)))
    ) {
      throw new MlError(
        'bad-option',
        'A given grid must be finite, ascending and distinct, with at least one value.',
      );
    }
    return { kind: 'numeric', column, values, source: 'given' };
  }
  const points = options.gridPoints ?? 20;
  checkWhole(points, 'gridPoints', 2, 1000);
  const [from, to] = options.percentiles ?? [0.05, 0.95];
  if (!(from >= 0 && to <= 1 && from < to)) {
    throw new MlError('bad-option', `percentiles must satisfy 0 ≤ low < high ≤ 1; got [${from}, ${to}].`);
  }
  const sorted = columnValues(x, column).filter(Number.isFinite).sort();
  if (sorted.length === 0) {
    throw new MlError('not-finite', `Feature column ${column} has no finite value to build a grid from.`);
  }
  const unique = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (unique.length <= points)
    return { kind: 'numeric', column, values: Array.from(unique), source: 'unique' };
  const quantiles = Array.from({ length: points }, (_, k) =>
    numpyQuantile(sorted, from + ((to - from) * k) / (points - 1)),
  );
  const values = quantiles.filter((v, i) => i === 0 || v !== quantiles[i - 1]);
  return { kind: 'numeric', column, values, source: 'quantiles' };
}

function levelGrid(
  x: DenseMatrix,
  feature: Extract<PdpFeature, { kind: 'levels' }>,
  names: readonly string[] | undefined,
  maxLevels: number,
): Grid {
  if (feature.columns.length === 0)
    throw new MlError('bad-option', `The group "${feature.name}" has no columns.`);
  if (feature.levelNames !== undefined && feature.levelNames.length !== feature.columns.length) {
    throw new MlError(
      'length-mismatch',
      `The group "${feature.name}" has ${feature.columns.length} columns but ${feature.levelNames.length} level names.`,
    );
  }
  const all = feature.columns.map((column, k) => {
    checkColumn(column, x.cols, feature.name);
    let count = 0;
    for (let i = 0; i < x.rows; i++) if (x.data[i * x.cols + column] === 1) count++;
    return { name: feature.levelNames?.[k] ?? columnName(names, column), column, count };
  });
  // Most frequent first; ties keep the column order (stable sort).
  const ranked =
    all.length > maxLevels ? [...all].sort((a, b) => b.count - a.count).slice(0, maxLevels) : all;
  const truncated =
    all.length > maxLevels
      ? {
          shown: maxLevels,
          total: all.length,
          message: `"${feature.name}" has ${all.length} levels: the ${maxLevels} most frequent are shown.`,
        }
      : null;
  return { kind: 'levels', columns: feature.columns, levels: ranked, truncated };
}

export function featureGrid(
  x: DenseMatrix,
  feature: PdpFeature,
  names: readonly string[] | undefined,
  options: GridOptions,
): Grid {
  if (feature.kind === 'numeric') {
    checkColumn(feature.column, x.cols, feature.name);
    return numericGrid(x, feature.column, options);
  }
  const maxLevels = options.maxLevels ?? 20;
  checkWhole(maxLevels, 'maxLevels', 1);
  return levelGrid(x, feature, names, maxLevels);
}

export function gridSize(grid: Grid): number {
  return grid.kind === 'numeric' ? grid.values.length : grid.levels.length;
}

/** Sets point `k` of the grid in the row starting at `offset` of `out`. */
export function setGridPoint(grid: Grid, k: number, out: Float32Array, offset: number): void {
  if (grid.kind === 'numeric') {
    out[offset + grid.column] = grid.values[k] ?? 0;
    return;
  }
  for (const c of grid.columns) out[offset + c] = 0;
  const level = grid.levels[k];
  if (level !== undefined) out[offset + level.column] = 1;
}

export function featureLabel(feature: PdpFeature, names: readonly string[] | undefined): string {
  return feature.kind === 'levels' ? feature.name : (feature.name ?? columnName(names, feature.column));
}

/** The columns a feature sets (to check that two features of a 2-way plot do not overlap). */
export function featureColumns(feature: PdpFeature): readonly number[] {
  return feature.kind === 'numeric' ? [feature.column] : feature.columns;
}
