/**
 * Test helpers for runners: a RunContext over the Node engine, and a TrainingPort that runs the
 * training worker's own service (`trainingService`) in this process, transferring the arrays as
 * the browser's client does, so that a runner that reuses a sent array fails here too.
 */
import type {
  BackendReport,
  TrainingDataset,
  TrainOutcome,
  TrainProgressEvent,
  TrainRequest,
} from '../../workers/training/api';
import { trainingService } from '../../workers/training/service';
import type { SqlEngine } from '../data/engine';
import { AppError } from '../lib/errors';
import { asCaseId, asCellId, type RunId } from '../notebook/ids';
import type { StoredExplanation } from '../notebook/explanations';
import type { RunBatchBundle } from '../notebook/runs';
import type { BriefConfig, CellConfigs, CellKind, CellOf } from '../notebook/types';
import type { TrainCellProgress } from './train/result';
import type { ModelsPort, RunContext, RunsPort, TrainingPort } from './types';

export interface InProcessTraining extends TrainingPort {
  /** Every dataset loaded, as it arrived (its arrays are the transferred ones). */
  readonly loads: TrainingDataset[];
  /** Every request, as it arrived (its arrays are the transferred copies). */
  readonly requests: TrainRequest[];
  /** Every run id `cancel` was called with. */
  readonly cancelled: string[];
  /** Every dataset id `release` was called with. */
  readonly released: string[];
  /** The ids of the datasets loaded and not released. */
  held(): string[];
}

const CPU: BackendReport = { backend: 'cpu', reason: 'Node tests: TensorFlow.js CPU.', available: ['cpu'] };

/** As comlink's transfer: the sender's buffers are detached (empty) afterwards. */
function transferred<T>(value: T, buffers: ArrayBufferLike[]): T {
  return structuredClone(value, { transfer: buffers.filter((b) => b instanceof ArrayBuffer) });
}

export function inProcessTraining(): InProcessTraining {
  const service = trainingService();
  const loads: TrainingDataset[] = [];
  const requests: TrainRequest[] = [];
  const cancelled: string[] = [];
  const released: string[] = [];
  const held = new Set<string>();
  return {
    loads,
    requests,
    cancelled,
    released,
    held: () => [...held],
    backends: () => Promise.resolve(CPU),
    load(dataset: TrainingDataset): Promise<void> {
      const received = transferred(dataset, [dataset.x.buffer, dataset.y.buffer]);
      loads.push(received);
      held.add(received.datasetId);
      return service.load(received);
    },
    train(request: TrainRequest, onProgress: (event: TrainProgressEvent) => void): Promise<TrainOutcome> {
      const received = transferred(request, [request.train.buffer, request.validation.buffer]);
      requests.push(received);
      return service.train(received, onProgress);
    },
    cancel(runId: string): void {
      cancelled.push(runId);
      service.cancel(runId);
    },
    release(datasetId: string): void {
      released.push(datasetId);
      held.delete(datasetId);
      service.release(datasetId);
    },
  };
}

export interface MemoryRuns extends RunsPort {
  /** Every batch saved, in order. */
  readonly saved: RunBatchBundle[];
  /** Every key asked for. */
  readonly asked: string[];
  /** Every explanation part saved, in order. */
  readonly explanations: StoredExplanation[];
}

/**
 * A RunsPort kept in memory, as the storage behaves: `find` answers the newest batch saved under
 * the key; `fail` makes `save` reject with that error (a full disk, say).
 */
export function memoryRuns(options: { appVersion?: string; fail?: AppError } = {}): MemoryRuns {
  const saved: RunBatchBundle[] = [];
  const asked: string[] = [];
  const explanations: StoredExplanation[] = [];
  return {
    caseId: asCaseId('test-case'),
    appVersion: options.appVersion ?? 'test',
    saved,
    asked,
    explanations,
    lineage: () => ({ links: [] }),
    find(key: string) {
      asked.push(key);
      return Promise.resolve(saved.findLast((b) => b.batch.key === key) ?? null);
    },
    save(bundle: RunBatchBundle) {
      if (options.fail) return Promise.reject(options.fail);
      saved.push(structuredClone(bundle));
      return Promise.resolve();
    },
    findRun(runId: RunId) {
      const bundle = saved.find((b) => b.batch.runIds.includes(runId));
      const run = bundle?.runs.find((r) => r.id === runId);
      if (!bundle || !run) return Promise.resolve(null);
      const artifact = bundle.artifacts.find((a) => a.runId === runId) ?? null;
      return Promise.resolve({ batch: bundle.batch, run, artifact, hidden: false });
    },
    findExplanation(key: string) {
      return Promise.resolve(explanations.find((e) => e.key === key) ?? null);
    },
    saveExplanation(record: StoredExplanation) {
      if (options.fail) return Promise.reject(options.fail);
      if (!explanations.some((e) => e.key === record.key)) explanations.push(structuredClone(record));
      return Promise.resolve();
    },
  };
}

/** A context for any runner; what a train cell reports is kept in `reports`. */
export interface TestContext extends RunContext<TrainCellProgress> {
  readonly reports: TrainCellProgress[];
}

export function testContext(
  engine: SqlEngine,
  brief: BriefConfig | null,
  options: {
    training?: TrainingPort;
    signal?: AbortSignal;
    onReport?: (p: TrainCellProgress) => void;
    runs?: RunsPort;
    models?: ModelsPort;
  } = {},
): TestContext {
  const reports: TrainCellProgress[] = [];
  const unused = () => Promise.reject(new AppError('internal', 'Not available in this test.'));
  return {
    engine,
    brief,
    loadBlob: unused,
    importSource: unused,
    signal: options.signal ?? new AbortController().signal,
    training: options.training ?? inProcessTraining(),
    runs: options.runs ?? memoryRuns(),
    models: options.models ?? { versions: () => Promise.resolve([]), bundle: unused },
    reports,
    report: (progress) => {
      reports.push(progress);
      options.onReport?.(progress);
    },
  };
}

export function cellOf<K extends CellKind>(kind: K, config: CellConfigs[K]): CellOf<K> {
  return { id: asCellId(`test-${kind}`), kind, config, reads: [] };
}

/** A brief with the given framing; the rest as a new brief cell has it. */
export function briefOf(
  overrides: Partial<BriefConfig> & Pick<BriefConfig, 'input' | 'target'>,
): BriefConfig {
  return {
    objective: '',
    decision: '',
    task: 'binary',
    positive: '',
    metric: 'roc_auc',
    bar: null,
    baseline: { kind: 'majority' },
    values: { tp: 0, fp: 0, tn: 0, fn: 0 },
    costs: null,
    unitCost: { over: 1, under: 1 },
    timeColumn: null,
    ...overrides,
  };
}
