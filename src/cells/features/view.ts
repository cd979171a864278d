import type { ColumnAid, FeatureAssist, LeakageWarning } from '../../data/features';
import { roleOf } from '../../data/features/assist-sql';
import type { FeatureEncoding } from '../../notebook/feature-types';
import type { SplitSpec } from '../../notebook/types';
import type { ColumnInfo } from '../types';

/* What the features view computes: pure, so it is tested without a browser. */

export type EncodingKind = FeatureEncoding['encoding'];

export const ENCODING_LABELS: Record<EncodingKind, string> = {
  numeric: 'number',
  'one-hot': 'one-hot',
  ordinal: 'ordinal',
  'date-parts': 'date parts',
  bucket: 'buckets',
  boolean: 'yes/no',
};

const BOOLEAN_TYPE = /^BOOL(EAN)?$/i;

/** The encodings that make sense for a column of this DuckDB type, the usual one first. */
export function encodingsFor(type: string): EncodingKind[] {
  if (BOOLEAN_TYPE.test(type)) return ['boolean', 'one-hot'];
  switch (roleOf(type)) {
    case 'numeric':
      return ['numeric', 'bucket', 'one-hot'];
    case 'temporal':
      return ['date-parts'];
    default:
      return ['one-hot', 'ordinal'];
  }
}

/** An encoding of `kind` for `column` with the settings a data scientist would start from. */
export function encodingOf(kind: EncodingKind, column: string): FeatureEncoding {
  switch (kind) {
    case 'numeric':
      return { encoding: 'numeric', column, impute: 'mean', indicator: false, standardise: true, log: false };
    case 'one-hot':
      return { encoding: 'one-hot', column, topK: 10, other: true, missing: 'category' };
    case 'ordinal':
      return { encoding: 'ordinal', column, order: [] };
    case 'date-parts':
      return { encoding: 'date-parts', column, parts: ['year', 'month', 'dow'] };
    case 'bucket':
      return { encoding: 'bucket', column, bins: 5, method: 'quantile' };
    case 'boolean':
      return { encoding: 'boolean', column };
  }
}

export const defaultEncoding = (column: ColumnInfo): FeatureEncoding =>
  encodingOf(encodingsFor(column.type)[0] ?? 'one-hot', column.name);

/** The warnings about `column`, worst first. */
export function warningsOf(assist: FeatureAssist | null, column: string): LeakageWarning[] {
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return (assist?.warnings ?? [])
    .filter((w) => w.column === column)
    .sort((a, b) => rank[a.severity] - rank[b.severity]);
}

export const aidOf = (assist: FeatureAssist | null, column: string): ColumnAid | null =>
  assist?.columns.find((c) => c.column === column) ?? null;

/**
 * The columns worth starting from: every column but the target, the time column and the ones a
 * leak (a high-severity warning) or an ID-like key rules out, each with its usual encoding.
 */
export function suggestedFeatures(
  columns: readonly ColumnInfo[],
  exclude: readonly string[],
  assist: FeatureAssist | null,
): FeatureEncoding[] {
  return columns
    .filter((c) => !exclude.includes(c.name) && !c.name.startsWith('__'))
    .filter((c) => !warningsOf(assist, c.name).some((w) => w.severity === 'high' || w.kind === 'id-like'))
    .map(defaultEncoding);
}

/** The split with its kind changed, keeping what carries over (share, seed). */
export function splitOfKind(
  kind: SplitSpec['kind'],
  from: SplitSpec,
  columns: readonly ColumnInfo[],
): SplitSpec {
  const share = 'validationShare' in from ? from.validationShare : 0.2;
  const seed = 'seed' in from ? from.seed : 42;
  const column = 'column' in from ? from.column : (columns[0]?.name ?? '');
  switch (kind) {
    case 'random':
    case 'stratified':
      return { kind, validationShare: share, seed };
    case 'group':
      return { kind, column, validationShare: share, seed };
    case 'time':
      return { kind, column, cutoff: from.kind === 'time' ? from.cutoff : '' };
  }
}

/**
 * Why a split that ignores time is risky when the brief orders rows by `timeColumn`: shown for the
 * user to confirm before the split changes. Null when there is no risk to confirm (a time split,
 * or no time column in the brief).
 */
export function untimedSplitRisk(kind: SplitSpec['kind'], timeColumn: string | null): string | null {
  if (kind === 'time' || timeColumn === null || timeColumn.trim() === '') return null;
  const how =
    kind === 'group' ? 'A split by group' : kind === 'random' ? 'A random split' : 'A stratified split';
  return (
    `The brief orders rows in time by "${timeColumn}". ${how} mixes past and future: the model trains ` +
    'on rows later than some it is validated on, so the validation score looks better than what the ' +
    "model will do on next month's data (and leaks trends, seasons and late-arriving facts). Use it only if time does not matter here."
  );
}

/** "0.82 AUC", "0.41 |r|" — the strength a column has alone, for the table. */
export function strengthText(aid: ColumnAid | null): string {
  if (aid?.value === null || aid === null) return '–';
  return aid.measure === 'auc' ? `AUC ${aid.value.toFixed(2)}` : `|r| ${aid.value.toFixed(2)}`;
}

/** Parses "a, b, c" (one per comma) into an ordinal order; blank items dropped. */
export const parseOrder = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
