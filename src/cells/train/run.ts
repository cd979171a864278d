import type { BackendChoice, ModelSpec, TrainOutcome } from '../../../workers/training/api';
import { AppError, errorMessage, throwIf } from '../../lib/errors';
import { kfoldSplit } from '../../ml/splits/kfold';
import type { RunBatchBundle } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import type { CellRunner, RunContext } from '../types';
import { dataFingerprint, framingOf, reuseKey } from './fingerprint';
import { readTrainData, splitFingerprint, trainProblem, type TrainData } from '../shared/train-data';
import { bestRun, crossValidation, metricValue } from './metrics';
import { planRuns, type PlannedRun } from './plan';
import { writePredictions } from './predictions';
import { ProgressReporter } from './progress';
import { doneRecord, failedRecord, ruleRecord, take, type Truth } from './records';
import type { BackendReport } from '../../../workers/training/api';
import type { CrossValidation, RunRecord, TrainCellProgress, TrainOutput } from './result';
import { bundleOf, findSaved, runsOf, saveBatch } from './stored';

/*
 * The train cell's runner: reads the features table once and sends it to the training worker
 * once (`load`), then trains the baseline, the cell's models, their folds and the search's trials
 * one after another on rows of it, scores each on the validation rows, and releases the data.
 *
 * Cancelling (the cell's signal) cancels the run in training and rejects with AppError
 * 'cancelled', as every other cell does: runs already finished are not kept, since a half-run
 * comparison would look complete.
 *
 * Every batch trained is saved (`ctx.runs`) under a key of its config and data; when a batch of
 * that key is saved already (a reload, a re-run of an unchanged cell), its runs are restored
 * instead of trained: same ids, same metrics, and the predictions table written again.
 */

interface Session {
  readonly ctx: RunContext<TrainCellProgress>;
  readonly data: TrainData;
  /** The data as loaded in the worker for this run. */
  readonly datasetId: string;
  readonly truth: Truth;
  readonly backend: BackendChoice;
  readonly progress: ProgressReporter;
}

function cancelled(): AppError {
  return new AppError('cancelled', 'Training was cancelled; no run was kept. Run the cell again to train.');
}

