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
import { asCaseId, asCellId, asRunId, type RunId } from '../notebook/ids';
import type { EvaluationRecord } from '../notebook/evaluations';
import type { StoredExplanation } from '../notebook/explanations';
import { interruptedBundle } from '../notebook/interrupted';
import type { InterruptedBatch, LiveBatch, RunBatchBundle, RunCheckpoint } from '../notebook/runs';
import { defaultBrief } from '../notebook/kinds/brief';
import type { BriefConfig, CellConfigs, CellKind, CellOf } from '../notebook/types';
import type { TrainCellProgress } from './train/result';
import type { JournalPort, ModelsPort, RunContext, RunsPort, TrainingPort } from './types';

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
  /** Every batch saved, in order, with whether it replaced an interrupted one. */
  readonly saved: RunBatchBundle[];
  readonly replaced: boolean[];
  /** Every key asked for. */
  readonly asked: string[];
  /** Every explanation part saved, in order. */
  readonly explanations: StoredExplanation[];
  /** Every evaluation record stored, in order (one per id). */
  readonly evaluations: EvaluationRecord[];
  /** The journal as storage would hold it: the batch in training, checkpoints by run, closes. */
  readonly journaled: {
    live: LiveBatch | null;
    readonly checkpoints: Map<string, RunCheckpoint>;
    readonly closed: ('saved' | 'discard')[];
    /** Called after each checkpoint is kept (a test may "crash" here). */
    onCheckpoint?: (checkpoint: RunCheckpoint) => void;
  };
  /** What a crash now would leave: the batch in training as an interrupted batch, or null. */
  crash(): InterruptedBatch | null;
}

/**
 * A RunsPort kept in memory, as the storage behaves: `find` answers the newest batch saved under
 * the key; `fail` makes `save` reject with that error (a full disk, say); `interrupted` is what
 * `findInterrupted` answers, and `resume` says the run was started by Resume.
 */
export function memoryRuns(
  options: { appVersion?: string; fail?: AppError; resume?: boolean; interrupted?: InterruptedBatch } = {},
): MemoryRuns {
  const saved: RunBatchBundle[] = [];
  const replaced: boolean[] = [];
  const asked: string[] = [];
  const explanations: StoredExplanation[] = [];
  const evaluations: EvaluationRecord[] = [];
  const journaled: MemoryRuns['journaled'] = { live: null, checkpoints: new Map(), closed: [] };
  const at = () => new Date().toISOString();
  const journal: JournalPort = {
    write: (state) => (journaled.live = structuredClone({ ...state, lock: 'memory', updatedAt: at() })),
    progress: (state) => (journaled.live = structuredClone({ ...state, lock: 'memory', updatedAt: at() })),
    checkpoint: (runId, batchId, reason, checkpoint) => {
      const kept: RunCheckpoint = structuredClone({
        runId: asRunId(runId),
        batchId,
        reason,
        checkpoint,
        savedAt: at(),
      });
      journaled.checkpoints.set(runId, kept);
      journaled.onCheckpoint?.(kept);
    },
    settle: () => Promise.resolve(),
    close: (outcome) => {
      journaled.closed.push(outcome);
      return Promise.resolve();
    },
  };
  return {
    caseId: asCaseId('test-case'),
    appVersion: options.appVersion ?? 'test',
    saved,
    replaced,
    asked,
    explanations,
    evaluations,
    journaled,
    resume: options.resume ?? false,
    lineage: () => ({ links: [] }),
    pickedRun: () => null,
    find(key: string) {
      asked.push(key);
      return Promise.resolve(saved.findLast((b) => b.batch.key === key) ?? null);
    },
    save(bundle: RunBatchBundle, saveOptions = {}) {
      if (options.fail) return Promise.reject(options.fail);
      saved.push(structuredClone(bundle));
      replaced.push(saveOptions.replacing ?? false);
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
    saveEvaluation(record: EvaluationRecord) {
      if (options.fail) return Promise.reject(options.fail);
      const stored = evaluations.find((e) => e.id === record.id);
      if (stored) return Promise.resolve(stored);
      evaluations.push(structuredClone(record));
      return Promise.resolve(record);
    },
    saveExplanation(record: StoredExplanation) {
      if (options.fail) return Promise.reject(options.fail);
      if (!explanations.some((e) => e.key === record.key)) explanations.push(structuredClone(record));
      return Promise.resolve();
    },
    findInterrupted(key: string) {
      const found = options.interrupted;
      return Promise.resolve(found && found.bundle.batch.key === key ? found : null);
    },
    journal: () => Promise.resolve(journal),
    crash() {
      const live = journaled.live;
      if (!live?.current) return null;
      const checkpoint = journaled.checkpoints.get(live.current.id) ?? null;
      const bundle = interruptedBundle(live, checkpoint);
      const run = bundle?.runs.at(-1);
      return bundle && run ? { bundle, run, checkpoint } : null;
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
  return { ...defaultBrief(), ...overrides };
}
