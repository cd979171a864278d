import type {
  BackendChoice,
  MlpCheckpoint,
  ModelSpec,
  TrainOutcome,
  TrainProgressEvent,
} from '../../../workers/training/api';
import { AppError, errorMessage, throwIf } from '../../lib/errors';
import { kfoldSplit } from '../../ml/splits/kfold';
import type { InterruptedBatch, RunBatchBundle } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import type { CellRunner, RunContext } from '../types';
import { dataFingerprint, framingOf, lineageFingerprint, reuseKey } from './fingerprint';
import { readTrainData, splitFingerprint, trainProblem, type TrainData } from '../shared/train-data';
import { bestRun, crossValidation, metricValue } from './metrics';
import { planRuns, type PlannedRun } from './plan';
import { writePredictions } from './predictions';
import { predictionSource } from '../shared/predictions';
import { ProgressReporter } from './progress';
import { classCount, doneRecord, failedRecord, ruleRecord, take, type Truth } from './records';
import type { BackendReport } from '../../../workers/training/api';
import type { CrossValidation, RunRecord, RunStorage, TrainCellProgress, TrainOutput } from './result';
import { CHECKPOINT_EVERY_EPOCHS, LiveTraining } from './live';
import { bundleOf, findSaved, runsOf, saveBatch } from './stored';
import { randomId } from '../../lib/random-id';

/*
 * The train cell's runner: reads the features table once and sends it to the training worker
 * once (`load`), then trains the baseline, the cell's models, their folds and the search's trials
 * one after another on rows of it, scores each on the validation rows, and releases the data.
 *
 * Cancelling (the cell's signal) cancels the run in training and rejects with AppError
 * 'cancelled', as every other cell does. The runs that finished before are kept, with the
 * cancelled run and its curve so far, as a batch that is never reused for the key (a half-run
 * comparison must not pass for a complete one): the next run trains again.
 *
 * While it trains, the batch is journaled (`LiveTraining`): a crash, a reload or a closed tab
 * leaves it stored as interrupted, a network with its checkpoint of every few epochs. Running
 * the cell again shows the interrupted batch; Resume (`ctx.runs.resume`) continues it, reusing
 * the runs that finished and the interrupted network's checkpoint, and the finished batch
 * replaces the interrupted one.
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
  /** The record of the batch in training; null while cross-validating, or in tests without one. */
  readonly live: LiveTraining | null;
  /** The interrupted batch this run resumes; null for a fresh run. */
  readonly resumed: InterruptedBatch | null;
}

function cancelled(kept = 0): AppError {
  return new AppError(
    'cancelled',
    kept === 0
      ? 'Training was cancelled; no run had finished. Run the cell again to train.'
      : `Training was cancelled; the ${kept === 1 ? 'run' : `${kept} runs`} that finished before ${kept === 1 ? 'is' : 'are'} kept, with the cancelled one (see Runs). Run the cell again to train.`,
  );
}

const isCancelled = (e: unknown): boolean => e instanceof AppError && e.code === 'cancelled';

/** One call to the worker, cancelled with the cell; a worker that crashes is a failed event. */
async function trainOnce(
  s: Session,
  runId: string,
  spec: ModelSpec,
  train: Int32Array,
  validation: Int32Array,
  journaled: { readonly resume: MlpCheckpoint | null } | null = null,
): Promise<TrainOutcome> {
  const { ctx } = s;
  const startedMs = performance.now();
  const live = journaled ? s.live : null;
  const onEvent = (event: TrainProgressEvent): void => {
    s.progress.event(event);
    if (!live) return;
    if (event.type === 'checkpoint') live.checkpoint(runId, event.reason, event.checkpoint);
    else if (event.type === 'epoch' || event.type === 'progress') {
      live.progress(s.progress.curve, s.progress.backend, performance.now() - startedMs);
    }
  };
  const checkpoints =
    live && spec.kind === 'mlp'
      ? { checkpoints: { everyEpochs: CHECKPOINT_EVERY_EPOCHS, resume: journaled?.resume ?? null } }
      : {};
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
        ...checkpoints,
      },
      onEvent,
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
  const datasetId = randomId();
  const { x, featureNames } = data;
  const classes = data.classes === null ? {} : { classes: data.classes };
  await ctx.training.load({
    datasetId,
    x,
    y: data.y.slice(),
    columns: featureNames.length,
    featureNames,
    ...classes,
  });
  try {
    return await use(datasetId);
  } finally {
    ctx.training.release(datasetId);
  }
}

