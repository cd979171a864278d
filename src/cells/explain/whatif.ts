import type { ColumnInfo } from '../../data/catalog';
import { isNumericType } from '../../data/clean/context';
import type { SqlEngine } from '../../data/engine';
import { compileScoringFeatures, readScoringMatrix } from '../../data/features';
import { quoteIdent, quoteLiteral } from '../../data/sql';
import { numberedRowsSql, ROW_ID } from '../../data/split';
import { AppError, throwIf, type Problem } from '../../lib/errors';
import type { WhatIfSource } from './result';
import { scoreFnOf } from './source';

/*
 * What-if: a row's raw values (before encoding) edited in a form, encoded again by the same
 * fitted feature SQL the model trained with (`compileScoringFeatures`, from the run's lineage),
 * and scored by the stored model. Values reach the SQL only as quoted literals.
 */

/** Raw values by column, as text ('' for NULL), in the table's column order. */
export type RawValues = Readonly<Record<string, string>>;

const WHAT_IF_TABLE = '__explain_what_if';

/** The row `rowId` (its number in the table, as the split numbers rows) of the raw table, as text. */
export async function readRawRow(engine: SqlEngine, source: WhatIfSource, rowId: number): Promise<RawValues> {
  const names = source.columns.map((c) => c.name);
  const cast = names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR) AS ${quoteIdent(n)}`).join(', ');
  const result = await engine.query(
    `SELECT ${cast} FROM (${numberedRowsSql(source.table)}) WHERE ${quoteIdent(ROW_ID)} = ${Math.trunc(rowId)}`,
  );
  const rows = result.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
  const json = rows[0];
  if (json === undefined)
    throw new AppError('bad-input', `Row ${rowId} is not in "${source.table}" any more.`);
  return Object.fromEntries(
    names.map((n) => [n, json[n] === null || json[n] === undefined ? '' : String(json[n])]),
  );
}

/** A value that cannot be its column's type: text in a number column, a word in a boolean one. */
export function whatIfProblem(columns: readonly ColumnInfo[], values: RawValues): Problem | null {
  for (const c of columns) {
    const text = (values[c.name] ?? '').trim();
    if (text === '') continue;
    if (isNumericType(c.type) && !Number.isFinite(Number(text))) {
      return {
        code: 'bad-input',
        message: `"${text}" is not a number: ${c.name} holds numbers (${c.type}). Type a number, or leave it empty for a missing value.`,
      };
    }
    if (/^BOOL/i.test(c.type) && !/^(true|false)$/i.test(text)) {
      return { code: 'bad-input', message: `${c.name} is true or false; "${text}" is neither.` };
    }
  }
  return null;
}

/** The score of the edited row: the same feature SQL, the same model. */
export async function scoreWhatIf(
  engine: SqlEngine,
  source: WhatIfSource,
  featureNames: readonly string[],
  values: RawValues,
): Promise<number> {
  if (source.spec === null || source.table === '') {
    throw new AppError(
      'missing-input',
      "The run's lineage has no fitted features or raw table to encode a new row with: train the run again.",
    );
  }
  throwIf(whatIfProblem(source.columns, values));
  const select = source.columns
    .map((c) => {
      const text = (values[c.name] ?? '').trim();
      const literal = text === '' ? 'NULL' : quoteLiteral(text);
      return `TRY_CAST(${literal} AS ${c.type}) AS ${quoteIdent(c.name)}`;
    })
    .join(', ');
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(WHAT_IF_TABLE)} AS SELECT ${select}`);
  try {
    await checkCasts(engine, source.columns, values);
    const compiled = compileScoringFeatures(source.spec, WHAT_IF_TABLE);
    if (compiled.columns.join('\u0000') !== featureNames.join('\u0000')) {
      throw new AppError(
        'bad-input',
        "The fitted features no longer make the model's columns: train the run again.",
      );
    }
    const m = await readScoringMatrix(engine, compiled.sql, featureNames);
    const scores = await scoreFnOf(source.model)(m.x, m.rows, m.features);
    const score = scores[0];
    if (score === undefined || !Number.isFinite(score)) {
      throw new AppError('bad-input', 'The model gave no finite score for these values.');
    }
    return score;
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(WHAT_IF_TABLE)}`);
  }
}

/** A value DuckDB could not cast to its column's type (a date that is not one) is named. */
async function checkCasts(
  engine: SqlEngine,
  columns: readonly ColumnInfo[],
  values: RawValues,
): Promise<void> {
  const given = columns.filter((c) => (values[c.name] ?? '').trim() !== '');
  if (given.length === 0) return;
  const flags = given.map((c, i) => `${quoteIdent(c.name)} IS NULL AS f${i}`).join(', ');
  const result = await engine.query(`SELECT ${flags} FROM ${quoteIdent(WHAT_IF_TABLE)}`);
  const failed = given.find((_, i) => result.getChild(`f${i}`)?.get(0) === true);
  if (failed) {
    throw new AppError(
      'bad-input',
      `"${values[failed.name] ?? ''}" is not a ${failed.type} value for ${failed.name}: change it, or leave it empty for a missing value.`,
    );
  }
}
