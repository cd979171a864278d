import { AppError, assertNever } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';
import { commentText, encodeFeature, type OutputColumn } from './encodings';
import { ROW_ID_COLUMN, TARGET_COLUMN, type FeatureSpec } from './types';

export interface CompileOptions {
  /** A numeric column that identifies rows; without it rows are numbered 1, 2, … in table order. */
  readonly rowId?: string;
  /** A SQL boolean over the table's columns that keeps only some rows ("__split = 'valid'"). */
  readonly where?: string;
}

export interface CompiledFeatures {
  readonly sql: string;
  /** The output feature names, in order (after `__row_id` and `__target`). */
  readonly columns: string[];
}

/** The row number's name inside the query; the output calls it `__row_id`. */
const NUMBERED_ROW = '__casebook_feature_row';

/** Names made unique: a second "x" becomes "x (2)"; the row id and target names are taken. */
export function uniqueNames(outputs: readonly OutputColumn[]): OutputColumn[] {
  const taken = new Set([ROW_ID_COLUMN, TARGET_COLUMN]);
  return outputs.map((output) => {
    let name = output.name;
    for (let n = 2; taken.has(name); n++) name = `${output.name} (${n})`;
    taken.add(name);
    return { ...output, name };
  });
}

/** The target as a number: 1/0 by the positive class, or the value itself for regression. */
export function targetSql(spec: FeatureSpec): { expr: string; comment: string } {
  const column = quoteIdent(spec.target);
  switch (spec.task) {
    case 'binary': {
      if (spec.positive === undefined) {
        throw new AppError(
          'missing-input',
          `The binary target "${spec.target}" has no positive class: choose which value counts as 1.`,
        );
      }
      return {
        expr: `CASE WHEN CAST(${column} AS VARCHAR) = ${quoteLiteral(spec.positive)} THEN 1.0 ELSE 0.0 END`,
        comment: `target ${spec.target}: 1 where it is ${spec.positive}, else 0; NULL rows dropped`,
      };
    }
    case 'regression':
      return {
        expr: `CAST(${column} AS DOUBLE)`,
        comment: `target ${spec.target}: as a number; NULL rows dropped`,
      };
    default:
      return assertNever(spec.task);
  }
}

/** Each feature under its comment, after `lines` (which end without a comma); `wrap` shapes each output. */
function featureLines(
  spec: FeatureSpec,
  lines: string[],
  wrap: (expr: string) => string = (expr) => expr,
): { lines: string[]; columns: string[] } {
  const encoded = spec.features.map(encodeFeature);
  const names = uniqueNames(encoded.flatMap((e) => e.outputs));
  let at = 0;
  for (const feature of encoded) {
    lines[lines.length - 1] += ',';
    lines.push(`  -- ${commentText(feature.comment)}`);
    const own = names
      .slice(at, at + feature.outputs.length)
      .map((o) => `  ${wrap(o.expr)} AS ${quoteIdent(o.name)}`);
    at += feature.outputs.length;
    lines.push(own.join(',\n'));
  }
  return { lines, columns: names.map((n) => n.name) };
}

function selectLines(spec: FeatureSpec): { lines: string[]; columns: string[] } {
  const target = targetSql(spec);
  return featureLines(spec, [
    `  -- ${commentText(target.comment)}`,
    `  ${target.expr} AS ${quoteIdent(TARGET_COLUMN)}`,
  ]);
}

/**
 * One readable SELECT: the row id, the target as a number, then one DOUBLE column per output
 * feature, each feature under a comment. Rows whose target is NULL are dropped. The spec must be
 * fitted (`fitFeatures`); the SQL reads only `table` and runs unchanged in native DuckDB.
 */
export function compileFeatures(
  spec: FeatureSpec,
  table: string,
  options: CompileOptions = {},
): CompiledFeatures {
  const { lines, columns } = selectLines(spec);
  const rowId = options.rowId === undefined ? quoteIdent(NUMBERED_ROW) : quoteIdent(options.rowId);
  const from =
    options.rowId === undefined
      ? `FROM (SELECT *, row_number() OVER () AS ${rowId} FROM ${quoteIdent(table)}) AS numbered`
      : `FROM ${quoteIdent(table)}`;
  const where = [`${quoteIdent(spec.target)} IS NOT NULL`];
  if (options.where !== undefined) where.push(`(${options.where}\n)`);
  const sql = [
    `-- Features of ${commentText(table)}: ${columns.length} columns`,
    'SELECT',
    `  ${rowId} AS ${quoteIdent(ROW_ID_COLUMN)},`,
    ...lines,
    from,
    `WHERE ${where.join(' AND ')}`,
  ].join('\n');
  return { sql, columns };
}

/**
 * The features of new rows, for scoring: the row number (1, 2, … in `table`'s order) as
 * `__row_id`, then the same feature columns as `compileFeatures`, each as DOUBLE (as the features
 * table the model trained on holds them). No target is read and no row is dropped. Built only
 * from the fitted spec: text reaches the SQL through `quoteIdent` / `quoteLiteral` alone, so a
 * spec read from a model bundle cannot add SQL of its own.
 */
export function compileScoringFeatures(spec: FeatureSpec, table: string): CompiledFeatures {
  const rowId = quoteIdent(NUMBERED_ROW);
  const { lines, columns } = featureLines(
    spec,
    [`  ${rowId} AS ${quoteIdent(ROW_ID_COLUMN)}`],
    (expr) => `CAST(${expr} AS DOUBLE)`,
  );
  const sql = [
    `-- Features of ${commentText(table)} for scoring: ${columns.length} columns`,
    'SELECT',
    ...lines,
    `FROM (SELECT *, row_number() OVER () AS ${rowId} FROM ${quoteIdent(table)}) AS numbered`,
  ].join('\n');
  return { sql, columns };
}
