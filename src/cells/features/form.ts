import type { FeatureEncoding } from '../../notebook/feature-types';
import type { SplitSpec } from '../../notebook/types';
import type { ColumnInfo } from '../types';
import { encodingOf, encodingsFor, timeFeatureOf, type EncodingKind } from './view';

/* What the features form decides about its rows and edits: pure, so it is tested without a browser. */

/** A row of the form: a column of the input, or a chosen one the input no longer has (`gone`). */
export type FeatureRow = ColumnInfo & { readonly gone: boolean };

/** The tables a features cell may read: every table but its own output and the hidden `__` ones. */
export const inputTables = (tables: Iterable<string>, output: string): string[] =>
  [...tables].filter((t) => t !== output && !t.startsWith('__')).sort();

/** The brief's time column, when the input has it and it holds dates: a feature through its date parts only. */
export const timeColumnInfo = (
  columns: readonly ColumnInfo[],
  timeColumn: string | null,
): ColumnInfo | null => columns.find((c) => c.name === timeColumn && timeFeatureOf(c) !== null) ?? null;

/** Never features: the target, a time column without dates, the split's side column. */
export function excludedColumns(
  target: string,
  timeColumn: string | null,
  timeHasDates: boolean,
  split: SplitSpec,
): string[] {
  return [target, timeHasDates ? '' : (timeColumn ?? ''), split.kind === 'column' ? split.column : ''].filter(
    (c) => c !== '',
  );
}

/** The encodings offered for a column: the time column's date parts only (never its raw value). */
export const encodingsOfColumn = (column: ColumnInfo, timeColumn: string | null): EncodingKind[] =>
  column.name === timeColumn ? ['date-parts'] : encodingsFor(column.type);

/** Columns of the input but the excluded ones, then chosen ones the input no longer has (shown so they can be removed). */
export function featureRows(
  columns: readonly ColumnInfo[],
  excluded: readonly string[],
  features: readonly FeatureEncoding[],
): FeatureRow[] {
  return [
    ...columns.filter((c) => !excluded.includes(c.name)).map((c) => ({ ...c, gone: false })),
    ...features
      .filter((f) => !columns.some((c) => c.name === f.column))
      .map((f) => ({ name: f.column, type: '?', gone: true })),
  ];
}

/**
 * The features with the encoding of `column` replaced (or added, or with null removed), in the
 * order of the form's rows.
 */
export function withFeature(
  features: readonly FeatureEncoding[],
  rows: readonly Pick<FeatureRow, 'name'>[],
  column: string,
  encoding: FeatureEncoding | null,
): FeatureEncoding[] {
  const next = new Map(features.map((f) => [f.column, f]));
  if (encoding === null) next.delete(column);
  else next.set(column, encoding);
  const order = rows.map((r) => r.name);
  return [...next.values()].sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column));
}

/** The encoding a column starts from when it is ticked: the time column's seasonal parts, else its usual one. */
export function startingEncoding(column: ColumnInfo, timeColumn: string | null): FeatureEncoding {
  const time = column.name === timeColumn ? timeFeatureOf(column) : null;
  return time ?? encodingOf(encodingsOfColumn(column, timeColumn)[0] ?? 'one-hot', column.name);
}

/** An encoding with options changed: it forgets what an earlier run fitted. */
export function patchedEncoding(f: FeatureEncoding, patch: Record<string, unknown>): FeatureEncoding {
  const { fitted: _fitted, ...rest } = f;
  return { ...rest, ...patch } as FeatureEncoding;
}

/** A missing rate for the table: "12%", "0.4%" below one percent, "0%". */
export const percentText = (x: number): string => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;
