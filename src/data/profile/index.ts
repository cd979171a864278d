import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { columnProfile, keyCandidates } from './columns';
import {
  datesSql,
  detectSql,
  failuresSql,
  readDates,
  readDetect,
  readFailures,
  type TextCounts,
} from './detect';
import { columnIssues, sortIssues, tableIssues } from './issues';
import { fencesOf, histogramSql, outliersSql, rangeOf, readHistograms, readOutliers } from './numeric';
import { countAt, mapRows, textOrNull } from './results';
import { Runner } from './runner';
import { kindOf, type Col } from './shape';
import { quantileAt, readStats, statsSql, type BasicStats } from './stats';
import { profileTarget, type TargetParts } from './target-rates';
import type { ProfileOptions, SampleInfo, TableProfile } from './types';
import { readValues, valuesSql } from './values';

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
  const base = { table, rowCount, cols, target: options.target ?? null };
  const sampleRows = Math.max(0, Math.floor(options.sampleRows));
  if (rowCount <= sampleRows) return profileScope(run, { ...base, relation: source, sample: null });
  const seed = Math.floor(options.seed ?? DEFAULT_SEED);
  const name = `__casebook_profile_sample_${Math.random().toString(36).slice(2, 10)}`;
  const drop = `DROP TABLE IF EXISTS ${quoteIdent(name)}`;
  let profile: TableProfile;
  try {
    await run.query(
      `CREATE TEMP TABLE ${quoteIdent(name)} AS SELECT * FROM ${source} USING SAMPLE reservoir(${sampleRows} ROWS) REPEATABLE (${seed})`,
    );
    profile = await profileScope(run, {
      ...base,
      relation: quoteIdent(name),
      sample: { rows: sampleRows, of: rowCount, seed },
    });
  } catch (e: unknown) {
    // The first error is the one to report; the drop is tried regardless.
    await run.cleanup(drop).catch(() => undefined);
    throw e;
  }
  await run.cleanup(drop);
  return { ...profile, queries: [...run.queries] };
}

async function textCounts(run: Runner, scope: Scope): Promise<Map<number, TextCounts>> {
  const textCols = scope.cols.filter((c) => c.kind === 'text');
  if (textCols.length === 0) return new Map();
  const result = await run.query(detectSql(scope.relation, textCols));
  const counts = new Map(textCols.map((c) => [c.index, readDetect(result, c)]));
  const dateCols = textCols.filter((c) => counts.get(c.index)?.mayBeDate === true);
  if (dateCols.length === 0) return counts;
  const dates = readDates(await run.query(datesSql(scope.relation, dateCols)));
  for (const [index, shouldBe] of dates) {
    const known = counts.get(index);
    if (known) counts.set(index, { ...known, shouldBe });
  }
  return counts;
}

async function failures(run: Runner, scope: Scope, text: Map<number, TextCounts>) {
  const failing = scope.cols.flatMap((col) => {
    const shouldBe = text.get(col.index)?.shouldBe;
    return shouldBe && shouldBe.share < 1 ? [{ col, shouldBe }] : [];
  });
  return failing.length === 0
    ? new Map<number, string[]>()
    : readFailures(await run.query(failuresSql(scope.relation, failing)));
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

async function topValues(run: Runner, scope: Scope, stats: ReadonlyMap<number, BasicStats>) {
  const unique = (c: Col): boolean => {
    const s = stats.get(c.index);
    return s !== undefined && s.count > 0 && s.distinct === s.count;
  };
  const cols = scope.cols.map((col) => ({ col, unique: unique(col) }));
  return readValues(await run.query(valuesSql(scope.relation, cols)));
}

async function profileScope(run: Runner, scope: Scope): Promise<TableProfile> {
  const statsResult = await run.query(statsSql(scope.relation, scope.cols));
  const rows = countAt(statsResult, 'n');
  const duplicates = rows - countAt(statsResult, 'distinct_rows');
  const stats = new Map(scope.cols.map((c) => [c.index, readStats(statsResult, c)]));
  const text = await textCounts(run, scope);
  const values = await topValues(run, scope, stats);
  const failed = await failures(run, scope, text);
  const numeric = await numericParts(run, scope, stats);
  const parts: TargetParts = { run, relation: scope.relation, cols: scope.cols, stats, values, rows };
  const target = scope.target === null ? null : await profileTarget(parts, scope.target);
  const columns = scope.cols.map((col) =>
    columnProfile({
      col,
      rows,
      stats: stats.get(col.index) ?? readStats(statsResult, col),
      text: text.get(col.index) ?? null,
      values: values.get(col.index),
      failures: failed.get(col.index),
      histogram: numeric.histograms.get(col.index),
      outliers: numeric.outliers.get(col.index),
      targetRates: target?.rates.get(col.index),
    }),
  );
  const keys = keyCandidates(columns, rows);
  const issues = columns.flatMap((c, i) => {
    const s = stats.get(i);
    return columnIssues(c, rows, { keys: s?.keys ?? 0, padded: s?.padded ?? 0 });
  });
  return {
    table: scope.table,
    rowCount: scope.rowCount,
    sample: scope.sample,
    exactDuplicateRows: duplicates,
    keyCandidates: keys,
    target: target?.profile ?? null,
    columns,
    issues: sortIssues([...tableIssues(rows, duplicates, keys), ...issues]),
    queries: [...run.queries],
  };
}
