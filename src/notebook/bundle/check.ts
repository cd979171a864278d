import { assertNever } from '../../lib/errors';
import type { FeatureEncoding, FeatureSpec } from '../feature-types';
import type { ColumnUse, InputColumn, InputSchema } from './types';

/*
 * The input check before scoring, pure: the bundle's input schema against the columns of the rows
 * to score and their counts (the SQL that counts them: src/data/score/stats.ts). Every problem is
 * listed with its count and what will happen; scoring goes on only when none says `stop`. The
 * app's score cell and the command line show the same report.
 */

/** What happens about a problem: the run stops, the column is ignored or cast, the value becomes "other", or it is only flagged. */
export type ProblemAction = 'stop' | 'ignore' | 'cast' | 'other' | 'flag';

export type InputProblem =
  | { readonly kind: 'missing-column'; readonly column: string; readonly action: 'stop' }
  | { readonly kind: 'extra-column'; readonly column: string; readonly action: 'ignore' }
  | {
      readonly kind: 'type-change';
      readonly column: string;
      readonly trained: string;
      readonly found: string;
      /** Values the cast the features need fails on. */
      readonly failed: number;
      readonly action: 'cast' | 'stop';
    }
  | {
      readonly kind: 'unseen-category';
      readonly column: string;
      readonly rows: number;
      /** The most frequent unseen values. */
      readonly values: readonly { readonly value: string; readonly rows: number }[];
      /** How the features encode them: "PaymentMethod=(other)", "all PaymentMethod=… columns 0", "-1". */
      readonly encodedAs: string;
      readonly action: 'other' | 'stop';
    }
  | {
      readonly kind: 'out-of-range';
      readonly column: string;
      readonly rows: number;
      readonly trained: { readonly min: number | string; readonly max: number | string };
      readonly found: { readonly min: number | string | null; readonly max: number | string | null };
      readonly action: 'flag';
    }
  | {
      readonly kind: 'missing-values';
      readonly column: string;
      readonly rows: number;
      readonly action: 'stop';
    };

/** The columns of the rows to score, as DuckDB describes them. */
export interface ObservedColumn {
  readonly name: string;
  readonly type: string;
}

/** Counts over the rows to score for one column the model reads (each block: when read that way). */
export interface ColumnStats {
  readonly name: string;
  readonly nulls: number;
  /** Values that do not convert (`failed`), and values beyond the training range by more than `RANGE_MARGIN` of its span. */
  readonly number?: {
    readonly failed: number;
    readonly below: number;
    readonly above: number;
    readonly min: number | null;
    readonly max: number | null;
  };
  readonly text?: {
    readonly unseen: number;
    readonly values: readonly { readonly value: string; readonly rows: number }[];
  };
  readonly time?: {
    readonly failed: number;
    readonly before: number;
    readonly after: number;
    readonly min: string | null;
    readonly max: string | null;
  };
  readonly boolean?: { readonly failed: number };
}

export interface ObservedInput {
  readonly rows: number;
  readonly columns: readonly ObservedColumn[];
  readonly stats: readonly ColumnStats[];
}

export interface InputReport {
  readonly rows: number;
  readonly problems: readonly InputProblem[];
  /** True when a problem stops scoring. */
  readonly blocked: boolean;
}

/** "Far outside" the training range: beyond either end by more than this share of its span. */
export const RANGE_MARGIN = 0.1;

/** How a feature reads its column. */
export function useOf(encoding: FeatureEncoding): ColumnUse {
  switch (encoding.encoding) {
    case 'numeric':
    case 'bucket':
      return 'number';
    case 'one-hot':
    case 'ordinal':
      return 'text';
    case 'date-parts':
      return 'time';
    case 'boolean':
      return 'boolean';
    default:
      return assertNever(encoding);
  }
}

/** Whether a NULL in the column reaches the model as a missing value (no imputation, no category for it). */
function keepsNull(encoding: FeatureEncoding): boolean {
  switch (encoding.encoding) {
    case 'numeric':
      return encoding.impute == null;
    case 'date-parts':
    case 'boolean':
      return true;
    case 'one-hot':
    case 'ordinal':
    case 'bucket':
      return false;
    default:
      return assertNever(encoding);
  }
}

/** How the features encode a value they did not learn, in words. */
function unseenEncoding(encodings: readonly FeatureEncoding[]): string {
  const ways = encodings.flatMap((e) => {
    if (e.encoding === 'one-hot')
      return [e.other ? `"${e.column}=(other)"` : `all "${e.column}=…" columns 0`];
    if (e.encoding === 'ordinal') return [`-1 (not in the order)`];
    return [];
  });
  return [...new Set(ways)].join(' and ');
}

interface Options {
  /** `other`: unseen categories are encoded as the features say and flagged (the app); `stop`: they stop scoring (the command line without --allow-unseen). */
  readonly unseen: 'other' | 'stop';
}

