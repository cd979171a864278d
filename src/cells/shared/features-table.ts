import {
  BASELINE_COLUMN,
  CLASS_COLUMN,
  compileFeatures,
  ROW_ID_COLUMN,
  TARGET_COLUMN,
  type CompiledFeatures,
} from '../../data/features';
import { SPLIT, splitSql } from '../../data/split';
import { quoteIdent } from '../../data/sql';
import type { FeatureSpec, FeatureTask } from '../../notebook/feature-types';
import type { BriefConfig, FeaturesConfig } from '../../notebook/types';

/*
 * A features table as the Features cell writes it, and as the backtest cell rebuilds it per fold:
 * `__row_id`, `__split`, `__target`, `[__baseline]`, then one DOUBLE per feature.
 */

/** The table a features cell reads: its own choice, else the brief's. */
export function featuresInput(config: FeaturesConfig, brief: BriefConfig | null): string {
  return config.input.trim() !== '' ? config.input : (brief?.input ?? '');
}

/** The spec the data layer fits: the cell's encodings against the brief's target. */
export function featureSpecOf(config: FeaturesConfig, brief: BriefConfig): FeatureSpec {
  const spec: FeatureSpec = {
    target: brief.target,
    task: brief.task,
    features: config.features.map(({ fitted: _fitted, ...encoding }) => encoding),
  };
  return brief.positive.trim() === '' ? spec : { ...spec, positive: brief.positive };
}

/**
 * The brief's rule, as SQL over the input, when it is one; '' otherwise. Binary: true (or a score)
 * where the rule acts; regression: the value it predicts, e.g. `lag(sales, 14) OVER (ORDER BY day)`.
 */
export function ruleSql(brief: BriefConfig): string {
  // A multiclass rule returns a class, not a score or a value: it has no `__baseline` column.
  return brief.baseline.kind === 'rule' && brief.task !== 'multiclass' ? brief.baseline.sql.trim() : '';
}

/**
 * The features table's query: the compiled features of `splitTable` (a table with `__row_id` and
 * `__split`), joined with its sides and the rule's decision, every column DOUBLE, in row order.
 * `where`: a SQL boolean over `splitTable` that keeps only some rows (a backtest fold's).
 * `classOf`: multiclass, the target column, kept as text in `__class` beside its class index.
 */
export function featuresTableSql(
  compiled: CompiledFeatures,
  splitTable: string,
  rule: string,
  where: string | null = null,
  task: FeatureTask = 'binary',
  classOf: string | null = null,
): string {
  return `${featuresRowsSql(compiled, splitTable, rule, where, task, classOf)}\nORDER BY f.${quoteIdent(ROW_ID_COLUMN)}`;
}

/**
 * The same rows in no particular order. Sorting them in DuckDB moves every column of every row (on
 * 300,000 flights × 94 features, 7 of the 11 s the backtest's fold table took in DuckDB-WASM): a
 * reader that only needs the row order can sort by `__row_id` after reading (`rowIdOrder`).
 */
export function featuresRowsSql(
  compiled: CompiledFeatures,
  splitTable: string,
  rule: string,
  where: string | null = null,
  task: FeatureTask = 'binary',
  classOf: string | null = null,
): string {
  // A binary rule that says nothing does not act (0); a regression rule's NULL stays NULL (the
  // train cell predicts the training mean there, and says so).
  const decision = task === 'binary' ? `COALESCE(CAST((${rule}) AS DOUBLE), 0)` : `CAST((${rule}) AS DOUBLE)`;
  const sides = [
    `SELECT ${quoteIdent(ROW_ID_COLUMN)}, ${quoteIdent(SPLIT)}`,
    ...(classOf === null ? [] : [`, CAST(${quoteIdent(classOf)} AS VARCHAR) AS ${quoteIdent(CLASS_COLUMN)}`]),
    ...(rule === '' ? [] : [`, ${decision} AS ${quoteIdent(BASELINE_COLUMN)}`]),
    `FROM ${quoteIdent(splitTable)}`,
    ...(where === null ? [] : [`WHERE ${where}`]),
  ].join(' ');
  // DOUBLE throughout, as promised: the compiled 0/1 flags and the binary target are DECIMAL(2,1).
  const asDouble = (name: string) => `CAST(f.${quoteIdent(name)} AS DOUBLE) AS ${quoteIdent(name)}`;
  return [
    `SELECT f.${quoteIdent(ROW_ID_COLUMN)}, s.${quoteIdent(SPLIT)}, ${asDouble(TARGET_COLUMN)},`,
    rule === '' ? '' : `  s.${quoteIdent(BASELINE_COLUMN)},`,
    classOf === null ? '' : `  s.${quoteIdent(CLASS_COLUMN)},`,
    `  ${compiled.columns.map(asDouble).join(',\n  ')}`,
    `FROM (\n${compiled.sql}\n) AS f`,
    `JOIN (${sides}) AS s USING (${quoteIdent(ROW_ID_COLUMN)})`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The whole features table of a Features cell as one query that runs unchanged in native DuckDB,
 * from its input table and the values fitted for one run (`fitted`, its spec as fitted on that
 * run's training rows): the split as a CTE computed once (as the cell's temporary split table),
 * then `featuresTableSql` over it. The same rows as the table the cell wrote for that run.
 */
export function fittedFeaturesSql(config: FeaturesConfig, brief: BriefConfig, fitted: FeatureSpec): string {
  const split = `__split_${config.output}`;
  const compiled = compileFeatures(fitted, split, { rowId: ROW_ID_COLUMN });
  const classOf = brief.task === 'multiclass' ? brief.target : null;
  return [
    `WITH ${quoteIdent(split)} AS MATERIALIZED (`,
    splitSql(featuresInput(config, brief), config.split, brief.target),
    ')',
    featuresTableSql(compiled, split, ruleSql(brief), null, brief.task, classOf),
  ].join('\n');
}
