import type { ColumnAid, FeatureAssist, LeakageWarning } from '../../data/features';
import { roleOf } from '../../data/features/assist-sql';
import { SPLIT_COLUMN_RULE } from '../../data/split';
import {
  DATE_PARTS,
  type DatePart,
  type DatePartsEncoding,
  type FeatureEncoding,
  type FeatureTask,
} from '../../notebook/feature-types';
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

export const DATE_PART_LABELS: Readonly<Record<DatePart, string>> = {
  year: 'year',
  month: 'month',
  dow: 'weekday',
  day: 'day',
  hour: 'hour',
  doy: 'day of year',
};

const isDate = (type: string): boolean => /^DATE$/i.test(type);

/** The date parts worth offering for a column of this type: a DATE has no hour. */
export const datePartsFor = (type: string): DatePart[] =>
  isDate(type) ? DATE_PARTS.filter((p) => p !== 'hour') : [...DATE_PARTS];

/**
 * The brief's time column as features, when it holds dates or timestamps: month and weekday (and
 * the hour of a timestamp) with their sin/cos, never the raw time, and not the year: a time split
 * validates on later rows, whose year the model never trained on (a tree cannot extrapolate it).
 */
export function timeFeatureOf(column: ColumnInfo): DatePartsEncoding | null {
  if (roleOf(column.type) !== 'temporal' || /^TIME$/i.test(column.type)) return null;
  const parts: DatePart[] = isDate(column.type) ? ['month', 'dow'] : ['month', 'dow', 'hour'];
  return { encoding: 'date-parts', column: column.name, parts, cyclic: true };
}

/** What the form says on the time column's row. */
export const TIME_COLUMN_NOTE =
  "the brief's time column: only its date parts are features, never the raw time. Suggested: month, weekday (and hour) with sin/cos; year is off, as the validation rows' years are ones the model never trained on.";

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
 * The columns worth starting from: every column but the excluded ones (the target, the split's
 * side column) and the ones a leak (a high-severity warning) or an ID-like key rules out, each with
 * its usual encoding; the brief's time column by its seasonal parts (`timeFeatureOf`), or not at
 * all when it holds no dates.
 */
export function suggestedFeatures(
  columns: readonly ColumnInfo[],
  exclude: readonly string[],
  assist: FeatureAssist | null,
  timeColumn: string | null = null,
): FeatureEncoding[] {
  return columns
    .filter((c) => !exclude.includes(c.name) && !c.name.startsWith('__'))
    .filter((c) => !warningsOf(assist, c.name).some((w) => w.severity === 'high' || w.kind === 'id-like'))
    .flatMap((c) => {
      if (c.name !== timeColumn) return [defaultEncoding(c)];
      const time = timeFeatureOf(c);
      return time === null ? [] : [time];
    });
}

/** The split kinds in the form's order, with their labels. */
export const SPLIT_KIND_LABELS: Readonly<Record<SplitSpec['kind'], string>> = {
  stratified: 'stratified by target',
  random: 'random',
  group: 'by group',
  time: 'by time (cutoff)',
  column: 'by a column (train / validation / test)',
};

export const isSplitKind = (kind: string): kind is SplitSpec['kind'] => kind in SPLIT_KIND_LABELS;

/** What the chosen split does that its label does not say; '' when the label says it all. */
export function splitKindHint(kind: SplitSpec['kind'], task: FeatureTask): string {
  switch (kind) {
    case 'stratified':
      return task === 'regression'
        ? 'A number target is stratified on its quantile bins: exactly the share validates, drawn from every part of its range, both tails included.'
        : '';
    case 'column':
      return `Each row's side is read from the column: ${SPLIT_COLUMN_RULE} of the features table, for a final check later. Any other value, or a NULL, stops the run.`;
    case 'random':
    case 'group':
    case 'time':
      return '';
  }
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
    case 'column':
      return { kind, column: splitColumnGuess(columns) ?? columns[0]?.name ?? '' };
  }
}

/** A column whose name says it holds each row's side ("split", "set", "fold", "is_test"…), if any. */
export function splitColumnGuess(columns: readonly ColumnInfo[]): string | null {
  return (
    columns.find((c) =>
      /^(split|set|subset|fold|partition|sample|is_?(test|valid|validation))$/i.test(c.name),
    )?.name ?? null
  );
}

/**
 * Why a split that ignores time is risky when the brief orders rows by `timeColumn`: shown for the
 * user to confirm before the split changes. Null when there is no risk to confirm (a time split,
 * or no time column in the brief).
 */
export function untimedSplitRisk(kind: SplitSpec['kind'], timeColumn: string | null): string | null {
  // A column split is the user's own choice of rows: theirs to have made in time or not.
  if (kind === 'time' || kind === 'column' || timeColumn === null || timeColumn.trim() === '') return null;
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