/** One call to the worker, cancelled with the cell; a worker that crashes is a failed event. */
async function trainOnce(
  s: Session,
  runId: string,
  spec: ModelSpec,
  train: Int32Array,
  validation: Int32Array,
): Promise<TrainOutcome> {
  const { ctx } = s;
  if (ctx.signal.aborted) throw cancelled();
  const onAbort = () => ctx.training.cancel(runId);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let last: TrainOutcome;
  try {
    last = await ctx.training.train(
      // Copies of the row lists: the browser's client transfers them, which leaves them empty here.
      {
        runId,
        datasetId: s.datasetId,
        spec,
        train: train.slice(),
        validation: validation.slice(),
        backend: s.backend,
      },
      (event) => s.progress.event(event),
    );
  } catch (e: unknown) {
    if (ctx.signal.aborted) throw cancelled();
    last = { type: 'failed', runId, code: 'internal', message: errorMessage(e) };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  if (ctx.signal.aborted) throw cancelled();
  return last;
}

/**
 * Loads the run's data in the worker once, for every model, trial and fold: the matrix itself is
 * transferred (the page needs no more of it after the fingerprint), the targets as a copy (the
 * metrics read them here). Released when the run ends, fails or is cancelled.
 */
async function withDataset<T>(
  ctx: RunContext,
  data: TrainData,
  use: (datasetId: string) => Promise<T>,
): Promise<T> {
  const datasetId = crypto.randomUUID();
  const { x, featureNames } = data;
  await ctx.training.load({ datasetId, x, y: data.y.slice(), columns: featureNames.length, featureNames });
  try {
    return await use(datasetId);
  } finally {
    ctx.training.release(datasetId);
  }
}

async function trainRun(s: Session, run: PlannedRun): Promise<RunRecord> {
  const id = crypto.randomUUID();
  const startedMs = performance.now();
  s.progress.start(run.label);
  const last: TrainOutcome =
    run.problem === null
      ? await trainOnce(s, id, run.spec, s.data.train, s.data.validation)
      : { type: 'failed', runId: id, code: 'bad-input', message: run.problem };
  const curve = s.progress.finish();
  const common = { id, durationMs: performance.now() - startedMs, curve, backend: s.progress.backend };
  if (last.type === 'done') return doneRecord(run, common, last, s.truth);
  return failedRecord(run, common, last.code === 'cancelled' ? 'cancelled' : 'failed', last.message);
}

/** k-fold cross-validation on the training rows only (stratified for binary), on the brief's metric. */
async function crossValidate(s: Session, run: PlannedRun, k: number): Promise<CrossValidation> {
  const { train } = s.data;
  const folds = kfoldSplit(train.length, k, run.spec.seed, s.truth.task === 'binary', s.truth.train);
  const values: (number | null)[] = [];
  for (let f = 0; f < k; f++) {
    const fit = train.filter((_, i) => folds.fold[i] !== f);
    const held = train.filter((_, i) => folds.fold[i] === f);
    s.progress.start(`${run.label}: fold ${f + 1} of ${k}`);
    const last = await trainOnce(s, crypto.randomUUID(), run.spec, fit, held);
    s.progress.finish();
    values.push(last.type === 'done' ? metricValue(s.truth.metric, take(s.data.y, held), last.scores) : null);
  }
  return crossValidation(values);
}

function ruleLabel(brief: BriefConfig): string {
  return brief.baseline.kind === 'rule' ? `Rule: ${brief.baseline.sql.trim()}` : "The brief's rule";
}

// Cross-validated: the cell's models that can run. Not the baseline (nothing to learn) nor the
// search's trials (k times each would dwarf the search; pick a trial, then cross-validate it).
const validated = (run: PlannedRun, k: number | null): k is number =>
  k !== null && run.role === 'model' && run.problem === null;

/** Trains the planned runs in order (the rule scored after the baseline); with each run's ISO start time. */
async function trainPlanned(
  s: Session,
  planned: readonly PlannedRun[],
  k: number | null,
  brief: BriefConfig,
): Promise<{ runs: RunRecord[]; runStarts: string[] }> {
  const { data } = s;
  const runs: RunRecord[] = [];
  const runStarts: string[] = [];
  for (const run of planned) {
    const runStart = new Date().toISOString();
    const record = await trainRun(s, run);
    if (run.role === 'baseline' && record.status !== 'done') {
      // The baseline learns nothing: its failure is the data's, and every model would fail alike.
      throw new AppError('bad-input', record.message ?? 'The baseline could not be trained.');
    }
    let cv: CrossValidation | null = null;
    if (validated(run, k)) {
      if (record.status === 'done') cv = await crossValidate(s, run, k);
      else s.progress.skip(k);
    }
    runs.push(cv === null ? record : { ...record, cv });
    runStarts.push(runStart);
    if (run.role === 'baseline' && data.rule !== null) {
      runStarts.push(new Date().toISOString());
      runs.push(ruleRecord(data.rule, data, ruleLabel(brief), s.truth));
    }
  }
  return { runs, runStarts };
}

/** The saved batch as this cell's result: nothing is trained, the predictions table is written again. */
async function restore(
  ctx: RunContext<TrainCellProgress>,
  config: TrainConfig,
  brief: BriefConfig,
  saved: RunBatchBundle,
  backends: BackendReport | null,
): Promise<TrainOutput> {
  const { batch } = saved;
  const runs = runsOf(saved);
  if (ctx.signal.aborted) throw cancelled();
  await writePredictions(ctx.engine, config.output, runs, batch.validationRowIds, batch.validationTruth);
  return {
    kind: 'train',
    input: config.input,
    output: config.output,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    featureNames: batch.data.featureNames,
    rows: batch.data.rows,
    validationRowIds: batch.validationRowIds,
    validationTruth: batch.validationTruth,
    splitFingerprint: batch.data.splitFingerprint,
    backends: backends ?? batch.backends,
    runs,
    best: bestRun(runs, brief.metric),
    storage: { state: 'restored', batchId: batch.id, trainedAt: batch.finishedAt },
  };
}

export const runTrain: CellRunner<'train', TrainOutput, TrainCellProgress> = async (ctx, cell) => {
  const brief = framing(ctx.brief);
  const { config } = cell;
  throwIf(trainProblem(config));
  // Asked at once, awaited at the end: the worker starts while the table is read.
  const backends = ctx.training.backends().catch(() => null);
  const data = await readTrainData(ctx.engine, config.input, brief, ctx.signal);
  const k = config.folds !== null && config.folds >= 2 ? config.folds : null;
  if (k !== null && k > data.train.length) {
    throw new AppError(
      'bad-input',
      `${k}-fold cross-validation needs at least ${k} training rows; there are ${data.train.length}. Use fewer folds.`,
    );
  }
  const framed = framingOf(brief);
  const fingerprint = await dataFingerprint(data);
  const appVersion = ctx.runs.appVersion;
  const key = await reuseKey({ config, framing: framed, dataFingerprint: fingerprint, appVersion });
  const saved = await findSaved(ctx.runs, key);
  if (saved !== null) return restore(ctx, config, brief, saved, await backends);
  const startedAt = new Date().toISOString();
  const lineage = ctx.runs.lineage();
  const planned = planRuns(config, brief.task);
  const total = planned.length + (k ?? 0) * planned.filter((run) => validated(run, k)).length;
  const truth: Truth = {
    task: brief.task,
    metric: brief.metric,
    train: take(data.y, data.train),
    validation: take(data.y, data.validation),
  };
  const progress = new ProgressReporter((p) => ctx.report(p), total);
  const { runs, runStarts } = await withDataset(ctx, data, (datasetId) =>
    trainPlanned({ ctx, data, datasetId, truth, backend: config.backend, progress }, planned, k, brief),
  );
  const validationRowIds =
    data.rowIds instanceof Int32Array
      ? Int32Array.from(data.validation, (i) => data.rowIds[i] ?? 0)
      : Float64Array.from(data.validation, (i) => data.rowIds[i] ?? 0);
  if (ctx.signal.aborted) throw cancelled();
  await writePredictions(ctx.engine, config.output, runs, validationRowIds, truth.validation);
  const rows = { train: data.train.length, validation: data.validation.length };
  const trained = {
    runs,
    best: bestRun(runs, brief.metric),
    backends: await backends,
    validationRowIds,
    validationTruth: truth.validation,
  };
  const split = await splitFingerprint(data);
  const facts = {
    id: crypto.randomUUID(),
    cellId: cell.id,
    key,
    startedAt,
    finishedAt: new Date().toISOString(),
    config,
    framing: framed,
    lineage,
    runStarts,
    data: {
      input: config.input,
      output: config.output,
      fingerprint,
      splitFingerprint: split,
      featureNames: data.featureNames,
      rows,
    },
  };
  return {
    kind: 'train',
    input: config.input,
    output: config.output,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    featureNames: data.featureNames,
    rows,
    splitFingerprint: split,
    ...trained,
    storage: await saveBatch(ctx.runs, bundleOf(ctx.runs, facts, trained)),
  };
};
