/**
 * What a drift computation reads: a reference table, batches (whole tables, or the rows of a table
 * per value of a batch column such as month) and the features. Every statistic query reads the same
 * projection of those rows: `__batch` (0 for the reference, 1 … k for the batches, in plan order),
 * then one column per feature, `f0`, `f1`, … (numeric features as DOUBLE with NaN turned into NULL,
 * categorical ones as VARCHAR), so that feature names appear in SQL only through `quoteIdent`.
 */
import { AppError } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';

export type FeatureKind = 'numeric' | 'categorical';

export interface DriftFeature {
  readonly name: string;
  readonly kind: FeatureKind;
}

/** Where batches come from, before their labels are known. */
export type BatchSource =
  /** The whole table is one batch, labelled `label` or the table's name. */
  | { readonly kind: 'table'; readonly table: string; readonly label?: string }
  /** One batch per non-null value of `column`, in the column's order (rows with NULL belong to none). */
  | { readonly kind: 'column'; readonly table: string; readonly column: string };

/** One batch: a whole table (`column` null) or the rows whose `column` is the value written `label`. */
export interface PlannedBatch {
  readonly label: string;
  readonly table: string;
  readonly column: string | null;
}

export interface DriftPlan {
  readonly reference: string;
  readonly batches: readonly PlannedBatch[];
  readonly features: readonly DriftFeature[];
}

export type DriftInputReason =
  | 'no-features'
  | 'duplicate-feature'
  | 'no-batches'
  | 'duplicate-batch'
  | 'table-missing'
  | 'column-missing'
  | 'column-type'
  | 'empty-reference'
  | 'empty-batch';

/*
 * ErrorCode has no code for "this input cannot be used" yet (ModelError makes the same choice):
 * the problem travels as 'internal' with a precise `reason`, the table and the column.
 */
export class DriftInputError extends AppError {
  readonly reason: DriftInputReason;
  readonly table: string | null;
  readonly column: string | null;

  constructor(
    reason: DriftInputReason,
    message: string,
    where: { table?: string; column?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(reason === 'table-missing' ? 'table-missing' : 'internal', message, options);
    this.name = 'DriftInputError';
    this.reason = reason;
    this.table = where.table ?? null;
    this.column = where.column ?? null;
  }
}

export function checkPlan(plan: DriftPlan): void {
  if (plan.features.length === 0)
    throw new DriftInputError('no-features', 'Choose at least one feature to monitor.');
  const names = new Set<string>();
  for (const f of plan.features) {
    if (names.has(f.name))
      throw new DriftInputError('duplicate-feature', `Feature "${f.name}" is listed twice.`, {
        column: f.name,
      });
    names.add(f.name);
  }
  if (plan.batches.length === 0)
    throw new DriftInputError('no-batches', 'Choose at least one batch to monitor.');
  const labels = new Set<string>();
  for (const b of plan.batches) {
    if (labels.has(b.label))
      throw new DriftInputError(
        'duplicate-batch',
        `Two batches are labelled "${b.label}": give each batch its own name.`,
        {
          table: b.table,
        },
      );
    labels.add(b.label);
  }
}

/** The feature columns as the statistic queries see them: f0, f1, … */
export const featureAlias = (index: number): string => `f${index}`;

/** Indices of all features, for queries that read every one. */
export const allFeatures = (plan: DriftPlan): number[] => plan.features.map((_, i) => i);

/** The chosen features' columns, each under its alias f<index> (the others are not read). */
function featureColumns(features: readonly DriftFeature[], indices: readonly number[]): string {
  return indices
    .map((i) => {
      const f = features[i];
      if (f === undefined) throw new AppError('internal', `No feature ${i} in the drift plan.`);
      const column = quoteIdent(f.name);
      const expr =
        f.kind === 'numeric'
          ? `nullif(CAST(${column} AS DOUBLE), CAST('nan' AS DOUBLE))`
          : `CAST(${column} AS VARCHAR)`;
      return `${expr} AS ${featureAlias(i)}`;
    })
    .join(', ');
}

/** ", a, b" after __batch, or nothing when no feature is read. */
const listed = (columns: string): string => (columns === '' ? '' : `, ${columns}`);

/** The reference's rows, projected on the chosen features. */
export function referenceRowsSql(plan: DriftPlan, indices: readonly number[]): string {
  return `SELECT 0 AS __batch${listed(featureColumns(plan.features, indices))} FROM ${quoteIdent(plan.reference)}`;
}

/** The batches' rows, projected: one scan per table (a batch column is mapped to indices with CASE). */
export function batchRowsSql(plan: DriftPlan, indices: readonly number[]): string {
  const groups = new Map<string, { table: string; column: string | null; members: [string, number][] }>();
  plan.batches.forEach((b, i) => {
    const key = b.column === null ? `table ${i}` : `column ${b.table}\u0000${b.column}`;
    const group = groups.get(key) ?? { table: b.table, column: b.column, members: [] };
    group.members.push([b.label, i + 1]);
    groups.set(key, group);
  });
  const columns = listed(featureColumns(plan.features, indices));
  return [...groups.values()]
    .map(({ table, column, members }) => {
      const from = quoteIdent(table);
      if (column === null) return `SELECT ${members[0]?.[1] ?? 0} AS __batch${columns} FROM ${from}`;
      // Labels are the column's values as text; DuckDB casts each literal back to the column's type
      // once, which is twice as fast as casting every row to text.
      const value = quoteIdent(column);
      const cases = members.map(([label, index]) => `WHEN ${quoteLiteral(label)} THEN ${index}`).join(' ');
      const labels = members.map(([label]) => quoteLiteral(label)).join(', ');
      return `SELECT CASE ${value} ${cases} END AS __batch${columns} FROM ${from} WHERE ${value} IN (${labels})`;
    })
    .join('\nUNION ALL\n');
}

/** Reference and batches together, for the queries that count both in one pass. */
export function allRowsSql(plan: DriftPlan, indices: readonly number[]): string {
  return `${referenceRowsSql(plan, indices)}\nUNION ALL\n${batchRowsSql(plan, indices)}`;
}
