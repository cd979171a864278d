import { errorMessage } from '../../lib/errors';
import type { CaseId, RunId } from '../../notebook/ids';
import type { ExportRecord } from '../../notebook/exports';
import type { EvaluationRecord } from '../../notebook/evaluations';
import type { EvaluationLog } from '../../storage/evaluations';
import type { ExportLog } from '../../storage/exports';
import type { CaseRuns, RunStore } from '../../storage/runs';
import { modelBytes } from './lineage-graph';
import { rowsOf, type RunRow } from './runs-view';

/**
 * The Runs view's state: the case's stored runs as rows, and the changes a person makes to them
 * (notes, hiding, deleting for good), each followed by a reload so that the rows are what is
 * stored. A failure becomes `problem`, shown above the table.
 */
export class RunsState {
  data = $state.raw<CaseRuns | null>(null);
  problem = $state<string | null>(null);
  /** The case's exported files (reports, workspace files, bundles): the lineage shows those of a run. */
  exports = $state.raw<readonly ExportRecord[]>([]);
  /** The case's evaluation records: the lineage shows those of a run. */
  evaluations = $state.raw<readonly EvaluationRecord[]>([]);
  readonly rows: RunRow[] = $derived(this.data ? rowsOf(this.data) : []);
  readonly #store: RunStore;
  readonly #exportLog: ExportLog;
  readonly #evaluationLog: EvaluationLog;
  readonly #caseId: CaseId;

  constructor(store: RunStore, logs: { exports: ExportLog; evaluations: EvaluationLog }, caseId: CaseId) {
    this.#store = store;
    this.#exportLog = logs.exports;
    this.#evaluationLog = logs.evaluations;
    this.#caseId = caseId;
  }

  async load(): Promise<void> {
    await this.#do(async () => {
      this.data = await this.#store.listCase(this.#caseId);
      this.exports = await this.#exportLog.forCase(this.#caseId);
      this.evaluations = await this.#evaluationLog.forCase(this.#caseId);
    });
  }

  /** The exports that hold this run, oldest first. */
  exportsOf(runId: RunId): ExportRecord[] {
    return this.exports.filter((e) => e.runIds.includes(runId));
  }

  /** The evaluation records of this run, oldest first. */
  evaluationsOf(runId: RunId): EvaluationRecord[] {
    return this.evaluations.filter((e) => e.runId === runId);
  }

  annotate(runId: RunId, tags: readonly string[], note: string): Promise<boolean> {
    return this.#change(() => this.#store.annotate(runId, tags, note));
  }

  hide(runIds: readonly RunId[]): Promise<boolean> {
    return this.#change(() => this.#store.hide(runIds));
  }

  unhide(runIds: readonly RunId[]): Promise<boolean> {
    return this.#change(() => this.#store.unhide(runIds));
  }

  deleteForGood(runIds: readonly RunId[]): Promise<boolean> {
    return this.#change(() => this.#store.deleteForGood(runIds));
  }

  /** The size of a run's stored model in bytes (as JSON), or null when it has none (a rule, a failed run). */
  async modelBytes(runId: RunId): Promise<number | null> {
    const model = (await this.#store.getArtifact(runId))?.model ?? null;
    return model === null ? null : modelBytes(model);
  }

  /** Runs a change and reloads; returns whether it worked. */
  async #change(task: () => Promise<unknown>): Promise<boolean> {
    let failure: string | null = null;
    try {
      await task();
    } catch (e: unknown) {
      failure = errorMessage(e);
    }
    await this.load();
    if (failure !== null) this.problem = failure;
    return failure === null;
  }

  async #do(task: () => Promise<unknown>): Promise<boolean> {
    try {
      await task();
      this.problem = null;
      return true;
    } catch (e: unknown) {
      this.problem = errorMessage(e);
      return false;
    }
  }
}
