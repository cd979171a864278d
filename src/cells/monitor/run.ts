import {
  batchDrift,
  predictionDrift,
  scoreCounts,
  type BatchDrift,
  type PredictionDrift,
} from '../../ml/drift';
import { checkColumns, countDrift, planBatches, type BatchSource, type DriftPlan } from '../../data/drift';
import { AppError, errorMessage, fail, throwIf, type Problem } from '../../lib/errors';
import { reportLines } from '../../notebook/bundle/check';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { BriefConfig } from '../../notebook/types';
import { inputColumns } from '../shared/input';
import type { CellRunner, RunContext } from '../types';
import { batchAlerts, batchPerformance, driftFeatures } from './assess';
import { assessClasses, batchClasses, type BatchClasses } from './classes';
import { compareOnBatch } from './challenger';
import { chosenVersion, retrainSource, watched } from './version';
import type { MonitoredBatch, MonitorOutput, MonitorProgress } from './result';
import { checkRows, dropWork, makeWorkTable, scoreTable, type ClassRows, type WorkTable } from './rows';

/*
 * The monitor cell's runner. The version (the champion unless one is named) and its bundle; its
 * reference rows (the table its features were made from, unless another is named); the batches
 * (the input whole, or one per value of its batch column). Feature drift is counted in DuckDB
 * (src/data/drift) and turned into statistics by src/ml/drift; both the reference and the batches
 * are scored through the feature SQL generated from the bundle (as the score cell scores) for the
 * prediction drift and, where labels have arrived, the brief's metric. Each check says what to fix.
 */

/** Bootstrap resamples of a batch's metric interval: enough for two decimals of a 95 % interval. */
export const BOOTSTRAP_ITERATIONS = 500;
const SEED = 42;

/** What keeps the config from running, before any table is read. */
export function monitorConfigProblem(config: MonitorConfig): Problem | null {
  if (config.input === '')
    return { code: 'missing-input', message: 'Choose the table of new rows to monitor, in the field above.' };
  if (config.major < config.moderate)
    return {
      code: 'bad-input',
      message: `The major PSI threshold (${config.major}) is below the moderate one (${config.moderate}): raise it.`,
    };
  if (config.challenger !== null && config.challenger === config.version)
    return {
      code: 'bad-input',
      message: `v${config.challenger} cannot be compared with itself: pick another challenger.`,
    };
  return null;
}

/** A column the config names that the input lacks. */
export function namedColumnProblem(
  config: MonitorConfig,
  columns: readonly { readonly name: string }[],
): Problem | null {
  const has = (name: string) => columns.some((c) => c.name === name);
  if (config.batchColumn !== '' && !has(config.batchColumn))
    return {
      code: 'bad-input',
      message: `Table "${config.input}" has no batch column "${config.batchColumn}". Pick one of its columns, or leave it empty to monitor the table as one batch.`,
    };
  if (config.label !== '' && !has(config.label))
    return {
      code: 'bad-input',
      message: `Table "${config.input}" has no label column "${config.label}". Pick the column that holds the outcome, or leave it empty until labels arrive (drift is still measured).`,
    };
  return null;
}

async function referenceTable(ctx: RunContext<MonitorProgress>, table: string): Promise<number> {
  try {
    return (await inputColumns(ctx.engine, table, ctx.signal)).rowCount;
  } catch (e: unknown) {
    throw new AppError(
      'table-missing',
      `The reference "${table}" (the rows the model learned from) is not there: ${errorMessage(e)}`,
      { cause: e },
    );
  }
}

/** Scores of the rows of batch `k` (1-based) of the work table, and their classes (multiclass). */
function scoresOf(
  work: WorkTable,
  scores: Float64Array,
  k: number,
  classes: ClassRows | null,
): { scores: number[]; labels: (string | null)[]; classes: BatchClasses | null } {
  const out: number[] = [];
  const labels: (string | null)[] = [];
  const rows: number[] = [];
  for (let i = 0; i < work.rows; i++) {
    if (work.batch[i] !== k) continue;
    out.push(scores[i] ?? NaN);
    labels.push(work.labels[i] ?? null);
    rows.push(i);
  }
  return { scores: out, labels, classes: classes === null ? null : batchClasses(classes, rows) };
}

function predictionOf(
  reference: Float64Array,
  batch: readonly number[],
  threshold: number,
  config: MonitorConfig,
): PredictionDrift {
  const counts = scoreCounts(reference, batch, threshold, { bins: config.bins });
  return predictionDrift(counts, threshold, {
    thresholds: { moderate: config.moderate, major: config.major },
  });
}

function binNotes(drift: readonly BatchDrift[]): string[] {
  const notes = new Map<string, string>();
  for (const f of drift[0]?.features ?? [])
    if (f.bins !== null && f.bins.note !== null) notes.set(f.name, `${f.name}: ${f.bins.note}`);
  return [...notes.values()];
}

