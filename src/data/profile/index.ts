import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { columnProfile, keyCandidates } from './columns';
import {
  datesSql,
  detectSql,
  failuresSql,
  NO_TEXT,
  readDates,
  readDetect,
  readFailures,
  textValuesSql,
  type TextCounts,
} from './detect';
import {
  classImbalance,
  informativeMissing,
  repeatedLevels,
  targetCopy,
  targetCorrelationIssues,
  zerosIssue,
  type TargetCorrelation,
} from './insights';
import { columnIssues, sortIssues, tableIssues } from './issues';
import { fencesOf, histogramSql, outliersSql, rangeOf, readHistograms, readOutliers } from './numeric';
import { countAt, mapRows, numberOrNull, textOrNull } from './results';
import { Runner } from './runner';
import { asDouble, kindOf, type Col } from './shape';
import {
  APPROX_QUANTILE_ROWS,
  duplicatesSql,
  quantileAt,
  readStats,
  statsSql,
  type BasicStats,
} from './stats';
import { profileTarget, type TargetParts } from './target-rates';
import type { ProfileOptions, SampleInfo, TableProfile } from './types';
import { readValues, valuesSql, type ColumnValues } from './values';

export type * from './types';

const DEFAULT_SEED = 42;

/** The profiled relation: the table itself, or its sample. */
interface Scope {
  readonly table: string;
  readonly relation: string;
  readonly rowCount: number;
  readonly sample: SampleInfo | null;
  readonly cols: readonly Col[];
  readonly target: string | null;
  readonly order: string | null;
}

async function describe(run: Runner, source: string): Promise<Col[]> {
  const result = await run.query(`DESCRIBE ${source}`);
  return mapRows(result, (index) => {
    const duckType = textOrNull(result, 'column_type', index) ?? '';
    return { index, name: textOrNull(result, 'column_name', index) ?? '', duckType, kind: kindOf(duckType) };
  });
}

/**
 * Profiles `table` in DuckDB: counts, missing values and placeholders, types hidden in text,
 * distributions, keys, duplicates, the target's rate per value, and quality issues with the clean
 * recipes that fix them. Tables over `sampleRows` rows are profiled on a seeded reservoir sample,
 * materialised once as a TEMP table and dropped at the end, even after an error or a cancel.
 */
export async function profileTable(
  engine: SqlEngine,
  table: string,
  options: ProfileOptions,
): Promise<TableProfile> {
  const run = new Runner(engine, options.signal);
  const source = quoteIdent(table);
  const rowCount = countAt(await run.query(`SELECT count(*) AS n FROM ${source}`), 'n');
  const cols = await describe(run, source);
  const base = { table, rowCount, cols, target: options.target ?? null, order: options.order ?? null };
  const sampleRows = Math.max(0, Math.floor(options.sampleRows));
  const seed = Math.floor(options.seed ?? DEFAULT_SEED);
  const sample = { rows: sampleRows, of: rowCount, seed };
  try {
    const relation =
      rowCount <= sampleRows
        ? source
        : await run.createTemp(
            'sample',
            `SELECT * FROM ${source} USING SAMPLE reservoir(${sampleRows} ROWS) REPEATABLE (${seed})`,
          );
    const profile = await profileScope(run, {
      ...base,
      relation,
      sample: relation === source ? null : sample,
    });
    await run.dropTemps();
    return { ...profile, queries: [...run.queries] };
  } catch (e: unknown) {
    // The first error is the one to report; the drops are tried regardless.
    await run.dropTemps().catch(() => undefined);
    throw e;
  }
}

/** The text columns' counts, from their distinct values (a TEMP table); dates are tried where they may be. */
async function textCounts(run: Runner, values: string, textCols: readonly Col[]) {
  const counts = readDetect(await run.query(detectSql(values)));
  const dateCols = textCols.filter((c) => counts.get(c.index)?.mayBeDate === true);
  if (dateCols.length === 0) return counts;
  const dates = readDates(await run.query(datesSql(values, dateCols)));
  for (const [index, shouldBe] of dates) {
    const known = counts.get(index);
    if (known) counts.set(index, { ...known, shouldBe });
  }
  return counts;
}

async function failures(run: Runner, scope: Scope, values: string | null, text: Map<number, TextCounts>) {
  const failing = scope.cols.flatMap((col) => {
    const shouldBe = text.get(col.index)?.shouldBe;
    return shouldBe && shouldBe.share < 1 ? [{ col, shouldBe }] : [];
  });
  return failing.length === 0 || values === null
    ? new Map<number, string[]>()
    : readFailures(await run.query(failuresSql(values, failing)));
}

async function numericParts(run: Runner, scope: Scope, stats: Map<number, BasicStats>) {
  const numeric = scope.cols.filter((c) => c.kind === 'numeric');
  const ranges = numeric.flatMap((c) => {
    const s = stats.get(c.index);
    const r = s ? rangeOf(c, s.min, s.max, s.distinct) : null;
    return r ? [r] : [];
  });
  const fences = numeric.flatMap((c) => {
    const s = stats.get(c.index);
    const f = s ? fencesOf(c, quantileAt(s, 0.25), quantileAt(s, 0.75)) : null;
    return f ? [f] : [];
  });
  const histograms =
    ranges.length === 0
      ? new Map()
      : readHistograms(await run.query(histogramSql(scope.relation, ranges)), ranges);
  const outlierResult = fences.length === 0 ? null : await run.query(outliersSql(scope.relation, fences));
  const outliers = new Map(
    outlierResult === null ? [] : fences.map((f) => [f.col.index, readOutliers(outlierResult, f)]),
  );
  return { histograms, outliers };
}