function columnProblems(
  column: InputColumn,
  found: ObservedColumn,
  stats: ColumnStats | undefined,
  encodings: readonly FeatureEncoding[],
  options: Options,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const name = column.name;
  const failed = (stats?.number?.failed ?? 0) + (stats?.time?.failed ?? 0) + (stats?.boolean?.failed ?? 0);
  if (found.type !== column.type) {
    problems.push({
      kind: 'type-change',
      column: name,
      trained: column.type,
      found: found.type,
      failed,
      action: failed > 0 ? 'stop' : 'cast',
    });
  }
  const nulls = stats?.nulls ?? 0;
  if (nulls > 0 && encodings.some(keepsNull))
    problems.push({ kind: 'missing-values', column: name, rows: nulls, action: 'stop' });
  const unseen = stats?.text?.unseen ?? 0;
  if (unseen > 0) {
    problems.push({
      kind: 'unseen-category',
      column: name,
      rows: unseen,
      values: stats?.text?.values ?? [],
      encodedAs: unseenEncoding(encodings),
      action: options.unseen,
    });
  }
  const number = stats?.number;
  if (column.number && number && number.below + number.above > 0) {
    problems.push({
      kind: 'out-of-range',
      column: name,
      rows: number.below + number.above,
      trained: column.number,
      found: { min: number.min, max: number.max },
      action: 'flag',
    });
  }
  const time = stats?.time;
  if (column.time && time && time.before + time.after > 0) {
    problems.push({
      kind: 'out-of-range',
      column: name,
      rows: time.before + time.after,
      trained: column.time,
      found: { min: time.min, max: time.max },
      action: 'flag',
    });
  }
  return problems;
}

/** Every problem of the rows to score against the bundle's input schema; stops first, then by column. */
export function checkInput(
  schema: InputSchema,
  spec: FeatureSpec,
  observed: ObservedInput,
  options: Options,
): InputReport {
  const found = new Map(observed.columns.map((c) => [c.name, c]));
  const stats = new Map(observed.stats.map((s) => [s.name, s]));
  const needed = new Set(schema.columns.map((c) => c.name));
  const problems: InputProblem[] = [];
  for (const column of schema.columns) {
    const here = found.get(column.name);
    if (!here) {
      problems.push({ kind: 'missing-column', column: column.name, action: 'stop' });
      continue;
    }
    const encodings = spec.features.filter((f) => f.column === column.name);
    problems.push(...columnProblems(column, here, stats.get(column.name), encodings, options));
  }
  for (const column of observed.columns) {
    if (!needed.has(column.name))
      problems.push({ kind: 'extra-column', column: column.name, action: 'ignore' });
  }
  const order = (p: InputProblem) => (p.action === 'stop' ? 0 : p.kind === 'extra-column' ? 2 : 1);
  const sorted = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map((x) => x.p);
  return { rows: observed.rows, problems: sorted, blocked: sorted.some((p) => p.action === 'stop') };
}

const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const shown = (v: number | string | null): string =>
  v === null ? 'none' : typeof v === 'number' ? String(v) : v;

/** One sentence for people: what is wrong, how often, and what will happen. */
export function describeProblem(p: InputProblem): string {
  switch (p.kind) {
    case 'missing-column':
      return `"${p.column}" is missing: the model reads it. Scoring stops; add the column (shaped as in training).`;
    case 'extra-column':
      return `"${p.column}" is not used by the model: ignored.`;
    case 'type-change':
      return p.action === 'stop'
        ? `"${p.column}" is ${p.found} here, ${p.trained} in training, and ${count(p.failed, 'value')} do not convert. Scoring stops; fix those values or the column's type.`
        : `"${p.column}" is ${p.found} here, ${p.trained} in training: every value converts, so it is cast.`;
    case 'unseen-category': {
      const values = p.values.map((v) => `"${v.value}" (${v.rows.toLocaleString('en-US')})`).join(', ');
      const what = `${count(p.rows, 'row')} of "${p.column}" hold values not seen in training: ${values}${p.values.length > 0 && p.rows > p.values.reduce((s, v) => s + v.rows, 0) ? ', …' : ''}.`;
      return p.action === 'stop'
        ? `${what} Scoring stops; with --allow-unseen they are encoded as ${p.encodedAs} and flagged.`
        : `${what} Encoded as ${p.encodedAs}; flagged.`;
    }
    case 'out-of-range':
      return `${count(p.rows, 'value')} of "${p.column}" lie far outside the training range ${shown(p.trained.min)} … ${shown(p.trained.max)} (here ${shown(p.found.min)} … ${shown(p.found.max)}): scored, flagged; the model has not seen such values.`;
    case 'missing-values':
      return `${count(p.rows, 'row')} have no value in "${p.column}", which had none in training and is not imputed. Scoring stops; fill them, or filter those rows out.`;
    default:
      return assertNever(p);
  }
}

/** The report as lines of text: a summary, then one line per problem, its action first. */
export function reportLines(report: InputReport): string[] {
  const head = report.blocked
    ? `Input check: ${count(report.rows, 'row')}; scoring stops (${count(report.problems.filter((p) => p.action === 'stop').length, 'problem')} to fix).`
    : report.problems.length === 0
      ? `Input check: ${count(report.rows, 'row')}; the input matches the model's schema.`
      : `Input check: ${count(report.rows, 'row')}; ${count(report.problems.length, 'note')}, none stops scoring.`;
  return [head, ...report.problems.map((p) => `  ${p.action.toUpperCase().padEnd(6)} ${describeProblem(p)}`)];
}
