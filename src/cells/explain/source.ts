import { describeRelation, relationType } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { featureGroups, type SourceGroup } from '../../data/features';
import { quoteIdent } from '../../data/sql';
import { AppError, fail, throwIf } from '../../lib/errors';
import { EXPLAIN_METRICS, type DenseMatrix, type ImportanceMetric, type ScoreFn } from '../../ml/explain';
import { MULTICLASS_METRICS } from '../../ml/metrics';
import type { FoundRun } from '../../notebook/explanations';
import type { FeatureSpec } from '../../notebook/feature-types';
import { asRunId } from '../../notebook/ids';
import type { StoredModel } from '../../notebook/runs';
import type { BriefConfig, ExplainConfig } from '../../notebook/types';
import { dataFingerprint, readTrainData, type TrainData } from '../shared/train-data';
import type { RunContext } from '../types';
import { featuresProblem, fingerprintProblem, metricProblem, runProblem } from './checks';
import { scoreFnOf } from './compute';
import type { ExplainedRun, WhatIfSource } from './result';

export { scoreFnOf };

/*
 * The run an explain cell explains and its data: the stored run (by id, or the batch's best run
 * for "the chosen model"), its model as a scoring function, and the rows of the features table it
 * trained on, checked to be the very data it trained on (the fingerprint).
 */

export interface ExplainSource {
  readonly run: ExplainedRun;
  /** The run's metric (the brief's when it trained): what importance measures the drop of. */
  readonly metric: ImportanceMetric;
  /** One score per row; for a multiclass run, k class probabilities per row (row-major). */
  readonly score: ScoreFn;
  /** A multiclass run's class names (index c is class c); null otherwise. */
  readonly classes: readonly string[] | null;
  readonly model: StoredModel;
  readonly validation: DenseMatrix;
  readonly truth: Float64Array;
  readonly validationIds: Float64Array;
  readonly train: DenseMatrix;
  readonly groups: readonly SourceGroup[];
  readonly whatIf: WhatIfSource;
  /** Why this run is "the chosen model" when it is not the batch's best (an evaluate cell's pick). */
  readonly chosenBy: string | null;
}

/** The run's metric as the explainers name it: the brief's when it trained. */
function metricOf(task: 'binary' | 'regression' | 'multiclass', metric: string): ImportanceMetric {
  const known: readonly ImportanceMetric[] = task === 'multiclass' ? MULTICLASS_METRICS : EXPLAIN_METRICS;
  return known.find((m) => m === metric) ?? fail(metricProblem(metric));
}

/** A run id of a predictions table (all its runs are of one batch); null when it has none. */
async function aPredictionRun(engine: SqlEngine, table: string, signal: AbortSignal): Promise<string | null> {
  if ((await relationType(engine, table, signal)) === null) {
    throw new AppError(
      'table-missing',
      `The table "${table}" does not exist yet: run the Train cell that writes it, or choose a stored run.`,
    );
  }
  const result = await engine.query(
    `SELECT CAST(run_id AS VARCHAR) AS id FROM ${quoteIdent(table)} WHERE run_id IS NOT NULL LIMIT 1`,
    { signal },
  );
  const id: unknown = result.getChild('id')?.get(0);
  return typeof id === 'string' ? id : null;
}

/** The model and trial runs of a predictions table, to choose from; none when it is not there. */
export async function runChoices(
  engine: SqlEngine,
  table: string,
  signal: AbortSignal,
): Promise<{ id: string; label: string }[]> {
  if (table.trim() === '' || (await relationType(engine, table, signal)) === null) return [];
  const result = await engine.query(
    `SELECT CAST(run_id AS VARCHAR) AS id, any_value(CAST(run AS VARCHAR)) AS label FROM ${quoteIdent(table)}
     WHERE role IN ('model', 'trial') GROUP BY run_id ORDER BY label`,
    { signal },
  );
  return result.toArray().flatMap((r: { toJSON(): Record<string, unknown> }) => {
    const { id, label } = r.toJSON();
    return typeof id === 'string' ? [{ id, label: typeof label === 'string' ? label : id }] : [];
  });
}

interface Chosen {
  readonly found: FoundRun;
  /** Why the run is "the chosen model" when it is not the best; null otherwise. */
  readonly chosenBy: string | null;
}

/**
 * The run the config names; else "the chosen model" of the predictions table: the run its
 * evaluate cell picks, when that is a run of the table's batch, or the batch's best run.
 */
