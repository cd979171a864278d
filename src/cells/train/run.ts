import type { BackendChoice, ModelSpec, TrainEvent } from '../../../workers/training/api';
import { AppError, errorMessage } from '../../lib/errors';
import { kfoldSplit } from '../../ml/splits/kfold';
import type { BriefConfig } from '../../notebook/types';
import { framing } from '../features/run';
import type { CellOutput, CellRunner, RunContext } from '../types';
import { readTrainData, splitFingerprint, type TrainData } from './input';
import { bestRun, crossValidation, metricValue } from './metrics';
import { planRuns, type PlannedRun } from './plan';
import { writePredictions } from './predictions';
import { ProgressReporter } from './progress';
import { doneRecord, failedRecord, ruleRecord, take, type Truth } from './records';
import type { CrossValidation, RunRecord } from './result';

export { metricHigherIsBetter } from './metrics';

/*
 * The train cell's runner: reads the features table once, then trains the baseline, the cell's
 * models and the search's trials one after another in the training worker, each on fresh copies
 * of the arrays (the worker takes them), and scores each on the validation rows.
 *
 * Cancelling (the cell's signal) cancels the run in training and rejects with AppError
 * 'cancelled', as every other cell does: runs already finished are not kept, since a half-run
 * comparison would look complete.
 */

interface Session {
  readonly ctx: RunContext;
  readonly data: TrainData;
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
): Promise<TrainEvent> {
  const { ctx, data } = s;
  if (ctx.signal.aborted) throw cancelled();
  const onAbort = () => ctx.training.cancel(runId);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let last: TrainEvent;
  try {
    last = await ctx.training.train(
      {
        runId,
        spec,
        // Copies: the browser's client transfers these buffers, which leaves them empty here.
        x: data.x.slice(),
        columns: data.featureNames.length,
        featureNames: data.featureNames,
        y: data.y.slice(),
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

async function trainRun(s: Session, run: PlannedRun): Promise<RunRecord> {
  const id = crypto.randomUUID();
  const startedMs = performance.now();
  s.progress.start(run.label);
  const last: TrainEvent =
    run.problem === null
      ? await trainOnce(s, id, run.spec, s.data.train, s.data.validation)
      : { type: 'failed', runId: id, code: 'bad-input', message: run.problem };
  const curve = s.progress.finish();
  const common = { id, durationMs: performance.now() - startedMs, curve, backend: s.progress.backend };
  if (last.type === 'done') return doneRecord(run, common, last, s.truth);
  if (last.type === 'failed') {
    return failedRecord(run, common, last.code === 'cancelled' ? 'cancelled' : 'failed', last.message);
  }
  throw new AppError('internal', `Training ended with a "${last.type}" event.`);
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

export const runTrain: CellRunner<'train'> = async (ctx, cell): Promise<CellOutput> => {
  const brief = framing(ctx.brief);
  const { config } = cell;
  if (config.models.length === 0 && config.search === null) {
    throw new AppError(
      'invalid-document',
      'Add at least one model to train: the baseline alone has nothing to be compared with.',
    );
  }
  // Asked at once, awaited at the end: the worker starts while the table is read.
  const backends = ctx.training.backends().catch(() => null);
  const data = await readTrainData(ctx.engine, config.input, brief, ctx.signal);
  const k = config.folds !== null && config.folds >= 2 ? config.folds : null;
  if (k !== null && k > data.train.length) {
    throw new AppError(
      'invalid-document',
      `${k}-fold cross-validation needs at least ${k} training rows; there are ${data.train.length}. Use fewer folds.`,
    );
  }
  const planned = planRuns(config, brief.task);
  // Cross-validated: the cell's models that can run. Not the baseline (nothing to learn) nor the
  // search's trials (k times each would dwarf the search; pick a trial, then cross-validate it).
  const validated = (run: PlannedRun) => k !== null && run.role === 'model' && run.problem === null;
  const total = planned.length + (k ?? 0) * planned.filter(validated).length;
  const s: Session = {
    ctx,
    data,
    truth: {
      task: brief.task,
      metric: brief.metric,
      train: take(data.y, data.train),
      validation: take(data.y, data.validation),
    },
    backend: config.backend,
    progress: new ProgressReporter((p) => ctx.report(p), total),
  };
  const runs: RunRecord[] = [];
  for (const run of planned) {
    const record = await trainRun(s, run);
    if (run.role === 'baseline' && record.status !== 'done') {
      // The baseline learns nothing: its failure is the data's, and every model would fail alike.
      throw new AppError('invalid-document', record.message ?? 'The baseline could not be trained.');
    }
    let cv: CrossValidation | null = null;
    if (k !== null && validated(run)) {
      if (record.status === 'done') cv = await crossValidate(s, run, k);
      else s.progress.skip(k);
    }
    runs.push(cv === null ? record : { ...record, cv });
    if (run.role === 'baseline' && data.rule !== null && brief.task === 'binary') {
      runs.push(ruleRecord(data.rule, data, ruleLabel(brief), s.truth));
    }
  }
  const validationRowIds =
    data.rowIds instanceof Int32Array
      ? Int32Array.from(data.validation, (i) => data.rowIds[i] ?? 0)
      : Float64Array.from(data.validation, (i) => data.rowIds[i] ?? 0);
  if (ctx.signal.aborted) throw cancelled();
  await writePredictions(ctx.engine, config.output, runs, validationRowIds, s.truth.validation);
  return {
    kind: 'train',
    input: config.input,
    output: config.output,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    featureNames: data.featureNames,
    rows: { train: data.train.length, validation: data.validation.length },
    validationRowIds,
    validationTruth: s.truth.validation,
    splitFingerprint: await splitFingerprint(data),
    backends: await backends,
    runs,
    best: bestRun(runs, brief.metric),
  };
};
