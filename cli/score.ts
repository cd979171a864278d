import {
  DOUBLE,
  DuckDBScalarFunction,
  DuckDBVector,
  LIST,
  listValue,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { scoringPlan } from '../src/data/score/plan';
import { describeColumns, inputStats } from '../src/data/score/stats';
import { quoteIdent, quoteLiteral } from '../src/data/sql';
import { errorMessage } from '../src/lib/errors';
import { checkInput, reportLines, type InputReport } from '../src/notebook/bundle/check';
import { readBundle } from '../src/notebook/bundle/read';
import { LIMITS } from '../src/notebook/bundle/schema';
import type { ModelBundle } from '../src/notebook/bundle/types';
import { classScoreColumn } from '../src/notebook/bundle/score';
import { openNativeDb } from './duckdb';
import { CliError, type Io } from './io';
import { createInputView, inputDirectory, inputFiles } from './input';
import { progressBar, type Progress } from './progress';
import { startPool, type ScorePool } from './score-pool';

/*
 * `casebook score BUNDLE INPUT --out OUTPUT`: the bundle's feature SQL (generated from its fitted
 * spec) runs in native DuckDB over the input, which DuckDB reads in chunks; the model scores each
 * chunk of 2,048 rows inside the same query, as a scalar function that calls the app's own
 * TypeScript `predict` (so the scores are the app's, bit for bit, for every kind of model); and
 * DuckDB's COPY writes the rows as they come, in input order. Nothing holds all the rows.
 */

export interface ScoreOptions {
  readonly bundle: string;
  readonly input: string;
  readonly out: string;
  readonly allowUnseen: boolean;
  readonly threads?: number;
  readonly memoryLimit?: string;
  /** JavaScript threads that score beside the main one (0: the main one alone). */
  readonly workers?: number;
}

export interface ScoreSummary {
  readonly rows: number;
  /** Binary: rows at or above the threshold; 0 otherwise. */
  readonly acted: number;
  /** Multiclass: rows decided as each class, in the order of the model's classes; null otherwise. */
  readonly decided: readonly { readonly name: string; readonly rows: number }[] | null;
  readonly seconds: number;
  readonly report: InputReport;
  readonly out: string;
}

const INPUT_VIEW = '__casebook_input';

/** One scoring thread per core but one (DuckDB reads and writes on its own threads meanwhile), at most 8. */
function defaultWorkers(): number {
  return Math.max(0, Math.min(8, availableParallelism() - 1));
}
const SCORE_FUNCTION = 'casebook_score';

function outputFormat(out: string): 'parquet' | 'csv' {
  const lower = out.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.csv')) return 'csv';
  throw new CliError(
    1,
    `The output's name must end in .csv or .parquet (it is ${out}): its extension chooses the format.`,
  );
}

export async function loadBundle(path: string): Promise<ModelBundle> {
  if (!existsSync(path)) throw new CliError(1, `There is no bundle file ${path}.`);
  const size = statSync(path).size;
  if (size > LIMITS.bytes) {
    throw new CliError(3, `${path} is ${size.toLocaleString('en-US')} bytes: no model bundle is that large.`);
  }
  try {
    return await readBundle(readFileSync(path));
  } catch (e: unknown) {
    throw new CliError(3, errorMessage(e), e);
  }
}

interface Counters {
  rows: number;
  acted: number;
  /** Multiclass: rows decided as each class. */
  decided: number[];
}

/**
 * The model as a DuckDB scalar function of the feature columns: one call per chunk of rows. It
 * returns the score (DOUBLE), or for k classes a list of k + 2 numbers: the probabilities, the
 * most probable class and the decided class, as indices (`scoreOutputs`).
 */
function registerModel(
  conn: DuckDBConnection,
  bundle: ModelBundle,
  pool: ScorePool,
  counters: Counters,
  progress: Progress,
): void {
  const width = bundle.model.featureNames.length;
  const threshold = bundle.decision.threshold;
  const binary = bundle.decision.task === 'binary';
  const outputs = pool.outputs;
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: SCORE_FUNCTION,
      returnType: outputs === 1 ? DOUBLE : LIST(DOUBLE),
      parameterTypes: bundle.model.featureNames.map(() => DOUBLE),
      // Called once per row even where the query names its result k + 2 times.
      volatile: true,
      mainFunction: (info, input, output) => {
        try {
          const rows = input.rowCount;
          // Float32, as the app's training matrix (readMatrix): the model sees the same numbers.
          const data = pool.x;
          for (let j = 0; j < width; j++) {
            const vector = input.getColumnVector(j);
            for (let i = 0; i < rows; i++) {
              const value = vector.getItem(i);
              data[i * width + j] = typeof value === 'number' ? value : NaN;
            }
          }
          const scores = pool.score(rows);
          for (let i = 0; i < rows; i++) {
            if (outputs > 1) {
              const row = Array.from(scores.subarray(i * outputs, (i + 1) * outputs));
              output.setItem(i, listValue(row));
              const decided = row[outputs - 1] ?? -1;
              if (decided >= 0) counters.decided[decided] = (counters.decided[decided] ?? 0) + 1;
              continue;
            }
            const score = scores[i] ?? NaN;
            output.setItem(i, score);
            if (binary && threshold !== null && score >= threshold) counters.acted += 1;
          }
          output.flush();
          counters.rows += rows;
          progress.update(counters.rows);
        } catch (e: unknown) {
          info.setError(`The model could not score a chunk of rows: ${errorMessage(e)}`);
        }
      },
    }),
  );
}