/**
 * Trains one planned run (journaled as the run in training). `resume`: the interrupted run this
 * one continues, with its id, from its checkpoint. Cancelling gives a `cancelled` record with the
 * curve so far.
 */
async function trainRun(
  s: Session,
  run: PlannedRun,
  resume: { readonly id: string; readonly checkpoint: MlpCheckpoint | null } | null,
): Promise<RunRecord> {
  const id = resume?.id ?? randomId();
  const startedMs = performance.now();
  s.progress.start(run.label);
  if (resume?.checkpoint) s.progress.resumeFrom(resume.checkpoint.curve);
  s.live?.start(id, run, new Date().toISOString());
  let last: TrainOutcome;
  try {
    last =
      run.problem === null
        ? await trainOnce(s, id, run.spec, s.data.train, s.data.validation, {
            resume: resume?.checkpoint ?? null,
          })
        : { type: 'failed', runId: id, code: 'bad-input', message: run.problem };
  } catch (e: unknown) {
    if (!isCancelled(e)) throw e;
    last = { type: 'failed', runId: id, code: 'cancelled', message: cancelledAt(s.progress.curve) };
  }
  const curve = s.progress.finish();
  const common = { id, durationMs: performance.now() - startedMs, curve, backend: s.progress.backend };
  if (last.type === 'done') return doneRecord(run, common, last, s.truth);
  return failedRecord(run, common, last.code === 'cancelled' ? 'cancelled' : 'failed', last.message);
}

function cancelledAt(curve: readonly { step: number }[]): string {
  const last = curve.at(-1);
  return last
    ? `Cancelled after step ${last.step}; its curve so far is kept.`
    : 'Cancelled before its first step.';
}