async function findRun(ctx: RunContext<unknown>, config: ExplainConfig): Promise<Chosen> {
  if (config.run !== null) {
    const found = await ctx.runs.findRun(asRunId(config.run));
    throwIf(runProblem(config.run, found));
    return { found: found ?? fail(runProblem(config.run, found)), chosenBy: null };
  }
  if (config.input.trim() === '') {
    throw new AppError('missing-input', 'Choose the predictions table of a Train cell, or a run to explain.');
  }
  const first = await aPredictionRun(ctx.engine, config.input, ctx.signal);
  const batch = first === null ? null : await ctx.runs.findRun(asRunId(first));
  const picked = ctx.runs.pickedRun(config.input);
  if (picked !== null && batch !== null && picked !== batch.batch.best) {
    const found = await ctx.runs.findRun(asRunId(picked));
    if (found !== null && found.batch.id === batch.batch.id) {
      throwIf(runProblem(picked, found));
      return {
        found,
        chosenBy: `The evaluate cell of "${config.input}" picks run "${found.run.label}" as its model: that is the chosen model explained here, not the run best on the metric.`,
      };
    }
  }
  const stalePick =
    picked !== null && picked !== batch?.batch.best
      ? `The evaluate cell of "${config.input}" picks run ${picked}, which is not a run of the table's latest training: the best run is explained instead.`
      : null;
  const best = batch?.batch.best ?? null;
  if (best === null) {
    throw new AppError(
      'bad-input',
      `No stored run of "${config.input}" has a model to explain: run the Train cell (a model must finish).`,
    );
  }
  const found = await ctx.runs.findRun(best);
  throwIf(runProblem(best, found));
  return { found: found ?? fail(runProblem(best, found)), chosenBy: stalePick };
}

function rowsOf(data: TrainData, positions: Int32Array): DenseMatrix {
  const cols = data.featureNames.length;
  const out = new Float32Array(positions.length * cols);
  positions.forEach((p, i) => out.set(data.x.subarray(p * cols, (p + 1) * cols), i * cols));
  return { data: out, rows: positions.length, cols };
}

/** The fitted spec and raw table of the Features cell that made the run's table, from its lineage. */
function featuresOf(found: FoundRun, brief: BriefConfig): { spec: FeatureSpec | null; table: string } {
  const link = found.batch.lineage.links.find(
    (l) => l.cell.kind === 'features' && l.cell.config.output === found.batch.data.input,
  );
  if (!link || link.cell.kind !== 'features') return { spec: null, table: '' };
  const input = link.cell.config.input.trim() !== '' ? link.cell.config.input : brief.input;
  return { spec: link.fitted, table: input };
}

/** Groups by source column when the fitted spec is at hand; else each column alone. */
function groupsOf(spec: FeatureSpec | null, names: readonly string[]): SourceGroup[] {
  if (spec !== null) return featureGroups(spec, names);
  return names.map((name, j) => ({ name, columns: [j], oneHot: false, levels: null }));
}

/** The stored run, its model and the data it trained on, checked. */
export async function loadSource(
  ctx: RunContext<unknown>,
  config: ExplainConfig,
  brief: BriefConfig,
): Promise<ExplainSource> {
  const { found, chosenBy } = await findRun(ctx, config);
  const { batch, run } = found;
  const model = found.artifact?.model ?? fail(runProblem(run.id, found));
  const table = batch.data.input;
  const data = await readTrainData(ctx.engine, table, { ...brief, task: batch.framing.task }, ctx.signal);
  throwIf(featuresProblem(table, batch.data.featureNames, data.featureNames));
  throwIf(fingerprintProblem(table, run.label, batch.data.fingerprint, await dataFingerprint(data)));
  const features = featuresOf(found, brief);
  const columns = features.table === '' ? [] : await rawColumns(ctx.engine, features.table, ctx.signal);
  return {
    run: {
      id: run.id,
      label: run.label,
      batchId: batch.id,
      trainedAt: batch.finishedAt,
      task: batch.framing.task,
      input: table,
      featureNames: batch.data.featureNames,
      fingerprint: batch.data.fingerprint,
    },
    metric: metricOf(batch.framing.task, batch.framing.metric),
    score: scoreFnOf(model),
    classes: data.classes,
    model,
    validation: rowsOf(data, data.validation),
    truth: Float64Array.from(data.validation, (p) => data.y[p] ?? NaN),
    validationIds: Float64Array.from(data.validation, (p) => data.rowIds[p] ?? NaN),
    train: rowsOf(data, data.train),
    groups: groupsOf(features.spec, batch.data.featureNames),
    whatIf: { model, spec: features.spec, table: columns.length === 0 ? '' : features.table, columns },
    chosenBy,
  };
}

/** The raw table's columns, or none when it is gone (the what-if form then says so). */
async function rawColumns(engine: SqlEngine, table: string, signal: AbortSignal) {
  try {
    return (await describeRelation(engine, table, signal)).columns;
  } catch (e: unknown) {
    if (signal.aborted) throw e;
    return [];
  }
}
