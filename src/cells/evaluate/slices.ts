import { describeRelation, relationType } from '../../data/catalog';
import { isNumericType } from '../../data/clean/context';
import type { SqlEngine } from '../../data/engine';
import { numberedRowsSql } from '../../data/split';
import { quoteIdent } from '../../data/sql';
import { AppError } from '../../lib/errors';
import { numpyQuantile } from '../../ml/metrics/quantile';
import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { RunLineage } from '../../notebook/runs';
import type { BriefConfig } from '../../notebook/types';
import type { RunContext } from '../types';
import { SOURCE_COLUMN, SOURCE_FINGERPRINT_COLUMN, tableFingerprint } from '../shared/predictions';

/** A slice column's label for every validation row, in row_id order. */
export interface SliceLabels {
  readonly column: string;
  readonly binned: boolean;
  readonly labels: readonly string[];
}

/** Numeric columns with more distinct values than this are cut into quantile bins. */
const MAX_VALUES = 10;
const BINS = 5;
/** Categories past the most frequent ones are pooled as "(other)". */
const MAX_CATEGORIES = 20;
export const MISSING = '(missing)';
export const OTHER = '(other)';

const short = (v: number): string =>
  Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4, useGrouping: false });

/**
 * Quantile bins of the values (numpy's linear quantiles, ties kept in one bin): "[lo, hi)" and the
 * last "[lo, hi]"; null values are "(missing)". Null when the values have fewer than two edges.
 */
export function quantileBins(values: readonly (number | null)[], bins = BINS): string[] | null {
  const sorted = Float64Array.from(values.filter((v): v is number => v !== null)).sort();
  if (sorted.length === 0) return null;
  const edges = [...new Set(Array.from({ length: bins + 1 }, (_, i) => numpyQuantile(sorted, i / bins)))];
  if (edges.length < 2) return null;
  const labels = edges
    .slice(0, -1)
    .map((lo, i) => `[${short(lo)}, ${short(edges[i + 1] ?? lo)}${i === edges.length - 2 ? ']' : ')'}`);
  return values.map((v) => {
    if (v === null) return MISSING;
    let bin = 0;
    while (bin < labels.length - 1 && v >= (edges[bin + 1] ?? Infinity)) bin++;
    return labels[bin] ?? MISSING;
  });
}

/** The most frequent categories kept, the rest pooled; NULL is "(missing)". */
export function categoryLabels(values: readonly (string | null)[], keep = MAX_CATEGORIES): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kept = new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, keep)
      .map(([v]) => v),
  );
  return values.map((v) => (v === null ? MISSING : kept.has(v) ? v : OTHER));
}

/** The source recorded in a predictions table: absent (written before it was recorded) or one table. */
async function recordedSource(
  engine: SqlEngine,
  predictions: string,
  signal: AbortSignal,
): Promise<{ table: string; fingerprint: string | null } | null> {
  const { columns } = await describeRelation(engine, predictions, signal);
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  if (!names.has(SOURCE_COLUMN) || !names.has(SOURCE_FINGERPRINT_COLUMN)) return null;
  const [table, fingerprint] = [quoteIdent(SOURCE_COLUMN), quoteIdent(SOURCE_FINGERPRINT_COLUMN)];
  const found = await engine.query(
    `SELECT DISTINCT CAST(${table} AS VARCHAR) AS t, CAST(${fingerprint} AS VARCHAR) AS f FROM ${quoteIdent(predictions)}`,
    { signal },
  );
  if (found.numRows > 1) {
    throw new AppError(
      'bad-input',
      `The rows of "${predictions}" come from ${found.numRows} different tables or versions of a table: their row ids cannot be joined to one table for slices. Write it from one Train cell, or clear the slices.`,
    );
  }
  const t: unknown = found.getChild('t')?.get(0) ?? null;
  const f: unknown = found.getChild('f')?.get(0) ?? null;
  return typeof t === 'string' ? { table: t, fingerprint: typeof f === 'string' ? f : null } : null;
}

/**
 * The table whose rows a predictions table's row_ids number (issue 22, item 2): the source it
 * records (the table its Features cell read), or the brief's input for a table that records none.
 * Refuses when the cell that makes the source is not what it was when the models trained: the row
 * ids may number other rows now.
 */