/** k-fold cross-validation on the training rows only (stratified for binary), on the brief's metric. */
async function crossValidate(s: Session, run: PlannedRun, k: number): Promise<CrossValidation> {
  const { train } = s.data;
  const folds = kfoldSplit(train.length, k, run.spec.seed, s.truth.task !== 'regression', s.truth.train);
  const values: (number | null)[] = [];
  for (let f = 0; f < k; f++) {
    const fit = train.filter((_, i) => folds.fold[i] !== f);
    const held = train.filter((_, i) => folds.fold[i] === f);
    s.progress.start(`${run.label}: fold ${f + 1} of ${k}`);
    const last = await trainOnce(s, randomId(), run.spec, fit, held);
    s.progress.finish();
    const done = last.type === 'done';
    values.push(
      done ? metricValue(s.truth.metric, take(s.data.y, held), last.scores, classCount(s.truth)) : null,
    );
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

interface Trained {
  readonly runs: RunRecord[];
  readonly runStarts: string[];
  /** Cancelled part-way: `runs` ends with the cancelled run. */
  readonly cancelled: boolean;
}

/**
 * Trains the planned runs in order (the rule scored after the baseline); with each run's ISO
 * start time. Resuming, the runs the interrupted batch finished are taken as they are, and its
 * interrupted run continues from its checkpoint.
 */
async function trainPlanned(
  s: Session,
  planned: readonly PlannedRun[],
  k: number | null,
  brief: BriefConfig,
): Promise<Trained> {
  const { data } = s;
  const runs: RunRecord[] = [];
  const runStarts: string[] = [];
  const earlier = s.resumed ? runsOf(s.resumed.bundle) : [];
  const keep = (record: RunRecord, start: string): void => {
    runs.push(record);
    runStarts.push(start);
    s.live?.finish(record, start);
  };
  for (const run of planned) {
    const before = earlier[runs.length];
    const startedBefore = s.resumed?.bundle.runs[runs.length]?.startedAt;
    if (before && startedBefore && before.status !== 'interrupted' && before.label === run.label) {
      keep(before, startedBefore);
      s.progress.skip(1 + (validated(run, k) ? k : 0));
    } else {
      const resume =
        before?.status === 'interrupted'
          ? { id: before.id, checkpoint: s.resumed?.checkpoint?.checkpoint ?? null }
          : null;
      const runStart = new Date().toISOString();
      const record = await trainRun(s, run, resume);
      if (record.status === 'cancelled') {
        keep(record, runStart);
        return { runs, runStarts, cancelled: true };
      }
      if (run.role === 'baseline' && record.status !== 'done') {
        // The baseline learns nothing: its failure is the data's, and every model would fail alike.
        throw new AppError('bad-input', record.message ?? 'The baseline could not be trained.');
      }
      let cv: CrossValidation | null = null;
      if (validated(run, k)) {
        if (record.status === 'done') {
          try {
            cv = await crossValidate(s, run, k);
          } catch (e: unknown) {
            if (!isCancelled(e)) throw e;
            keep(record, runStart);
            return { runs, runStarts, cancelled: true };
          }
        } else s.progress.skip(k);
      }
      keep(cv === null ? record : { ...record, cv }, runStart);
    }
    if (run.role === 'baseline' && data.rule !== null) {
      const ruleBefore = earlier[runs.length];
      const ruleStart = s.resumed?.bundle.runs[runs.length]?.startedAt;
      if (ruleBefore?.role === 'rule' && ruleStart) keep(ruleBefore, ruleStart);
      else keep(ruleRecord(data.rule, data, ruleLabel(brief), s.truth), new Date().toISOString());
    }
  }
  return { runs, runStarts, cancelled: false };
}

/**
 * A stored batch as this cell's result: nothing is trained, the predictions table is written
 * again. `storage` says whether it is a saved batch restored or an interrupted one shown.
 */
async function restore(
  ctx: RunContext<TrainCellProgress>,
  config: TrainConfig,
  brief: BriefConfig,
  saved: RunBatchBundle,
  backends: BackendReport | null,
  storage: RunStorage = { state: 'restored', batchId: saved.batch.id, trainedAt: saved.batch.finishedAt },
): Promise<TrainOutput> {
  const { batch } = saved;
  const runs = runsOf(saved);
  if (ctx.signal.aborted) throw cancelled();
  const classes = batch.data.classes ?? null;
  await writePredictions(
    ctx.engine,
    config.output,
    runs,
    batch.validationRowIds,
    batch.validationTruth,
    classes,
    // The chain the batch recorded is the chain now: the reuse key holds its fingerprint.
    predictionSource(batch.lineage, batch.data.input),
  );
  return {
    kind: 'train',
    input: config.input,
    output: config.output,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    featureNames: batch.data.featureNames,
    rows: batch.data.rows,
    classes,
    validationRowIds: batch.validationRowIds,
    validationTruth: batch.validationTruth,
    splitFingerprint: batch.data.splitFingerprint,
    backends: backends ?? batch.backends,
    runs,
    best: bestRun(runs, brief.metric),
    storage,
  };
}

/** The interrupted batch of this key, or null; a storage that fails to answer is a reason to train. */
async function findInterrupted(ctx: RunContext, key: string): Promise<InterruptedBatch | null> {
  try {
    const found = await ctx.runs.findInterrupted(key);
    if (found) runsOf(found.bundle);
    return found;
  } catch {
    return null;
  }
}

function interruptedStorage(found: InterruptedBatch): RunStorage {
  return {
    state: 'interrupted',
    batchId: found.bundle.batch.id,
    trainedAt: found.bundle.batch.startedAt,
    message: found.run.message ?? 'Interrupted while it trained.',
  };
}

export const runTrain: CellRunner<'train', TrainOutput, TrainCellProgress> = async (ctx, cell) => {
  const brief = framing(ctx.brief);
  const { config } = cell;
  throwIf(trainProblem(config));
  // Asked at once, awaited later: the worker starts (and, for a network on auto on a device not
  // calibrated yet, measures its backends) while the table is read.
  const measure =
    config.backend === 'auto' && planRuns(config, brief.task).some((run) => run.spec.kind === 'mlp');
  const backends = ctx.training.backends({ measure }).catch(() => null);
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
  // The chain as it stands when training starts: an edit during training must not change it.
  const lineage = ctx.runs.lineage();
  const key = await reuseKey({
    config,
    framing: framed,
    dataFingerprint: fingerprint,
    lineageFingerprint: await lineageFingerprint(lineage),
    appVersion,
  });
  const saved = await findSaved(ctx.runs, key);
  if (saved !== null) return restore(ctx, config, brief, saved, await backends);
  const interrupted = await findInterrupted(ctx, key);
  if (interrupted !== null && !ctx.runs.resume) {
    return restore(ctx, config, brief, interrupted.bundle, await backends, interruptedStorage(interrupted));
  }
  const validationRowIds =
    data.rowIds instanceof Int32Array
      ? Int32Array.from(data.validation, (i) => data.rowIds[i] ?? 0)
      : Float64Array.from(data.validation, (i) => data.rowIds[i] ?? 0);
  const rows = { train: data.train.length, validation: data.validation.length };
  const split = await splitFingerprint(data);
  const facts = {
    id: interrupted?.bundle.batch.id ?? randomId(),
    cellId: cell.id,
    key,
    startedAt: interrupted?.bundle.batch.startedAt ?? new Date().toISOString(),
    config,
    framing: framed,
    lineage,
    data: {
      input: config.input,
      output: config.output,
      fingerprint,
      splitFingerprint: split,
      featureNames: data.featureNames,
      rows,
      ...(data.classes === null ? {} : { classes: data.classes }),
    },
  };
  const truth: Truth = {
    task: brief.task,
    metric: brief.metric,
    train: take(data.y, data.train),
    validation: take(data.y, data.validation),
    classes: data.classes,
  };
  const frame = {
    runs: [],
    best: null,
    backends: await backends,
    validationRowIds,
    validationTruth: truth.validation,
  };
  const prototype = bundleOf(ctx.runs, { ...facts, finishedAt: facts.startedAt, runStarts: [] }, frame).batch;
  const live = await openLive(ctx, prototype);
  const planned = planRuns(config, brief.task);
  const total = planned.length + (k ?? 0) * planned.filter((run) => validated(run, k)).length;
  const s: Omit<Session, 'datasetId'> = {
    ctx,
    data,
    truth,
    backend: config.backend,
    progress: new ProgressReporter((p) => ctx.report(p), total),
    live,
    resumed: interrupted,
  };
  let closed = false;
  const close = async (outcome: 'saved' | 'discard'): Promise<void> => {
    closed = true;
    await live.close(outcome);
  };
  try {
    const outcome = await withDataset(ctx, data, (datasetId) =>
      trainPlanned({ ...s, datasetId }, planned, k, brief),
    );
    const trained = { ...frame, runs: outcome.runs, best: bestRun(outcome.runs, brief.metric) };
    const bundle = () =>
      bundleOf(
        ctx.runs,
        { ...facts, finishedAt: new Date().toISOString(), runStarts: outcome.runStarts },
        trained,
      );
    const replacing = { replacing: interrupted !== null };
    if (outcome.cancelled || ctx.signal.aborted) {
      // Cancel keeps what finished, and the cancelled run with its curve so far.
      await live.settle();
      const kept = outcome.runs.length > 0 ? await saveBatch(ctx.runs, bundle(), replacing) : null;
      await close(kept?.state === 'saved' ? 'saved' : 'discard');
      throw cancelled(outcome.runs.filter((r) => r.status !== 'cancelled').length);
    }
    await writePredictions(
      ctx.engine,
      config.output,
      outcome.runs,
      validationRowIds,
      truth.validation,
      data.classes,
      predictionSource(lineage, config.input),
    );
    await live.settle();
    const storage = await saveBatch(ctx.runs, bundle(), replacing);
    await close(storage.state === 'saved' ? 'saved' : 'discard');
    return {
      kind: 'train',
      input: config.input,
      output: config.output,
      task: brief.task,
      metric: brief.metric,
      bar: brief.bar,
      featureNames: data.featureNames,
      rows,
      classes: data.classes,
      splitFingerprint: split,
      ...trained,
      storage,
    };
  } finally {
    if (!closed) await live.close('discard');
  }
};

/** The journal of the batch (waiting for another tab's training to end); a cancel while waiting is a cancel. */
async function openLive(ctx: RunContext, batch: RunBatchBundle['batch']): Promise<LiveTraining> {
  try {
    return await LiveTraining.open(ctx.runs, batch, ctx.signal);
  } catch (e: unknown) {
    if (ctx.signal.aborted) throw cancelled();
    throw e;
  }
}
