import type { ModelWords } from '../../cells/types';
import { errorMessage } from '../../lib/errors';
import { bundleFileName } from '../../notebook/bundle/write';
import type { CaseId, RunId } from '../../notebook/ids';
import type { ModelStage } from '../../notebook/registry';
import type { CaseRegistry, ModelRegistry } from '../../storage/registry';
import { downloadFile } from '../../ui/download';
import { importBundleFile } from './import';

/** Who makes a change and why: the registry records both with every stage. */
export type Words = ModelWords;

/** The changes the view makes, done by the session (which the cells' changes go through too). */
export interface ModelChanges {
  promote(runId: RunId, words: Words): Promise<{ readonly version: number }>;
  setStage(versionId: string, stage: ModelStage, words: Words): Promise<void>;
  /** The registry changed outside these two (a bundle imported): the session reads it again. */
  changed(): Promise<void>;
}

/**
 * The Models view's state: the case's versions and history, and the changes a person makes
 * (promote, stage, import), each followed by a reload. A refusal becomes `problem`, shown above
 * the table; nothing stored is changed by a refused change (the registry writes in one
 * transaction, after its checks).
 */
export class ModelsState {
  data = $state.raw<CaseRegistry | null>(null);
  problem = $state<string | null>(null);
  done = $state<string | null>(null);
  readonly #registry: ModelRegistry;
  readonly #caseId: CaseId;
  readonly #changes: ModelChanges;

  constructor(registry: ModelRegistry, caseId: CaseId, changes: ModelChanges) {
    this.#registry = registry;
    this.#caseId = caseId;
    this.#changes = changes;
  }

  async load(): Promise<void> {
    try {
      this.data = await this.#registry.listCase(this.#caseId);
    } catch (e: unknown) {
      this.problem = errorMessage(e);
    }
  }

  promote(runId: RunId, words: Words): Promise<boolean> {
    return this.#change(async () => {
      const version = await this.#changes.promote(runId, words);
      return `Registered v${version.version}, a candidate.`;
    });
  }

  setStage(versionId: string, version: number, stage: ModelStage, words: Words): Promise<boolean> {
    return this.#change(async () => {
      await this.#changes.setStage(versionId, stage, words);
      return `v${version} is now ${stage}.`;
    });
  }

  importFile(file: File, words: Words): Promise<boolean> {
    return this.#change(async () => {
      const version = await importBundleFile(this.#registry, this.#caseId, file, words);
      await this.#changes.changed();
      return `Imported ${file.name} as v${version.version}, a candidate.`;
    });
  }

  async download(versionId: string): Promise<void> {
    try {
      const bundle = await this.#registry.bundle(versionId);
      const text = await this.#registry.bundleText(versionId);
      downloadFile(bundleFileName(bundle), text ?? '', 'application/json');
      this.problem = null;
    } catch (e: unknown) {
      this.problem = `The bundle could not be written: ${errorMessage(e)}`;
    }
  }

  /** Runs a change and reloads; returns whether it worked. */
  async #change(task: () => Promise<string>): Promise<boolean> {
    let failure: string | null = null;
    let message: string | null = null;
    try {
      message = await task();
    } catch (e: unknown) {
      failure = errorMessage(e);
    }
    await this.load();
    this.problem = failure;
    this.done = message;
    return failure === null;
  }
}
