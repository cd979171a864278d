import type { BackendReport, ModelSpec, TrainOutcome } from '../../../workers/training/api';
import type { StoredModel } from '../../notebook/runs';
import { errorMessage, AppError } from '../../lib/errors';
import { mulberry32 } from '../../ml/models/prng';
import { MlError } from '../../ml/metrics';
import { defaultCostMatrix, parseCostMatrix } from '../../ml/value/multiclass';
import { expectedValue, type OutcomeValues } from '../../ml/value/value';
import { decideClassesOf, type BundleDecision } from '../../notebook/bundle';
import { defaultModelSpec } from '../../notebook/model-types';
import type { Metric, Task } from '../../notebook/types';
import { metricValue } from '../shared/metric-value';
import { forTask, modelLabel } from '../shared/models';
import type { RunContext } from '../types';
import type { FoldData } from './fold';
import type { BacktestProgress, FoldRun } from './result';
import { randomId } from '../../lib/random-id';

/*
 * One fold's runs: the fold's matrix loaded in the training worker once, the baseline and each
 * model trained there on the training rows and scored on the test rows, the brief's rule scored
 * as it is; each judged on the brief's metric and on the business value at the cell's threshold.
 */

/** What every run of a fold is judged by. */
export interface Judge {
  readonly task: Task;
  readonly metric: Metric;
  readonly values: OutcomeValues;
  readonly threshold: number;
  /** Multiclass: the brief's cost matrix, in the order of its sorted classes; null: 0/1 costs. */
  readonly costs: readonly (readonly (number | null)[])[] | null;
}

/** A planned run of every fold: its key is the same in each, so runs line up across folds. */
export interface FoldModel {
  readonly key: string;
  readonly label: string;
  readonly role: 'baseline' | 'model';
  readonly spec: ModelSpec;
  readonly problem: string | null;
}

/** The baseline first, then the cell's models for the brief's task. */
export function foldModels(models: readonly ModelSpec[], task: Task, seed = 42): FoldModel[] {
  const baseline = defaultModelSpec('baseline', task, seed);
  return [
    { key: 'baseline', label: modelLabel(baseline), role: 'baseline', spec: baseline, problem: null },
    ...models.map((m, i): FoldModel => {
      const { spec, problem } = forTask(m, task);
      return { key: `model-${i}`, label: modelLabel(spec), role: 'model', spec, problem };
    }),
  ];
}

/**
 * At most `max` of the training positions, drawn without replacement by mulberry32(seed) and
 * kept in ascending order; all of them when there are no more than `max`.
 */
export function capRows(rows: Int32Array, max: number | null, seed: number): Int32Array {
  if (max === null || rows.length <= max) return rows;
  const pool = Int32Array.from(rows);
  const random = mulberry32(seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const a = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = a;
  }
  return pool.slice(0, max).sort();
}

const take = (y: Float32Array, rows: Int32Array): Float32Array => Float32Array.from(rows, (i) => y[i] ?? 0);

/**
 * The metric and the value per 1,000 test rows of scores on the fold's test rows. Multiclass
 * (`classes`: the fold's k classes; k probabilities per row): the metric of the arg-max decision
 * or of the probabilities, and minus the cost per 1,000 rows under the brief's cost matrix of the
 * brief's decision rule (`decideClassesOf`, as the score cell and the monitor decide): the class
 * of least expected cost when the brief has a matrix, else the most probable.
 */
export function judge(
  j: Judge,
  truth: Float32Array,
  scores: ArrayLike<number>,
  classes: readonly string[] | null = null,
) {
  if (j.task === 'multiclass') {
    if (classes === null) throw new AppError('internal', 'A multiclass fold was judged without its classes.');
    const k = classes.length;
    const probabilities = { data: Float64Array.from(scores), rows: truth.length, classes: k };
    const costs = costMatrixOf(j.costs, classes);
    const decided = decideClassesOf(probabilities, briefDecision(j.costs === null ? null : costs));
    return {
      metric: metricValue(j.metric, truth, scores, k),
      valuePerThousand: valueOfDecisions(truth, decided, costs),
    };
  }
  return {
    metric: metricValue(j.metric, truth, scores),
    valuePerThousand:
      j.task === 'binary' ? expectedValue(truth, scores, j.threshold, j.values).perThousand : null,
  };
}

/**
 * The brief's cost matrix for a fold's classes (0/1 costs without one). The brief orders its
 * matrix by every class of the target, sorted: a fold whose rows lack a class cannot be valued
 * with it, and is refused with what to do.
 */
