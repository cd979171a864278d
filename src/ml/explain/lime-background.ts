/**
 * The training-feature statistics LIME samples from (LimeTabularExplainer's `training_data`
 * summary): per number its mean and standard deviation, per categorical feature the frequency of
 * each level. Plain JSON, so the explain cell can store it with the explanation.
 */
import { MlError } from '../metrics/errors';
import { mean } from './stats';
import type { DenseMatrix, FeatureGroup } from './types';
import { checkGroups, checkMatrix, checkNames, columnName } from './validate';

/** One level of a categorical feature: the values its columns take ([1, 0, 0] for a one-hot level). */
export interface LimeLevel {
  readonly name: string;
  readonly values: readonly number[];
  /** Share of the background rows at this level. */
  readonly frequency: number;
}

/**
 * `continuous`: sampled as mean + std · N(0, 1). `categorical`: a level drawn by its frequency;
 * explained by "is at the explained row's level" (1) or not (0), as LIME's categorical features.
 */
export type LimeFeature =
  | {
      readonly kind: 'continuous';
      readonly name: string;
      readonly column: number;
      readonly mean: number;
      /** Population standard deviation (as StandardScaler); 0 for a constant column, which is then never varied. */
      readonly std: number;
    }
  | {
      readonly kind: 'categorical';
      readonly name: string;
      readonly columns: readonly number[];
      readonly levels: readonly LimeLevel[];
    };

export interface LimeBackground {
  readonly columns: number;
  readonly rows: number;
  readonly features: readonly LimeFeature[];
}

function valueAt(x: DenseMatrix, row: number, column: number): number {
  return x.data[row * x.cols + column] ?? NaN;
}

/** Every value 0 or 1 and at most one 1 per row: a one-hot block (a single 0/1 column too). */
function isOneHot(x: DenseMatrix, columns: readonly number[]): boolean {
  for (let i = 0; i < x.rows; i++) {
    let ones = 0;
    for (const c of columns) {
      const v = valueAt(x, i, c);
      if (v !== 0 && v !== 1) return false;
      ones += v;
    }
    if (ones > 1) return false;
  }
  return true;
}

function categorical(
  x: DenseMatrix,
  name: string,
  columns: readonly number[],
  names?: readonly string[],
): LimeFeature {
  const vectors =
    columns.length === 1
      ? [
          { name: `${name}=1`, values: [1] },
          { name: `${name}=0`, values: [0] },
        ]
      : [
          ...columns.map((c, k) => ({
            name: columnName(names, c),
            values: columns.map((_, j) => (j === k ? 1 : 0)),
          })),
          { name: `${name}=(none)`, values: columns.map(() => 0) },
        ];
  const counts = vectors.map(() => 0);
  for (let i = 0; i < x.rows; i++) {
    const at = vectors.findIndex((v) =>
      v.values.every((value, j) => valueAt(x, i, columns[j] ?? 0) === value),
    );
    counts[at] = (counts[at] ?? 0) + 1;
  }
  // A level that never occurs is never drawn; the all-zero "(none)" of a full one-hot block is dropped.
  const levels = vectors
    .map((v, k) => ({ ...v, frequency: (counts[k] ?? 0) / x.rows }))
    .filter((l, k) => l.frequency > 0 || k < columns.length || columns.length === 1);
  return { kind: 'categorical', name, columns, levels };
}

function continuous(x: DenseMatrix, column: number, name: string): LimeFeature {
  const values = Float64Array.from({ length: x.rows }, (_, i) => valueAt(x, i, column));
  if (values.some((v) => !Number.isFinite(v))) {
    throw new MlError(
      'not-finite',
      `Column "${name}" has missing or infinite values: LIME needs finite training statistics.`,
    );
  }
  const m = mean(values);
  const std = Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
  return { kind: 'continuous', name, column, mean: m, std };
}

/**
 * Statistics of `x` (the training rows, or a sample of them). A group whose columns form a 0/1
 * one-hot block becomes one categorical feature, as does a single 0/1 column; every other column
 * is continuous (a group that is not one-hot, a number and its missing flag say, is split into its
 * columns). Features come in the order of their first column.
 */
export function limeBackground(
  x: DenseMatrix,
  options: { readonly groups?: readonly FeatureGroup[]; readonly featureNames?: readonly string[] } = {},
): LimeBackground {
  checkMatrix(x, 'The background rows');
  checkNames(options.featureNames, x.cols);
  const groups = options.groups ?? [];
  checkGroups(groups, x.cols);
  const grouped = new Set(groups.flatMap((g) => g.columns));
  const units: { first: number; feature: LimeFeature }[] = [];
  for (const g of groups) {
    if (g.columns.length > 1 && isOneHot(x, g.columns)) {
      units.push({
        first: Math.min(...g.columns),
        feature: categorical(x, g.name, g.columns, options.featureNames),
      });
    } else {
      for (const c of g.columns) units.push({ first: c, feature: single(x, c, options.featureNames) });
    }
  }
  for (let c = 0; c < x.cols; c++)
    if (!grouped.has(c)) units.push({ first: c, feature: single(x, c, options.featureNames) });
  units.sort((a, b) => a.first - b.first);
  return { columns: x.cols, rows: x.rows, features: units.map((u) => u.feature) };
}

function single(x: DenseMatrix, column: number, names?: readonly string[]): LimeFeature {
  const name = columnName(names, column);
  return isOneHot(x, [column]) ? categorical(x, name, [column]) : continuous(x, column, name);
}