/** The version column's text: `v<version>`, or the bundle's hash when written from a run. */
function versionText(bundle: ModelBundle): string {
  return bundle.model.version === null ? `bundle ${bundle.sha256.slice(0, 12)}` : `v${bundle.model.version}`;
}

/**
 * Multiclass: row_id, score_<class> per class (DOUBLE), predicted (the most probable class),
 * decision (the class of least expected cost under the bundle's cost matrix, or the most probable
 * without one), model_version — the score cell's columns. Class indices become names in SQL.
 */
function classColumnsSql(bundle: ModelBundle, classes: readonly string[]): string {
  const k = classes.length;
  const names = `[${classes.map(quoteLiteral).join(', ')}]`;
  const name = (at: number) => `CASE WHEN s[${at}] >= 0 THEN ${names}[CAST(s[${at}] AS INTEGER) + 1] END`;
  return [
    'row_id',
    ...classes.map((c, i) => `s[${i + 1}] AS ${quoteIdent(classScoreColumn(c))}`),
    `${name(k + 1)} AS predicted`,
    `${name(k + 2)} AS decision`,
    `${quoteLiteral(versionText(bundle))} AS model_version`,
  ].join(', ');
}

/** The COPY that writes the score cell's columns: row_id, score, decision, model_version (binary, regression). */
function copySql(
  bundle: ModelBundle,
  featureSql: string,
  columns: readonly string[],
  out: string,
  format: 'parquet' | 'csv',
): string {
  const { threshold, task } = bundle.decision;
  // The threshold as text cast to DOUBLE: exactly the number in the bundle, as JavaScript compares it.
  const decision =
    task === 'binary'
      ? threshold === null
        ? 'false'
        : `score >= CAST(${quoteLiteral(String(threshold))} AS DOUBLE)`
      : 'CAST(NULL AS BOOLEAN)';
  const classes = bundle.model.classes;
  const select =
    classes === undefined
      ? `row_id, score, ${decision} AS decision, ${quoteLiteral(versionText(bundle))} AS model_version`
      : classColumnsSql(bundle, classes);
  const options = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true';
  return [
    'COPY (',
    `  SELECT ${select}`,
    `  FROM (SELECT ${quoteIdent('__row_id')} AS row_id, ${SCORE_FUNCTION}(${columns.map(quoteIdent).join(', ')}) AS ${classes === undefined ? 'score' : 's'}`,
    `    FROM (\n${featureSql}\n) AS features) AS scored`,
    `) TO ${quoteLiteral(out)} (${options})`,
  ].join('\n');
}

export async function scoreCommand(options: ScoreOptions, io: Io): Promise<ScoreSummary> {
  const format = outputFormat(options.out);
  const bundle = await loadBundle(options.bundle);
  io.stderr(
    `Model: ${bundle.model.name} (${bundle.model.kind}, ${bundle.model.featureNames.length} features, SHA-256 ${bundle.sha256.slice(0, 12)}…)\n`,
  );
  const files = inputFiles(options.input);
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  const db = await openNativeDb({
    allowed: [inputDirectory(options.input), dirname(out)],
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  const partial = `${out}.partial`;
  try {
    await createInputView(db, files, bundle.input, INPUT_VIEW);
    const checkStarted = performance.now();
    const columns = await describeColumns(db.read, INPUT_VIEW);
    const stats = await inputStats(db.read, bundle.input, INPUT_VIEW, columns);
    const report = checkInput(
      bundle.input,
      bundle.features.spec,
      { rows: stats.rows, columns, stats: stats.stats },
      {
        unseen: options.allowUnseen ? 'other' : 'stop',
      },
    );
    for (const line of reportLines(report)) io.stderr(`${line}\n`);
    io.stderr(`(checked in ${((performance.now() - checkStarted) / 1000).toFixed(1)} s)\n`);
    if (report.blocked) {
      throw new CliError(2, 'Nothing was scored: the input does not fit the model (see the check above).');
    }
    const plan = scoringPlan(bundle, INPUT_VIEW);
    const counters: Counters = { rows: 0, acted: 0, decided: [] };
    const progress = progressBar({ total: stats.rows, label: 'Scoring', write: io.stderr, tty: io.tty });
    const pool = startPool(
      bundle.model.artifact,
      bundle.decision,
      plan.columns.length,
      DuckDBVector.standardSize(),
      options.workers ?? defaultWorkers(),
    );
    registerModel(db.conn, bundle, pool, counters, progress);
    const started = performance.now();
    try {
      await db.run(copySql(bundle, plan.sql, plan.columns, partial, format));
    } finally {
      await pool.close();
    }
    progress.finish();
    renameSync(partial, out);
    const seconds = (performance.now() - started) / 1000;
    if (counters.rows !== stats.rows) {
      throw new CliError(1, `Scored ${counters.rows} rows of ${stats.rows}: the output is incomplete.`);
    }
    const classes = bundle.model.classes;
    const decided =
      classes === undefined ? null : classes.map((name, c) => ({ name, rows: counters.decided[c] ?? 0 }));
    return { rows: counters.rows, acted: counters.acted, decided, seconds, report, out };
  } catch (e: unknown) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    db.close();
  }
}
