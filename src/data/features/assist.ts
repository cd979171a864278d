import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import {
  aucSql,
  correlationSql,
  isKeyType,
  nullScoreSql,
  postOutcomeWord,
  roleOf,
  scoreSql,
  type ColumnRole,
} from './assist-sql';
import { timeOrders, type TimeOrder } from './assist-time';
import { targetSql } from './compile';
import { countAt, numberOrNull } from './results';
import { checkTarget, fitClasses, trainRows } from './target';
import type { FeatureSpec, FeatureTask } from './types';

export interface AssistOptions {
  readonly target: string;
  readonly task: FeatureTask;
  /** The positive class of a binary target; found for 0/1 and false/true targets. */
  readonly positive?: string;
  /** The training rows (a SQL boolean); all rows when absent. */
  readonly trainWhere?: string;
  /**
   * The time column (when the outcome is observed, the prediction made): left out of the
   * candidates; a candidate whose dates are often later than it is reported as post-outcome.
   */
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

/** What the warnings about one column are judged from. */
interface ColumnEvidence {
  readonly aid: ColumnAid;
  /**
   * How well NULL-or-not alone separates the target, folded as `strength`: a value filled in only
   * for one class is a leak its own score cannot show, since that leaves the NULLs out. Null for
   * categories, whose NULL is a category of its own in `strength`, and without both NULLs and values.
   */
  readonly missingStrength: number | null;
  /** Its dates against the time column's, when both hold dates. */
  readonly order?: TimeOrder | undefined;
}

export type WarningKind =
  'predicts-alone' | 'post-outcome-time' | 'id-like' | 'post-outcome-name' | 'all-missing';

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
/** At or above this share of the rows where both are dates, a column later than the time column is post-outcome. */
export const LATER_SHARE = 0.05;

interface AidContext {
  readonly engine: SqlEngine;
  readonly from: string;
  readonly targetExpr: string;
  readonly task: FeatureTask;
  readonly signal: AbortSignal | undefined;
}

type Measure = ColumnAid['measure'];

/** The AUC or |corr| of `score` against the target; null without values or with one class. */
async function measureOf(ctx: AidContext, score: string, measure: Measure): Promise<number | null> {
  const scored = `(SELECT ${score} AS s, y FROM (SELECT *, ${ctx.targetExpr} AS y FROM ${ctx.from}) AS with_y) AS scored`;
  const sql = measure === 'auc' ? aucSql(scored) : correlationSql(scored);
  const raw = numberOrNull(await ctx.engine.query(sql, ctx.signal ? { signal: ctx.signal } : {}), 'strength');
  return raw !== null && Number.isFinite(raw) ? raw : null;
}

/** An AUC below 0.5 separates as well as its mirror: max(AUC, 1 − AUC). */
const folded = (value: number | null, measure: Measure): number | null =>
  value === null || measure === 'abs-corr' ? value : Math.max(value, 1 - value);

async function columnEvidence(ctx: AidContext, column: string, type: string): Promise<ColumnEvidence> {
  const col = quoteIdent(column);
  const counted = await ctx.engine.query(
    `SELECT count(*) AS n, count(${col}) AS present, count(DISTINCT ${col}) AS distinct_values FROM ${ctx.from}`,
    ctx.signal ? { signal: ctx.signal } : {},
  );
  const role = roleOf(type);
  const measure = ctx.task === 'binary' ? 'auc' : 'abs-corr';
  // A class index has no order: AUC and correlation against it mean nothing, so a multiclass
  // target gets no strength; its class mix by segment is in the profile and the target-rate chart.
  const measured = ctx.task !== 'multiclass';
  const value = measured ? await measureOf(ctx, scoreSql(column, role), measure) : null;
  const n = countAt(counted, 'n');
  const present = countAt(counted, 'present');
  const someMissing = role !== 'categorical' && present > 0 && present < n;
  const aid: ColumnAid = {
    column,
    type,
    role,
    missingRate: n === 0 ? 0 : (n - present) / n,
    distinct: countAt(counted, 'distinct_values'),
    measure,
    value,
    strength: folded(value, measure),
  };
  const missing = someMissing && measured ? await measureOf(ctx, nullScoreSql(column), measure) : null;
  return { aid, missingStrength: folded(missing, measure) };
}

const isIdLike = (aid: ColumnAid, present: number): boolean =>
  isKeyType(aid.type) && present >= ID_MIN_ROWS && aid.distinct >= ID_DISTINCT_RATIO * present;

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** The column's value, or else its NULL-ness, alone nearly predicts the target. */
function predictsAlone(
  { aid, missingStrength }: ColumnEvidence,
  idLike: boolean,
  target: string,
): LeakageWarning[] {
  const { column } = aid;
  const shown = (strength: number) => `${aid.measure === 'auc' ? 'AUC' : '|corr|'} ${strength.toFixed(3)}`;
  // An ID's target rate on the train rows is the target itself: that strength says nothing more.
  if (!(idLike && aid.role === 'categorical') && aid.strength !== null && aid.strength >= LEAK_STRENGTH) {
    const measure = aid.measure === 'auc' ? `AUC ${aid.value?.toFixed(3)}` : shown(aid.strength);
    const message = `"${column}" almost alone predicts the target "${target}" (${measure}): check that it is known before the outcome.`;
    return [{ column, kind: 'predicts-alone', severity: 'high', message }];
  }
  if (missingStrength !== null && missingStrength >= LEAK_STRENGTH) {
    const message = `Whether "${column}" is NULL almost alone predicts the target "${target}" (${shown(missingStrength)}): a value filled in only when the outcome happens is a leak. Check that it is known before the outcome.`;
    return [{ column, kind: 'predicts-alone', severity: 'high', message }];
  }
  return [];
}

/** The column is later than the time column on LATER_SHARE or more of the rows where both are dates. */
function postOutcomeTime(column: string, order: TimeOrder | undefined): LeakageWarning[] {
  if (order === undefined || order.paired === 0 || order.later < LATER_SHARE * order.paired) return [];
  const percent = Math.round((100 * order.later) / order.paired);
  const message = `"${column}" is later than "${order.time}" on ${percent}% of the training rows where both are dates (${order.later} of ${order.paired}): it was recorded after the outcome, so the model would not have it when it predicts. Leave it out, unless it is a date fixed in advance (a due date).`;
  return [{ column, kind: 'post-outcome-time', severity: 'high', message }];
}

/** The column's warnings, worst first. */
function warningsFor(evidence: ColumnEvidence, rows: number, target: string): LeakageWarning[] {
  const { aid } = evidence;
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
  out.push(...predictsAlone(evidence, idLike, target), ...postOutcomeTime(column, evidence.order));
  // Names are the weakest evidence: a hint beside the data's own (dates, strength), never instead.
  const word = postOutcomeWord(column);
  if (word !== null) {
    const message = `"${column}" holds the word "${word}", which often names something recorded after the outcome (a name rule, not evidence from the data): use it only if it is known at prediction time.`;
    out.push({ column, kind: 'post-outcome-name', severity: 'low', message });
  }
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function assistSpec(options: AssistOptions, positive?: string, classes?: readonly string[]): FeatureSpec {
  const base: FeatureSpec = { target: options.target, task: options.task, features: [] };
  const withClasses = classes === undefined ? base : { ...base, classes };
  return positive === undefined ? withClasses : { ...withClasses, positive };
}

/**
 * Aids for choosing features, computed in SQL on the training rows with a known target: each
 * candidate's missing rate and strength against the target, and leakage warnings (each column's
 * worst first). Plain JSON.
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
  const classes =
    options.task === 'multiclass'
      ? await fitClasses(engine, table, assistSpec(options), trainWhere, options.signal)
      : undefined;
  const spec = assistSpec(options, positive, classes);
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
  const evidence: ColumnEvidence[] = [];
  for (const c of candidates) evidence.push(await columnEvidence(ctx, c.name, c.type));
  const time = described.columns.find((c) => c.name === options.timeColumn);
  const orders = await timeOrders(engine, from, candidates, time, options.signal);
  const warnings = evidence.flatMap((e) =>
    warningsFor({ ...e, order: orders.find((o) => o.column === e.aid.column) }, rows, options.target),
  );
  const columns = evidence.map((e) => e.aid);
  return { target: options.target, positive: positive ?? null, rows, columns, warnings };
}