/** Rows that repeat an earlier row; none, without a query, when a column holds a different value in every row. */
async function duplicateRows(
  run: Runner,
  scope: Scope,
  rows: number,
  stats: ReadonlyMap<number, BasicStats>,
) {
  const keyed = [...stats.values()].some((s) => s.count === rows && s.distinct === rows);
  if (rows <= 1 || keyed) return 0;
  return rows - countAt(await run.query(duplicatesSql(scope.relation)), 'n');
}

/**
 * Each numeric column's correlation with a numeric target and, when rows have an order (and the
 * whole table is profiled: a lag means nothing in a sample), with the target one row earlier.
 */
async function targetCorrelations(run: Runner, scope: Scope, target: string): Promise<TargetCorrelation[]> {
  const y = scope.cols.find((c) => c.name === target);
  const numeric = scope.cols.filter((c) => c.kind === 'numeric' && c.name !== target);
  if (y === undefined || numeric.length === 0) return [];
  const order = scope.sample === null ? scope.cols.find((c) => c.name === scope.order) : undefined;
  const yx = asDouble(y);
  const lag = order === undefined ? 'NULL' : `lag(${yx}) OVER (ORDER BY ${quoteIdent(order.name)})`;
  const parts = numeric.flatMap((c) => [
    `corr(${asDouble(c)}, __y) AS c${c.index}`,
    `corr(${asDouble(c)}, __y_prev) AS l${c.index}`,
  ]);
  const result = await run.query(
    `SELECT ${parts.join(', ')} FROM (SELECT *, ${yx} AS __y, ${lag} AS __y_prev FROM ${scope.relation})`,
  );
  return numeric.map((c) => ({
    column: c.name,
    corr: numberOrNull(result, `c${c.index}`),
    lagCorr: order === undefined ? null : numberOrNull(result, `l${c.index}`),
  }));
}

/** Text counts and top values of every column: text columns from a TEMP table of their distinct values. */
async function valueParts(run: Runner, scope: Scope) {
  const textCols = scope.cols.filter((c) => c.kind === 'text');
  const table =
    textCols.length === 0 ? null : await run.createTemp('values', textValuesSql(scope.relation, textCols));
  const text = table === null ? new Map<number, TextCounts>() : await textCounts(run, table, textCols);
  for (const c of textCols) if (!text.has(c.index)) text.set(c.index, NO_TEXT);
  const values = readValues(await run.query(valuesSql(scope.relation, scope.cols, table)));
  return { table, text, values };
}

function distinctOf(
  col: Col,
  text: ReadonlyMap<number, TextCounts>,
  values: ReadonlyMap<number, ColumnValues>,
) {
  return (col.kind === 'text' ? text.get(col.index)?.distinct : values.get(col.index)?.distinct) ?? 0;
}

async function profileScope(run: Runner, scope: Scope): Promise<TableProfile> {
  const approximate = (scope.sample?.rows ?? scope.rowCount) > APPROX_QUANTILE_ROWS;
  const statsResult = await run.query(statsSql(scope.relation, scope.cols, approximate));
  const rows = countAt(statsResult, 'n');
  const { table, text, values } = await valueParts(run, scope);
  const stats = new Map(
    scope.cols.map((c) => [c.index, readStats(statsResult, c, distinctOf(c, text, values))]),
  );
  const duplicates = await duplicateRows(run, scope, rows, stats);
  const failed = await failures(run, scope, table, text);
  const numeric = await numericParts(run, scope, stats);
  const parts: TargetParts = { run, relation: scope.relation, cols: scope.cols, stats, values, rows };
  const target = scope.target === null ? null : await profileTarget(parts, scope.target);
  const columns = scope.cols.map((col) =>
    columnProfile({
      col,
      rows,
      stats: stats.get(col.index) ?? readStats(statsResult, col, 0),
      text: text.get(col.index) ?? null,
      values: values.get(col.index),
      failures: failed.get(col.index),
      histogram: numeric.histograms.get(col.index),
      outliers: numeric.outliers.get(col.index),
      targetRates: target?.rates.get(col.index),
    }),
  );
  const keys = keyCandidates(columns, rows);
  const targetName = target?.profile.column ?? null;
  const issues = columns.flatMap((c, i) => {
    const t = text.get(i);
    const isTarget = c.name === targetName;
    const found = columnIssues(c, rows, { keys: t?.keys ?? 0, padded: t?.padded ?? 0 }, isTarget);
    const zeros = zerosIssue(c, rows);
    const related =
      target === null || isTarget
        ? []
        : [informativeMissing(c, target.profile), targetCopy(c, target.profile)];
    return [...found, ...(zeros ? [zeros] : []), ...related.filter((x) => x !== null)];
  });
  const insights = [
    ...repeatedLevels(columns),
    ...(target === null ? [] : [classImbalance(target.profile, rows)].filter((x) => x !== null)),
    ...(target?.profile.kind === 'numeric'
      ? targetCorrelationIssues(
          await targetCorrelations(run, scope, target.profile.column),
          target.profile.column,
          scope.sample === null ? scope.order : null,
          rows,
        )
      : []),
  ];
  return {
    table: scope.table,
    rowCount: scope.rowCount,
    sample: scope.sample,
    quantilesApproximate: approximate,
    exactDuplicateRows: duplicates,
    keyCandidates: keys,
    target: target?.profile ?? null,
    columns,
    issues: sortIssues([...tableIssues(rows, duplicates, keys), ...insights, ...issues]),
    queries: [...run.queries],
  };
}
