import { sha256 } from 'hash-wasm';
import { errorMessage, toAppError } from '../../lib/errors';
import { canonicalJson } from '../../notebook/hash';
import { asRunId, type CellId } from '../../notebook/ids';
import { metricHigherIsBetter } from '../../notebook/metrics';
import type { RunBatchBundle, RunFraming, RunLineage, StoredRun } from '../../notebook/runs';
import type { BacktestConfig } from '../../notebook/types';
import type { RunsPort } from '../types';
import type { FoldData } from './fold';
import type { TrainedRun } from './models';
import type { BacktestOutput, FoldResult } from './result';
import { randomId } from '../../lib/random-id';

/*
 * A backtest's folds as stored runs: one batch per fold, immutable like a train cell's, all
 * sharing a group id (in each run's group label) and the lineage of the cells above, with the
 * features cell's link carrying the spec as fitted on that fold's training rows and its SQL.
 */

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const hex = (bytes: Uint8Array): Promise<string> => sha256(bytes);

/**
 * SHA-256 of a fold's matrix, target, row ids and test positions: what its models saw. Taken
 * before training, which transfers the matrix to the worker.
 */
export async function foldFingerprint(data: FoldData): Promise<string> {
  const parts = [data.x, data.y, data.rowIds, data.test].map(bytesOf);
  const header = new TextEncoder().encode(
    `${canonicalJson({ format: 1, featureNames: data.featureNames })}\n`,
  );
  const all = new Uint8Array(header.length + parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of [header, ...parts]) {
    all.set(p, at);
    at += p.length;
  }
  return hex(all);
}

/** The lineage with the features cell's link showing this fold's fitted spec and SQL. */
function foldLineage(lineage: RunLineage, features: string, data: FoldData): RunLineage {
  return {
    links: lineage.links.map((link) =>
      link.cell.kind === 'features' && link.cell.config.output === features
        ? { ...link, fitted: data.fitted, sql: data.sql }
        : link,
    ),
  };
}

/** The reuse key of a fold: its config, the brief's framing, the data its models saw, the app version. */
export function foldKey(
  port: RunsPort,
  config: BacktestConfig,
  framing: RunFraming,
  fold: number,
  fingerprint: string,
): Promise<string> {
  const facts = {
    format: 1,
    kind: 'backtest',
    config,
    framing,
    fold,
    fingerprint,
    appVersion: port.appVersion,
  };
  return sha256(canonicalJson(facts));
}

/**
 * A fold's stored runs as the backtest shows them, rescored on the stored test scores; null when
 * none is saved under `key`, or what is saved does not match the runs planned (then it trains).
 */
export async function restoredFold(
  port: RunsPort,
  key: string,
  planned: readonly Pick<TrainedRun, 'key' | 'label' | 'role'>[],
  rescore: (scores: Float32Array) => Pick<TrainedRun, 'metric' | 'valuePerThousand'>,
): Promise<{ runs: TrainedRun[]; trainedRows: number } | null> {
  let bundle: RunBatchBundle | null;
  try {
    bundle = await port.find(key);
  } catch {
    return null; // A storage that fails to answer is a reason to train, not to fail the cell.
  }
  if (bundle === null || bundle.runs.length !== planned.length) return null;
  const artifacts = new Map(bundle.artifacts.map((a) => [a.runId, a]));
  const stored = [...bundle.runs].sort((a, b) => a.index - b.index);
  const runs: TrainedRun[] = [];
  for (const [i, run] of stored.entries()) {
    const plan = planned[i];
    const artifact = artifacts.get(run.id);
    if (plan === undefined || artifact === undefined || plan.role !== run.role) return null;
    const scored =
      artifact.scores === null ? { metric: null, valuePerThousand: null } : rescore(artifact.scores);
    runs.push({
      ...plan,
      ...scored,
      id: run.id,
      spec: run.spec,
      startedAt: run.startedAt,
      durationMs: run.durationMs,
      // Not stored with the run: nothing was fitted in this run.
      fitMs: null,
      message: run.message,
      backend: run.backend,
      model: artifact.model,
      scores: artifact.scores,
    });
  }
  return { runs, trainedRows: bundle.batch.data.rows.train };
}

