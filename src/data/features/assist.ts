import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import {
  aucSql,
  correlationSql,
  isKeyType,
  POST_OUTCOME_NAME,
  roleOf,
  scoreSql,
  type ColumnRole,
} from './assist-sql';
import { targetSql } from './compile';
import { countAt, numberOrNull } from './results';
import { checkTarget, trainRows } from './target';
import type { FeatureSpec, FeatureTask } from './types';

export interface AssistOptions {
  readonly target: string;
  readonly task: FeatureTask;
  /** The positive class of a binary target; found for 0/1 and false/true targets. */
  readonly positive?: string;
  /** The training rows (a SQL boolean); all rows when absent. */
  readonly trainWhere?: string;
  /** A time column: left out of the candidates. */
  readonly timeColumn?: string;
  /** The candidates; every other column of the table when absent. */
  readonly columns?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface ColumnAid {
  readonly column: string;
  readonly type: string;
  readonly role: ColumnRole;
  /** NULLs / rows, on the training rows with a known target. */
  readonly missingRate: number;
  readonly distinct: number;
  /** Binary: ROC AUC of the column as a score (categories by train target rate); regression: |corr|. */
  readonly measure: 'auc' | 'abs-corr';
  readonly value: number | null;
  /** How well the column alone separates the target: max(AUC, 1 − AUC), or |corr|; null without values. */
  readonly strength: number | null;
}

export type WarningKind = 'predicts-alone' | 'id-like' | 'post-outcome-name' | 'all-missing';

export interface LeakageWarning {
  readonly column: string;
  readonly kind: WarningKind;
  readonly severity: 'high' | 'medium' | 'low';
  readonly message: string;
}

export interface FeatureAssist {
  readonly target: string;
  readonly positive: string | null;
  readonly rows: number;
  readonly columns: ColumnAid[];
  readonly warnings: LeakageWarning[];
}

/** At or above this strength one column nearly predicts the target alone: suspect a leak. */
export const LEAK_STRENGTH = 0.95;
/** distinct / non-NULL at or above this, with at least ID_MIN_ROWS values, looks like a key. */
const ID_DISTINCT_RATIO = 0.95;
const ID_MIN_ROWS = 20;

interface AidContext {
  readonly engine: SqlEngine;
  readonly from: string;
  readonly targetExpr: string;
  readonly task: FeatureTask;
  readonly signal: AbortSignal | undefined;
}

async function columnAid(ctx: AidContext, column: string, type: string): Promise<ColumnAid> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const col = quoteIdent(column);
  const counted = await ctx.engine.query(
    `SELECT count(*) AS n, count(${col}) AS present, count(DISTINCT ${col}) AS distinct_values FROM ${ctx.from}`,
    options,
  );
  const role = roleOf(type);
  const scored = `(SELECT ${scoreSql(column, role)} AS s, y FROM (SELECT *, ${ctx.targetExpr} AS y FROM ${ctx.from}) AS with_y) AS scored`;
  const measure = ctx.task === 'binary' ? 'auc' : 'abs-corr';
  const result = await ctx.engine.query(measure === 'auc' ? aucSql(scored) : correlationSql(scored), options);
  const raw = numberOrNull(result, 'strength');
  const value = raw !== null && Number.isFinite(raw) ? raw : null;
  const n = countAt(counted, 'n');
  return {
    column,
    type,
    role,
    missingRate: n === 0 ? 0 : (n - countAt(counted, 'present')) / n,
    distinct: countAt(counted, 'distinct_values'),
    measure,
    value,
    strength: value === null ? null : measure === 'auc' ? Math.max(value, 1 - value) : value,
  };
}

const isIdLike = (aid: ColumnAid, present: number): boolean =>
  isKeyType(aid.type) && present >= ID_MIN_ROWS && aid.distinct >= ID_DISTINCT_RATIO * present;

function warningsFor(aid: ColumnAid, rows: number, target: string): LeakageWarning[] {
  const { column } = aid;
  const present = Math.round(rows * (1 - aid.missingRate));
  const out: LeakageWarning[] = [];
  const idLike = isIdLike(aid, present);
  if (aid.missingRate === 1) {
    out.push({
      column,
      kind: 'all-missing',
      severity: 'low',
      message: `"${column}" is NULL on every training row.`,
    });
  }
  if (idLike) {
    const message = `"${column}" has a different value on almost every row (${aid.distinct} of ${present}): it looks like an ID, which a model can only memorise.`;
    out.push({ column, kind: 'id-like', severity: 'medium', message });
  }
  // An ID's target rate on the train rows is the target itself: that strength says nothing more.
  if (!(idLike && aid.role === 'categorical') && aid.strength !== null && aid.strength >= LEAK_STRENGTH) {
    const measure =
      aid.measure === 'auc' ? `AUC ${aid.value?.toFixed(3)}` : `|corr| ${aid.strength.toFixed(3)}`;
    const message = `"${column}" almost alone predicts the target "${target}" (${measure}): check that it is known before the outcome.`;
    out.push({ column, kind: 'predicts-alone', severity: 'high', message });
  }
  if (POST_OUTCOME_NAME.test(column)) {
    const message = `"${column}" has a name that suggests it is recorded after the outcome: use it only if it is known at prediction time.`;
    out.push({ column, kind: 'post-outcome-name', severity: 'low', message });
  }
  return out;
}

function assistSpec(options: AssistOptions, positive?: string): FeatureSpec {
  const base = { target: options.target, task: options.task, features: [] };
  return positive === undefined ? base : { ...base, positive };
}

/**
 * Aids for choosing features, computed in SQL on the training rows with a known target: each
 * candidate's missing rate and strength against the target, and leakage warnings. Plain JSON.
 */
export async function assistFeatures(
  engine: SqlEngine,
  table: string,
  options: AssistOptions,
): Promise<FeatureAssist> {
  const trainWhere = options.trainWhere ?? 'true';
  const described = await describeRelation(engine, table, options.signal);
  const positive = await checkTarget(
    engine,
    table,
    assistSpec(options, options.positive),
    trainWhere,
    options.signal,
  );
  const spec = assistSpec(options, positive);
  const from = trainRows(table, options.target, trainWhere);
  const rows = countAt(await engine.query(`SELECT count(*) AS n FROM ${from}`), 'n');
  const ctx: AidContext = {
    engine,
    from,
    targetExpr: targetSql(spec).expr,
    task: options.task,
    signal: options.signal,
  };
  const skip = new Set([options.target, options.timeColumn]);
  const candidates = described.columns.filter(
    (c) => !skip.has(c.name) && (options.columns === undefined || options.columns.includes(c.name)),
  );
  const columns: ColumnAid[] = [];
  for (const c of candidates) columns.push(await columnAid(ctx, c.name, c.type));
  const warnings = columns.flatMap((aid) => warningsFor(aid, rows, options.target));
  return { target: options.target, positive: positive ?? null, rows, columns, warnings };
}
