import { AppError, errorMessage, toAppError } from '../../lib/errors';
import { asRunId, type CellId } from '../../notebook/ids';
import type {
  RunBatch,
  RunBatchBundle,
  RunFraming,
  RunLineage,
  StoredRun,
  TrainingData,
} from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { RunsPort } from '../types';
import type { RunRecord, RunStorage, TrainResult } from './result';

/*
 * A train cell's runs to and from their stored records: the runner saves every batch it trains
 * and restores a saved batch instead of training again (same key: same config, same data).
 */

/** What the runner knows of a batch it trained, besides its runs. */
export interface BatchFacts {
  readonly id: string;
  readonly cellId: CellId;
  readonly key: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly config: TrainConfig;
  readonly framing: RunFraming;
  readonly data: TrainingData;
  /** The chain of cells as it was when training started (an edit during training must not change it). */
  readonly lineage: RunLineage;
  /** ISO start time of each run, in the order of `runs`. */
  readonly runStarts: readonly string[];
}

type Trained = Pick<TrainResult, 'runs' | 'best' | 'backends' | 'validationRowIds' | 'validationTruth'>;

export function bundleOf(port: RunsPort, facts: BatchFacts, trained: Trained): RunBatchBundle {
  const batch: RunBatch = {
    id: facts.id,
    caseId: port.caseId,
    cellId: facts.cellId,
    key: facts.key,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    appVersion: port.appVersion,
    config: facts.config,
    framing: facts.framing,
    lineage: facts.lineage,
    data: facts.data,
    backends: trained.backends,
    runIds: trained.runs.map((r) => asRunId(r.id)),
    best: trained.best === null ? null : asRunId(trained.best),
    validationRowIds: trained.validationRowIds,
    validationTruth: trained.validationTruth,
  };
  const runs = trained.runs.map((r, index) =>
    storedRunOf(r, facts.id, index, facts.runStarts[index] ?? facts.startedAt),
  );
  const artifacts = trained.runs.map((r) => ({ runId: asRunId(r.id), model: r.model, scores: r.scores }));
  return { batch, runs, artifacts };
}

/** A run's record as stored (its model and scores go apart, in its artifact). */
export function storedRunOf(r: RunRecord, batchId: string, index: number, startedAt: string): StoredRun {
  return {
    id: asRunId(r.id),
    batchId,
    index,
    startedAt,
    label: r.label,
    role: r.role,
    group: r.group,
    spec: r.spec,
    params: r.params,
    status: r.status,
    message: r.message,
    backend: r.backend,
    durationMs: r.durationMs,
    metrics: r.metrics,
    trainMetric: r.trainMetric,
    cv: r.cv,
    curve: r.curve,
    detail: r.detail,
  };
}

/**
 * The runs of a stored batch as the train cell shows them, in the order they trained: the runs it
 * keeps (storage leaves out the ones deleted for good, and the rest is still a valid batch).
 */
export function runsOf(bundle: RunBatchBundle): RunRecord[] {
  const listed = new Set<string>(bundle.batch.runIds);
  const artifacts = new Map(bundle.artifacts.map((a) => [a.runId, a]));
  if (bundle.runs.length === 0 || bundle.artifacts.length !== bundle.runs.length)
    throw new AppError('internal', 'A stored batch holds no runs, or runs without their models.');
  return bundle.runs.map((run) => {
    const artifact = artifacts.get(run.id);
    if (!artifact || !listed.has(run.id))
      throw new AppError('internal', `Run ${run.id} of a stored batch is missing.`);
    return {
      id: run.id,
      label: run.label,
      role: run.role,
      group: run.group,
      spec: run.spec,
      params: run.params,
      status: run.status,
      message: run.message,
      backend: run.backend,
      durationMs: run.durationMs,
      metrics: run.metrics,
      trainMetric: run.trainMetric,
      cv: run.cv,
      curve: run.curve,
      detail: run.detail,
      model: artifact.model,
      scores: artifact.scores,
    };
  });
}

/**
 * The saved batch of this key, or null to train. A storage that fails to answer is a reason to
 * train, not to fail the cell: training gives the same runs.
 */
export async function findSaved(port: RunsPort, key: string): Promise<RunBatchBundle | null> {
  try {
    const bundle = await port.find(key);
    if (bundle === null) return null;
    runsOf(bundle);
    return bundle;
  } catch {
    return null;
  }
}

/**
 * Saves a batch just trained. A failure is reported on the result, never thrown: the runs stay
 * on screen, and the message says they are not saved and what to do.
 */
export async function saveBatch(
  port: RunsPort,
  bundle: RunBatchBundle,
  options: { replacing?: boolean } = {},
): Promise<RunStorage> {
  try {
    await port.save(bundle, options);
    return { state: 'saved', batchId: bundle.batch.id, trainedAt: bundle.batch.finishedAt };
  } catch (e: unknown) {
    const error = toAppError(e, 'storage');
    const why =
      error.code === 'quota'
        ? "the browser's storage is full"
        : `the browser's storage failed (${errorMessage(e)})`;
    return {
      state: 'not-saved',
      message:
        `These runs are shown here but were not saved: ${why}. They will be lost on reload. ` +
        'Free space (delete old runs for good in Runs, or old cases), or export the workspace, then run this cell again to save them.',
    };
  }
}