export interface FoldBatchFacts {
  readonly groupId: string;
  readonly cellId: CellId;
  readonly config: BacktestConfig;
  readonly framing: RunFraming;
  readonly lineage: RunLineage;
  readonly startedAt: string;
  readonly fold: FoldResult;
  readonly data: FoldData;
  /** `foldFingerprint(data)`, taken before the matrix went to the worker. */
  readonly fingerprint: string;
  /** `foldKey` of the fold. */
  readonly key: string;
  readonly runs: readonly TrainedRun[];
}

/** One fold as a stored batch: its runs, their models and the test rows' scores. */
export async function foldBundle(port: RunsPort, facts: FoldBatchFacts): Promise<RunBatchBundle> {
  const { config, fold, data, runs, fingerprint, key } = facts;
  const batchId = randomId();
  const sides = new Uint8Array(data.rowIds.length);
  for (const i of data.test) sides[i] = 1;
  const group = `Backtest ${facts.groupId} · fold ${fold.label}`;
  const stored = runs.map((r, index): StoredRun => ({
    id: asRunId(r.id),
    batchId,
    index,
    startedAt: r.startedAt,
    label: `${r.label} · fold ${fold.label}`,
    role: r.role,
    group,
    spec: r.spec,
    params: null,
    status: r.message === null ? 'done' : 'failed',
    message: r.message,
    backend: r.backend,
    durationMs: r.durationMs,
    metrics: { [facts.framing.metric]: r.metric },
    trainMetric: null,
    cv: null,
    curve: [],
    detail: {},
  }));
  const higher = metricHigherIsBetter(facts.framing.metric);
  const better = (a: number, b: number) => (higher ? a > b : a < b);
  const best = runs
    .filter((r) => r.role === 'model' && r.metric !== null)
    .reduce<TrainedRun | null>((b, r) => (b === null || better(r.metric ?? 0, b.metric ?? 0) ? r : b), null);
  return {
    batch: {
      id: batchId,
      caseId: port.caseId,
      cellId: facts.cellId,
      key,
      startedAt: facts.startedAt,
      finishedAt: new Date().toISOString(),
      appVersion: port.appVersion,
      // A train config of the fold's models, so the Runs view lists the batch as it lists any.
      config: {
        input: config.input,
        output: 'backtest',
        models: config.models,
        backend: 'auto',
        folds: null,
        search: null,
      },
      framing: facts.framing,
      lineage: foldLineage(facts.lineage, config.input, data),
      data: {
        input: config.input,
        output: 'backtest',
        fingerprint,
        splitFingerprint: await hex(sides),
        featureNames: data.featureNames,
        rows: { train: fold.trainedRows, validation: fold.test.rows },
        ...(data.classes === null ? {} : { classes: data.classes }),
      },
      backends: null,
      runIds: stored.map((r) => r.id),
      best: best === null ? null : asRunId(best.id),
      validationRowIds: Int32Array.from(data.test, (i) => data.rowIds[i] ?? 0),
      validationTruth: Float32Array.from(data.test, (i) => data.y[i] ?? 0),
    },
    runs: stored,
    artifacts: runs.map((r) => ({ runId: asRunId(r.id), model: r.model, scores: r.scores })),
  };
}

/** Saves every fold's batch; a failure is reported on the result, never thrown (the folds stay on screen). */
export async function saveFolds(
  port: RunsPort,
  groupId: string,
  bundles: readonly RunBatchBundle[],
): Promise<BacktestOutput['storage']> {
  try {
    for (const bundle of bundles) await port.save(bundle);
    return { state: 'saved', groupId };
  } catch (e: unknown) {
    const error = toAppError(e, 'storage');
    const why =
      error.code === 'quota'
        ? "the browser's storage is full"
        : `the browser's storage failed (${errorMessage(e)})`;
    return {
      state: 'failed',
      message: `The folds are shown here but not all were saved: ${why}. Free space (old runs, old cases) and run the cell again.`,
    };
  }
}
