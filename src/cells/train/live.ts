import { asRunId } from '../../notebook/ids';
import type { CurvePoint, MlpCheckpoint, RunArtifact, RunBatch, StoredRun } from '../../notebook/runs';
import type { BackendReport } from '../../../workers/training/api';
import type { JournalPort, RunsPort } from '../types';
import type { PlannedRun } from './plan';
import type { RunRecord } from './result';
import { storedRunOf } from './stored';

/** A network in training keeps a checkpoint every this many epochs (weights and Adam's state). */
export const CHECKPOINT_EVERY_EPOCHS = 5;

/**
 * The record of a batch while it trains, fed by the runner: the runs finished so far and the run
 * in training with its curve. Written through the journal (storage, behind the tab's lock), so
 * that a crash, a reload or a closed tab leaves the batch as interrupted, never missing.
 */
export class LiveTraining {
  readonly #journal: JournalPort;
  readonly #batch: RunBatch;
  readonly #runs: StoredRun[] = [];
  readonly #artifacts: RunArtifact[] = [];
  #current: StoredRun | null = null;

  private constructor(journal: JournalPort, batch: RunBatch) {
    this.#journal = journal;
    this.#batch = batch;
  }

  /** Waits for training in other tabs to end, then records the batch as started. */
  static async open(port: RunsPort, batch: RunBatch, signal: AbortSignal): Promise<LiveTraining> {
    return new LiveTraining(await port.journal(batch, signal), batch);
  }

  get batchId(): string {
    return this.#batch.id;
  }

  /** A run starts: recorded at once, so that a crash from now on leaves it interrupted. */
  start(
    id: string,
    run: Pick<PlannedRun, 'label' | 'role' | 'group' | 'spec' | 'params'>,
    startedAt: string,
  ): void {
    this.#current = {
      id: asRunId(id),
      batchId: this.#batch.id,
      index: this.#runs.length,
      startedAt,
      label: run.label,
      role: run.role,
      group: run.group,
      spec: run.spec,
      params: run.params,
      status: 'interrupted',
      message: null,
      backend: null,
      durationMs: 0,
      metrics: {},
      trainMetric: null,
      cv: null,
      curve: [],
      detail: {},
    };
    this.#journal.write(this.#state());
  }

  /** The run in training's curve so far (written at most about once a second). */
  progress(curve: readonly CurvePoint[], backend: BackendReport | null, durationMs: number): void {
    if (!this.#current) return;
    this.#current = { ...this.#current, curve: [...curve], backend, durationMs };
    this.#journal.progress(this.#state());
  }

  checkpoint(runId: string, reason: 'periodic' | 'best', checkpoint: MlpCheckpoint): void {
    this.#journal.checkpoint(runId, this.#batch.id, reason, checkpoint);
  }

  /** A run ended (done, failed, or the rule scored): kept with the next write. */
  finish(record: RunRecord, startedAt: string): void {
    this.#runs.push(storedRunOf(record, this.#batch.id, this.#runs.length, startedAt));
    this.#artifacts.push({ runId: asRunId(record.id), model: record.model, scores: record.scores });
    this.#current = null;
  }

  settle(): Promise<void> {
    return this.#journal.settle();
  }

  close(outcome: 'saved' | 'discard'): Promise<void> {
    return this.#journal.close(outcome);
  }

  #state() {
    return {
      batch: { ...this.#batch, runIds: this.#runs.map((r) => r.id) },
      runs: [...this.#runs],
      artifacts: [...this.#artifacts],
      current: this.#current,
    };
  }
}