function assess(
  config: MonitorConfig,
  brief: BriefConfig | null,
  bundle: ModelBundle,
  batch: {
    label: string;
    rows: number;
    drift: BatchDrift;
    scores: number[];
    labels: (string | null)[];
    classes: BatchClasses | null;
  },
  reference: { scores: Float64Array; classes: ClassRows | null },
): MonitoredBatch {
  const threshold = bundle.decision.threshold ?? 0.5;
  const { prediction, performance } =
    batch.classes !== null && reference.classes !== null
      ? assessClasses(
          config,
          brief,
          bundle,
          { labels: batch.labels, classes: batch.classes },
          reference.classes,
          { seed: SEED, iterations: BOOTSTRAP_ITERATIONS },
        )
      : singleScore(config, brief, bundle, batch, reference.scores, threshold);
  const level = [batch.drift.level, prediction.level].includes('major')
    ? 'major'
    : [batch.drift.level, prediction.level].includes('moderate')
      ? 'moderate'
      : 'stable';
  const labelled = batch.labels.filter((l) => l !== null);
  const labels =
    config.label === ''
      ? null
      : {
          labelled: labelled.length,
          positive: labelled.filter((l) => l === bundle.decision.positive).length,
        };
  return { label: batch.label, rows: batch.rows, drift: batch.drift, prediction, performance, labels, level };
}

/** The batch of a binary or regression version: its score drift, and its metric. */
function singleScore(
  config: MonitorConfig,
  brief: BriefConfig | null,
  bundle: ModelBundle,
  batch: { scores: number[]; labels: (string | null)[] },
  reference: Float64Array,
  threshold: number,
): { prediction: PredictionDrift; performance: MonitoredBatch['performance'] } {
  const prediction = predictionOf(reference, batch.scores, threshold, config);
  const performance =
    config.label === ''
      ? ({ state: 'waiting', reason: 'waiting for labels: no label column is chosen.' } as const)
      : batchPerformance({
          metric:
            brief?.metric ??
            bundle.evaluation?.metric ??
            (bundle.decision.task === 'binary' ? 'roc_auc' : 'rmse'),
          bar: brief?.bar ?? bundle.evaluation?.bar ?? null,
          labels: batch.labels,
          scores: batch.scores,
          positive: bundle.decision.positive,
          threshold: bundle.decision.threshold,
          values: bundle.decision.values,
          seed: SEED,
          iterations: BOOTSTRAP_ITERATIONS,
        });
  return { prediction, performance };
}

export const runMonitor: CellRunner<'monitor', MonitorOutput, MonitorProgress> = async (ctx, cell) => {
  const config = cell.config;
  const { engine, signal } = ctx;
  throwIf(monitorConfigProblem(config));
  ctx.report({ kind: 'monitor', stage: 'checking' });
  const input = await inputColumns(engine, config.input, signal);
  throwIf(namedColumnProblem(config, input.columns));
  if (input.rowCount === 0)
    return fail({
      code: 'bad-input',
      message: `Table "${config.input}" has no rows: there is no batch to monitor yet.`,
    });
  const { chosen, bundle } = await chosenVersion(ctx, config.version);
  const reference = config.reference === '' ? bundle.input.table : config.reference;
  const referenceRows = await referenceTable(ctx, reference);
  const { features, skipped } = driftFeatures(bundle.input);
  const source: BatchSource =
    config.batchColumn === ''
      ? { kind: 'table', table: config.input }
      : { kind: 'column', table: config.input, column: config.batchColumn };
  const plan: DriftPlan = { reference, batches: await planBatches(engine, [source], signal), features };
  await checkColumns(engine, plan, signal);
  const report = await checkRows(engine, bundle, config.input, signal);
  if (report.blocked)
    return fail({
      code: 'bad-input',
      message: `The rows do not fit model v${chosen.version.version}.\n${reportLines(report).join('\n')}`,
    });
  ctx.report({ kind: 'monitor', stage: 'drift' });
  const counts = await countDrift(engine, plan, { bins: config.bins, signal });
  const drift = counts.batches.map((b) =>
    batchDrift(b.features, { thresholds: { moderate: config.moderate, major: config.major } }),
  );
  ctx.report({ kind: 'monitor', stage: 'scoring' });
  const workName = `__casebook_monitor_${cell.id}`;
  try {
    const work = await makeWorkTable(engine, workName, config.input, plan.batches, config.label, signal);
    const referenceScored = await scoreTable(engine, bundle, reference, signal);
    const scored = await scoreTable(engine, bundle, workName, signal);
    ctx.report({ kind: 'monitor', stage: 'performance' });
    const batches = counts.batches.map((b, i) => {
      const of = scoresOf(work, scored.scores, i + 1, scored.classes);
      const d = drift[i];
      if (d === undefined) throw new AppError('internal', `No drift for batch ${b.label}.`);
      return assess(
        config,
        ctx.brief,
        bundle,
        { label: b.label, rows: b.rows, drift: d, ...of },
        referenceScored,
      );
    });
    const comparison =
      config.challenger === null
        ? null
        : await compareOnBatch(ctx, config, {
            chosen,
            bundle,
            work,
            scores: scored.scores,
            classes: scored.classes,
            batches: plan.batches,
          });
    return {
      kind: 'monitor',
      model: watched(chosen, bundle),
      reference: { table: reference, rows: referenceRows },
      batches,
      alerts: batches.flatMap((b) => batchAlerts(b.label, b.drift, b.prediction, b.performance)),
      notes: [
        ...(skipped.length === 0
          ? []
          : [`Not watched for drift: ${skipped.join(', ')} (time columns move by definition).`]),
        ...binNotes(drift),
      ],
      thresholds: { moderate: config.moderate, major: config.major },
      comparison,
      featureSql: scored.sql,
      retrain: await retrainSource(ctx, chosen),
    };
  } finally {
    await dropWork(engine, workName);
  }
};