export async function sliceSource(
  engine: SqlEngine,
  predictions: string,
  briefInput: string,
  lineage: RunLineage,
  signal: AbortSignal,
): Promise<string> {
  const recorded = await recordedSource(engine, predictions, signal);
  if (recorded === null) return briefInput;
  if (recorded.fingerprint !== null) {
    const now = tableFingerprint(lineage, recorded.table);
    if (now !== recorded.fingerprint) {
      throw new AppError(
        'bad-input',
        `No slices: the predictions in "${predictions}" number the rows of "${recorded.table}" as it was when the models trained ` +
          `(fingerprint ${recorded.fingerprint.slice(0, 12)}), and ${now === null ? `no cell above makes "${recorded.table}" any more` : `"${recorded.table}" has changed since (${now.slice(0, 12)})`}, ` +
          'so its rows may not be the rows predicted. Run the Features and Train cells again, then this cell; or clear the slices.',
      );
    }
  }
  return recorded.table;
}

/**
 * The slice labels of the validation rows: the predictions table's row_ids joined to `input` (the
 * table they number: `sliceSource`), numbered as the split numbers it. Columns that cannot be read are reported, not fatal.
 */
export async function readSliceLabels(
  engine: SqlEngine,
  predictions: string,
  input: string,
  columns: readonly string[],
  signal: AbortSignal,
): Promise<{ slices: SliceLabels[]; notices: string[] }> {
  if (columns.length === 0) return { slices: [], notices: [] };
  if (input.trim() === '' || (await relationType(engine, input, signal)) === null) {
    return {
      slices: [],
      notices: [
        `No slices: the table "${input}" that the predictions' rows come from is not there to read ${columns.join(', ')} from.`,
      ],
    };
  }
  const { columns: described } = await describeRelation(engine, input, signal);
  const types = new Map(described.map((c) => [c.name, c.type]));
  const slices: SliceLabels[] = [];
  const notices: string[] = [];
  const rowId = '__evaluate_row';
  const from = `(SELECT DISTINCT row_id FROM ${quoteIdent(predictions)}) AS p LEFT JOIN (${numberedRowsSql(input, rowId)}) AS i ON i.${quoteIdent(rowId)} = p.row_id`;
  const found = await engine.query(
    `SELECT count(i.${quoteIdent(rowId)})::INTEGER AS n, count(*)::INTEGER AS total FROM ${from}`,
    { signal },
  );
  const n = Number(found.getChild('n')?.get(0) ?? 0);
  const total = Number(found.getChild('total')?.get(0) ?? 0);
  if (n < total) {
    notices.push(
      `${(total - n).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} validation rows are not in "${input}" any more: their slice is "${MISSING}". Run the cells above again.`,
    );
  }
  for (const column of columns) {
    const type = types.get(column);
    if (type === undefined) {
      notices.push(`"${column}" is not a column of "${input}": no slices by it.`);
      continue;
    }
    const col = `i.${quoteIdent(column)}`;
    const numeric = isNumericType(type);
    const result = await engine.query(
      `SELECT ${numeric ? `CAST(${col} AS DOUBLE)` : `CAST(${col} AS VARCHAR)`} AS v FROM ${from} ORDER BY p.row_id`,
      { signal },
    );
    const vector = result.getChild('v');
    const values = Array.from({ length: result.numRows }, (_, i): unknown => vector?.get(i) ?? null);
    const distinct = new Set(values).size;
    const bins =
      numeric && distinct > MAX_VALUES
        ? quantileBins(values.map((v) => (typeof v === 'number' ? v : null)))
        : null;
    if (bins !== null) slices.push({ column, binned: true, labels: bins });
    else {
      const text = values.map((v) =>
        v === null ? null : numeric && typeof v === 'number' ? short(v) : String(v),
      );
      slices.push({ column, binned: false, labels: categoryLabels(text) });
    }
  }
  return { slices, notices };
}

/**
 * The slice labels of the rows the predictions number: their source table as recorded (refused
 * when it changed), read by the evaluate cell whatever the task.
 */
export async function predictionSlices(
  ctx: RunContext,
  brief: BriefConfig,
  config: EvaluateConfig,
): Promise<{ slices: SliceLabels[]; notices: string[] }> {
  const sliced =
    config.slices.length === 0
      ? brief.input
      : await sliceSource(ctx.engine, config.input, brief.input, ctx.runs.lineage(), ctx.signal);
  return readSliceLabels(ctx.engine, config.input, sliced, config.slices, ctx.signal);
}
