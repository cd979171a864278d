import type { SqlEngine } from '../../data/engine';
import { AppError, errorMessage } from '../../lib/errors';
import { describeChange, diffLineage } from '../../notebook/lineage';
import type { RunBatch, RunLineage, StoredRun } from '../../notebook/runs';
import { METRICS, type Metric } from '../../notebook/metrics';
import { defaultBrief } from '../../notebook/kinds/brief';
import type { BriefConfig } from '../../notebook/types';
import type { TrainingPort } from '../types';
import { dataFingerprint } from './fingerprint';
import { readTrainData, type TrainData } from '../shared/train-data';
import { metricValues } from './metrics';
import { take } from './records';
import { randomId } from '../../lib/random-id';

/*
 * Reproduce: train a stored run again from its record and say whether its metrics come out the
 * same. The features matrix is not stored, so it is read again from the case's tables, and used
 * only if its fingerprint is the run's: otherwise the data changed, and the lineage says where.
 */

export interface ReproduceDeps {
  readonly engine: SqlEngine;
  readonly training: TrainingPort;
  readonly signal: AbortSignal;
  /** The chain of the run's train cell as the case stands now. */
  readonly lineage: RunLineage;
  /** The case's brief now (its positive class words the messages), or null. */
  readonly brief: BriefConfig | null;
}

export interface MetricCheck {
  readonly metric: Metric;
  readonly stored: number | null;
  readonly now: number | null;
  readonly match: boolean;
}

export type Reproduction =
  | { readonly kind: 'reproduced'; readonly match: boolean; readonly metrics: readonly MetricCheck[] }
  /** The data is not the run's: `changes` are the links of the chain that differ. */
  | { readonly kind: 'data-changed'; readonly message: string; readonly changes: readonly string[] }
  | { readonly kind: 'not-possible'; readonly message: string };

/** Equal, or within float noise: 1e-9 relative (the same code on another backend may round differently). */
export function sameMetric(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

function briefFor(batch: RunBatch, brief: BriefConfig | null): BriefConfig {
  // Without a brief, the batch's framing over a new brief's other fields.
  return { ...(brief ?? defaultBrief()), ...batch.framing };
}

function dataChanged(batch: RunBatch, lineage: RunLineage, why: string): Reproduction {
  const changes = diffLineage(batch.lineage, lineage).map(describeChange);
  const where =
    changes.length > 0
      ? 'What differs in the chain that made it:'
      : 'No cell of the chain that made it changed; the data it read did (or this version of the app reads it differently).';
  return { kind: 'data-changed', message: `${why} ${where}`, changes };
}

/** The run's validation scores, trained again (or, for the rule, read again). */
async function scoresAgain(deps: ReproduceDeps, batch: RunBatch, run: StoredRun, data: TrainData) {
  if (run.role === 'rule') {
    if (data.rule === null) throw new AppError('bad-input', 'The table has no rule column any more.');
    return take(data.rule, data.validation);
  }
  if (run.spec === null) throw new AppError('internal', 'This run has no model spec to train.');
  const runId = randomId();
  const datasetId = randomId();
  const onAbort = () => deps.training.cancel(runId);
  deps.signal.addEventListener('abort', onAbort, { once: true });
  const { x, featureNames } = data;
  try {
    // The matrix is transferred (not needed here afterwards); the targets and rows go as copies.
    const classes = data.classes === null ? {} : { classes: data.classes };
    await deps.training.load({
      datasetId,
      x,
      y: data.y.slice(),
      columns: featureNames.length,
      featureNames,
      ...classes,
    });
    const last = await deps.training.train(
      {
        runId,
        datasetId,
        spec: run.spec,
        train: data.train.slice(),
        validation: data.validation.slice(),
        backend: batch.config.backend,
      },
      () => {},
    );
    if (last.type !== 'done') throw new AppError('internal', last.message);
    return last.scores;
  } finally {
    deps.training.release(datasetId);
    deps.signal.removeEventListener('abort', onAbort);
  }
}

/** Trains `run` of `batch` again on the case's tables and compares its metrics with the stored ones. */
export async function reproduceRun(
  deps: ReproduceDeps,
  batch: RunBatch,
  run: StoredRun,
): Promise<Reproduction> {
  if (run.status !== 'done') {
    return { kind: 'not-possible', message: `This run ${run.status}: it has no metrics to reproduce.` };
  }
  const brief = briefFor(batch, deps.brief);
  let data: TrainData;
  try {
    data = await readTrainData(deps.engine, batch.data.input, brief, deps.signal);
  } catch (e: unknown) {
    return dataChanged(
      batch,
      deps.lineage,
      `The table "${batch.data.input}" cannot be read as it was: ${errorMessage(e)}`,
    );
  }
  if ((await dataFingerprint(data)) !== batch.data.fingerprint) {
    return dataChanged(
      batch,
      deps.lineage,
      `The data in "${batch.data.input}" is not the data this run trained on.`,
    );
  }
  const validation = take(data.y, data.validation);
  const scores = await scoresAgain(deps, batch, run, data);
  const now = metricValues(batch.framing.task, validation, scores, data.classes?.length ?? null);
  const metrics = METRICS[batch.framing.task]
    .filter((m) => run.metrics[m] !== undefined)
    .map((metric): MetricCheck => {
      // The rule gives no probabilities: its stored log loss and Brier are null by design.
      const value =
        run.role === 'rule' && (metric === 'log_loss' || metric === 'brier') ? null : (now[metric] ?? null);
      const stored = run.metrics[metric] ?? null;
      return { metric, stored, now: value, match: sameMetric(stored, value) };
    });
  return { kind: 'reproduced', match: metrics.every((m) => m.match), metrics };
}