function costMatrixOf(costs: Judge['costs'], classes: readonly string[]): number[][] {
  const k = classes.length;
  if (costs === null) return defaultCostMatrix(k);
  if (costs.length !== k)
    throw new AppError(
      'bad-input',
      `The brief's cost matrix is ${costs.length} × ${costs.length} but a fold's training rows hold ${k} classes (${classes.join(', ')}): use longer periods, so that every fold sees every class.`,
    );
  try {
    return parseCostMatrix(costs, classes);
  } catch (e: unknown) {
    if (e instanceof MlError)
      throw new AppError('bad-input', `${e.message} Fix it in the Brief cell.`, { cause: e });
    throw e;
  }
}

/** The brief's multiclass decision as a bundle states it: with its cost matrix, the least expected cost. */
function briefDecision(costs: number[][] | null): BundleDecision {
  const base = { task: 'multiclass', positive: null, threshold: null, values: null, unitCost: null } as const;
  return costs === null ? base : { ...base, costs };
}

/** Minus the cost per 1,000 rows of deciding `decided` (class indices); null when a row got no class (NaN scores). */
function valueOfDecisions(truth: Float32Array, decided: Int32Array, costs: readonly (readonly number[])[]) {
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = decided[i] ?? -1;
    if (p < 0) return null;
    total += costs[truth[i] ?? 0]?.[p] ?? 0;
  }
  return truth.length === 0 ? null : -(total / truth.length) * 1000;
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The backtest was cancelled; no fold was kept. Run the cell again.');
}

async function trainOne(
  ctx: RunContext<BacktestProgress>,
  datasetId: string,
  spec: ModelSpec,
  train: Int32Array,
  test: Int32Array,
): Promise<TrainOutcome> {
  const runId = randomId();
  if (ctx.signal.aborted) throw cancelled();
  const onAbort = () => ctx.training.cancel(runId);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Copies: the browser's client transfers the row lists, which leaves them empty here.
    return await ctx.training.train(
      { runId, datasetId, spec, train: train.slice(), validation: test.slice(), backend: 'auto' },
      () => undefined,
    );
  } catch (e: unknown) {
    if (ctx.signal.aborted) throw cancelled();
    return { type: 'failed', runId, code: 'internal', message: errorMessage(e) };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** A fold's run with what is stored of it: the model, the test rows' scores, when it started. */
export interface TrainedRun extends FoldRun {
  readonly id: string;
  readonly spec: ModelSpec | null;
  readonly startedAt: string;
  readonly backend: BackendReport | null;
  readonly model: StoredModel | null;
  readonly scores: Float32Array | null;
}

/** Trains and scores every run of one fold; the fold's data is released from the worker after. */
export async function runFold(
  ctx: RunContext<BacktestProgress>,
  data: FoldData,
  models: readonly FoldModel[],
  j: Judge,
  trainRows: Int32Array,
  progress: (step: string) => void,
): Promise<TrainedRun[]> {
  const truth = take(data.y, data.test);
  const datasetId = randomId();
  await ctx.training.load({
    datasetId,
    x: data.x,
    y: data.y.slice(),
    ...(data.classes === null ? {} : { classes: data.classes }),
    columns: data.featureNames.length,
    featureNames: data.featureNames,
  });
  const runs: TrainedRun[] = [];
  try {
    for (const model of models) {
      progress(model.label);
      const started = performance.now();
      const startedAt = new Date().toISOString();
      const outcome: TrainOutcome =
        model.problem === null
          ? await trainOne(ctx, datasetId, model.spec, trainRows, data.test)
          : { type: 'failed', runId: '', code: 'bad-input', message: model.problem };
      if (ctx.signal.aborted) throw cancelled();
      const common = {
        id: randomId(),
        key: model.key,
        label: model.label,
        role: model.role,
        spec: model.spec,
        startedAt,
        durationMs: performance.now() - started,
      };
      if (outcome.type === 'done') {
        const { scores, artifact, backend } = outcome;
        runs.push({
          ...common,
          ...judge(j, truth, scores, data.classes),
          fitMs: outcome.fitMs,
          message: null,
          backend,
          model: artifact,
          scores,
        });
      } else {
        const failed = {
          metric: null,
          valuePerThousand: null,
          fitMs: null,
          backend: null,
          model: null,
          scores: null,
        };
        runs.push({ ...common, ...failed, message: outcome.message });
      }
      if (model.role === 'baseline' && data.rule !== null && j.task === 'binary') {
        const scores = take(data.rule, data.test);
        runs.push({
          ...common,
          id: randomId(),
          key: 'rule',
          label: "The brief's rule",
          role: 'rule',
          spec: null,
          durationMs: 0,
          fitMs: null,
          ...judge(j, truth, scores),
          message: null,
          backend: null,
          model: null,
          scores,
        });
      }
    }
  } finally {
    ctx.training.release(datasetId);
  }
  return runs;
}
