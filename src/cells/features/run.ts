import { describeRelation } from '../../data/catalog';
import {
  assistFeatures,
  BASELINE_COLUMN,
  compileFeatures,
  fitFeatures,
  CLASS_COLUMN,
  ROW_ID_COLUMN,
  TARGET_COLUMN,
} from '../../data/features';
import { checkSplit, checkSplitColumn, splitSql, SPLIT } from '../../data/split';
import { quoteIdent, quoteLiteral } from '../../data/sql';
import { AppError, throwIf, type Problem } from '../../lib/errors';
import type { BriefConfig, FeaturesConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import { featureSpecOf, featuresInput, featuresTableSql, ruleSql } from '../shared/features-table';
import { inputColumns } from '../shared/input';
import type { CellRunner } from '../types';
import type { FeaturesOutput } from './result';

export { featureSpecOf, featuresInput } from '../shared/features-table';

/**
 * What keeps a features cell from running on `input`, a table with `columns`: the brief's target
 * is not there, no feature is chosen, a feature is gone or is the target, or the table already
 * has a column the cell adds.
 */
export function featuresProblem(
  config: FeaturesConfig,
  brief: BriefConfig,
  input: string,
  columns: readonly string[],
): Problem | null {
  const names = new Set(columns);
  if (!names.has(brief.target)) {
    return bad(
      `The target "${brief.target}" is not a column of "${input}". Pick the table that has it, or change the brief.`,
    );
  }
  if (config.features.length === 0) {
    return {
      code: 'missing-input',
      message: 'Choose at least one feature: tick the columns the model may use.',
    };
  }
  const missing = config.features.filter((f) => !names.has(f.column)).map((f) => `"${f.column}"`);
  if (missing.length > 0) {
    const one = missing.length === 1;
    return bad(
      `${missing.join(', ')} ${one ? 'is' : 'are'} not in "${input}" any more: remove ${one ? 'it' : 'them'} from the features.`,
    );
  }
  if (config.features.some((f) => f.column === brief.target)) {
    return bad(`The target "${brief.target}" cannot also be a feature: untick it.`);
  }
  const time = brief.timeColumn;
  if (time !== null && config.features.some((f) => f.column === time && f.encoding !== 'date-parts')) {
    return bad(
      `The brief's time column "${time}" can be a feature only through its date parts (month, weekday, hour…), never as its raw value: choose the date-parts encoding.`,
    );
  }
  if (config.split.kind === 'column') {
    const { column } = config.split;
    if (!names.has(column)) {
      return bad(
        `The split column "${column}" is not a column of "${input}": choose the column that holds each row's side.`,
      );
    }
    if (column === brief.target)
      return bad(`The target "${column}" cannot also say each row's side: choose another split column.`);
    if (config.features.some((f) => f.column === column)) {
      return bad(`The split column "${column}" cannot also be a feature: untick it.`);
    }
  }
  const taken = [ROW_ID_COLUMN, SPLIT, TARGET_COLUMN, BASELINE_COLUMN, CLASS_COLUMN].find((name) =>
    names.has(name),
  );
  return taken === undefined
    ? null
    : bad(`"${input}" already has a column "${taken}", a name this cell adds: rename it first.`);
}

const bad = (message: string): Problem => ({ code: 'bad-input', message });

/** Name of the temporary table holding the split rows of this cell's run. */
const splitTable = (output: string): string => `__split_${output}`;

export const runFeatures: CellRunner<'features', FeaturesOutput> = async (ctx, cell) => {
  const { engine, signal } = ctx;
  const brief = framing(ctx.brief);
  const config = cell.config;
  const input = featuresInput(config, brief);
  const source = await inputColumns(engine, input, signal);
  throwIf(
    featuresProblem(
      config,
      brief,
      input,
      source.columns.map((c) => c.name),
    ),
  );

  // 1. The split, materialised once, so that row numbers and sides are fixed for this run.
  const held =
    config.split.kind === 'column'
      ? await checkSplitColumn(engine, input, config.split, signal)
      : { test: 0 };
  const split = splitTable(config.output);
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(split)} AS\n${splitSql(input, config.split, brief.target, brief.task)}`,
    { signal },
  );
  try {
    const multiclass = brief.task === 'multiclass';
    // Stratified: every class on both sides. Other splits may leave a class out of validation;
    // a class only validation has is refused when the classes are fitted.
    const stratifyBy = multiclass && config.split.kind === 'stratified' ? brief.target : undefined;
    const sides = await checkSplit(engine, split, config.split, signal, stratifyBy);
    // 2. Fitted values learned on the training rows only.
    const trainWhere = `${quoteIdent(SPLIT)} = 'train'`;
    const spec = await fitFeatures(engine, split, featureSpecOf(config, brief), { trainWhere, signal });
    const compiled = compileFeatures(spec, split, { rowId: ROW_ID_COLUMN });
    const rule = ruleSql(brief);
    const sql = featuresTableSql(compiled, split, rule, null, brief.task, multiclass ? brief.target : null);
    try {
      await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(config.output)} AS\n${sql}`, { signal });
    } catch (e: unknown) {
      if (rule !== '' && e instanceof AppError && e.code === 'sql') {
        throw new AppError(
          'sql',
          `The brief's baseline rule does not run on "${input}": ${e.message} Fix the rule in the Brief cell.`,
          { cause: e },
        );
      }
      throw e;
    }
    // 3. Aids for choosing, on the training rows: every column but the target and the time column.
    const assist = await assistFeatures(engine, split, {
      target: brief.target,
      task: brief.task,
      ...(spec.positive === undefined ? {} : { positive: spec.positive }),
      trainWhere,
      ...(brief.timeColumn === null ? {} : { timeColumn: brief.timeColumn }),
      columns: source.columns.map((c) => c.name).filter((c) => c !== brief.target && c !== brief.timeColumn),
      signal,
    });
    const { rowCount, columns } = await describeRelation(engine, config.output, signal);
    const dropped = sides.train + sides.validation - rowCount;
    const notices = [
      `Split ${config.split.kind}: ${sides.train.toLocaleString('en-US')} training rows, ${sides.validation.toLocaleString('en-US')} validation rows.`,
      ...(held.test > 0
        ? [
            `${held.test.toLocaleString('en-US')} test rows (by "${config.split.kind === 'column' ? config.split.column : ''}") were left out: neither trained nor validated on, they are kept for a final check.`,
          ]
        : []),
      ...(dropped > 0
        ? [
            `${dropped.toLocaleString('en-US')} rows without a target (${quoteLiteral(brief.target)} is NULL) were left out.`,
          ]
        : []),
    ];
    return {
      kind: 'features',
      result: {
        table: config.output,
        materialize: 'table',
        rowCount,
        columns,
        skippedRows: 0,
        skippedSample: [],
        notices,
      },
      spec,
      featureNames: compiled.columns,
      split: { spec: config.split, train: sides.train, validation: sides.validation },
      assist,
      sql: compiled.sql,
      hasRuleBaseline: rule !== '',
    };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(split)}`).catch(() => undefined);
  }
};
