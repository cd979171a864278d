import { AppError } from '../lib/errors';
import { readBundle } from '../notebook/bundle/read';
import type { ModelBundle, ModelEvaluation } from '../notebook/bundle/types';
import { buildBundle } from '../notebook/bundle/write';
import type { CaseId, RunId } from '../notebook/ids';
import {
  currentStages,
  MAX_BY,
  MAX_WHY,
  type ModelStage,
  type ModelVersion,
  type StageEvent,
  type StoredBundle,
  type VersionState,
} from '../notebook/registry';
import type { CasebookDb } from './db';
import { guardStorage } from './errors';
import { randomId } from '../lib/random-id';

/*
 * The model registry's storage. Versions and bundles are written once and never changed; a stage
 * change is a new event appended to the case's history (numbered in one transaction); the rule
 * "at most one champion per case" is enforced here, in the transaction that appends the events.
 * Nothing here deletes: the history is kept forever and exported with the workspace.
 */

/** Who changes a stage, why, and the evaluation that justified it. */
export interface StageChange {
  readonly by: string;
  readonly why: string;
  readonly evaluation: ModelEvaluation | null;
}

/** A version registered from a bundle the caller built with `nextVersion`'s number. */
export interface Registration extends StageChange {
  readonly caseId: CaseId;
  readonly bundle: ModelBundle;
  /** The bundle's file text, as `buildBundle` returned it. */
  readonly text: string;
  readonly source: 'promoted' | 'imported';
  readonly runId: RunId | null;
  readonly importedFrom?: { readonly sha256: string; readonly version: number | null };
}

export interface CaseRegistry {
  /** Every version with its current stage, oldest first. */
  readonly versions: readonly VersionState[];
  /** Every stage event of the case, in order. */
  readonly history: readonly StageEvent[];
}

function checkWords(change: StageChange): void {
  if (change.by.trim() === '')
    throw new AppError('invalid-document', 'Say who makes this change (a name or an e-mail).');
  if (change.by.length > MAX_BY)
    throw new AppError('invalid-document', `"Who" is longer than ${MAX_BY} characters: shorten it.`);
  if (change.why.length > MAX_WHY)
    throw new AppError(
      'invalid-document',
      `"Why" is longer than ${MAX_WHY.toLocaleString('en-US')} characters: shorten it.`,
    );
}

export class ModelRegistry {
  readonly #db: CasebookDb;
  readonly #now: () => string;
  readonly #newId: (prefix: string) => string;

  constructor(db: CasebookDb, options: { now?: () => string; newId?: (prefix: string) => string } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date().toISOString());
    this.#newId = options.newId ?? ((prefix) => `${prefix}-${randomId()}`);
  }

  /** The number the case's next version gets: build its bundle with it, then `register`. */
  nextVersion(caseId: CaseId): Promise<number> {
    return guardStorage(
      async () => (await this.#db.modelVersions.where('caseId').equals(caseId).count()) + 1,
    );
  }

  /**
   * Registers a bundle as the case's next version, a candidate, in one transaction. Refuses
   * (AppError 'conflict') when another tab registered that number first: build again with
   * `nextVersion` and retry.
   */
  async register(input: Registration): Promise<ModelVersion> {
    checkWords(input);
    const { bundle } = input;
    const version: ModelVersion = {
      id: this.#newId('mv'),
      caseId: input.caseId,
      version: bundle.model.version ?? 0,
      createdAt: this.#now(),
      source: input.source,
      runId: input.runId,
      name: bundle.model.name,
      kind: bundle.model.kind,
      task: bundle.model.task,
      bundleSha256: bundle.sha256,
      importedFrom: input.importedFrom ?? null,
    };
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('rw', [db.modelVersions, db.modelBundles, db.stageEvents], async () => {
        const next = (await db.modelVersions.where('caseId').equals(input.caseId).count()) + 1;
        if (version.version !== next) {
          throw new AppError(
            'conflict',
            `This bundle says version ${bundle.model.version ?? 'none'}, but the case's next version is v${next} (another tab may have registered one): build it again and retry.`,
          );
        }
        await db.modelVersions.add(version);
        const stored: StoredBundle = { versionId: version.id, sha256: bundle.sha256, text: input.text };
        await db.modelBundles.add(stored);
        await db.stageEvents.add(await this.#event(input.caseId, version.id, 'candidate', input));
        return version;
      }),
    );
  }

  /**
   * Registers a bundle file as the case's next version (a candidate). Its version number is set to
   * the case's next one (the file's own number and hash are kept in `importedFrom`); everything
   * else of the file is kept as it is. The file is read strictly first: a refused file changes nothing.
   */
  async importBundle(caseId: CaseId, file: string | Uint8Array, change: StageChange): Promise<ModelVersion> {
    checkWords(change);
    const original = await readBundle(file);
    const next = await this.nextVersion(caseId);
    const { format: _f, formatVersion: _v, sha256: _s, ...contents } = original;
    const renumbered = await buildBundle({ ...contents, model: { ...contents.model, version: next } });
    return this.register({
      ...change,
      caseId,
      bundle: renumbered.bundle,
      text: renumbered.text,
      source: 'imported',
      runId: null,
      importedFrom: { sha256: original.sha256, version: original.model.version },
    });
  }

  /**
   * Moves a version to `stage` by appending an event. Making one champion retires the case's
   * current champion first (its event says by which version), in the same transaction, so that a
   * case never has two.
   */
  async setStage(versionId: string, stage: ModelStage, change: StageChange): Promise<StageEvent> {
    checkWords(change);
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('rw', [db.modelVersions, db.stageEvents], async () => {
        const version = await db.modelVersions.get(versionId);
        if (!version)
          throw new AppError(
            'storage',
            `Model version ${versionId} is not stored (it may belong to another workspace).`,
          );
        const stages = currentStages(await db.stageEvents.where('caseId').equals(version.caseId).toArray());
        if (stages.get(versionId)?.stage === stage) {
          throw new AppError('invalid-document', `v${version.version} is already ${stage}.`);
        }
        if (stage === 'champion') {
          for (const [otherId, event] of stages) {
            if (event.stage !== 'champion' || otherId === versionId) continue;
            await db.stageEvents.add(
              await this.#event(version.caseId, otherId, 'retired', {
                by: change.by,
                why: `Replaced as champion by v${version.version}.`,
                evaluation: null,
              }),
            );
          }
        }
        const event = await this.#event(version.caseId, versionId, stage, change);
        await db.stageEvents.add(event);
        return event;
      }),
    );
  }

  /** The next event of the case: numbered after the case's last one, inside the caller's transaction. */
  async #event(
    caseId: CaseId,
    versionId: string,
    stage: ModelStage,
    change: StageChange,
  ): Promise<StageEvent> {
    const last = await this.#db.stageEvents
      .where('[caseId+seq]')
      .between([caseId, 0], [caseId, Infinity])
      .last();
    return {
      id: this.#newId('ev'),
      caseId,
      versionId,
      seq: (last?.seq ?? 0) + 1,
      stage,
      at: this.#now(),
      by: change.by.trim(),
      why: change.why.trim(),
      evaluation: change.evaluation,
    };
  }

  /** The case's versions with their stages, and its whole history. */
  listCase(caseId: CaseId): Promise<CaseRegistry> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('r', [db.modelVersions, db.stageEvents], async () => {
        const versions = await db.modelVersions.where('caseId').equals(caseId).sortBy('version');
        const history = await db.stageEvents
          .where('[caseId+seq]')
          .between([caseId, 0], [caseId, Infinity])
          .toArray();
        const stages = currentStages(history);
        return {
          versions: versions.flatMap((version) => {
            const since = stages.get(version.id);
            return since ? [{ version, stage: since.stage, since }] : [];
          }),
          history,
        };
      }),
    );
  }

  /** The case's champion, or null. */
  async champion(caseId: CaseId): Promise<VersionState | null> {
    const { versions } = await this.listCase(caseId);
    return versions.find((x) => x.stage === 'champion') ?? null;
  }

  /** A version's bundle file text; undefined when the version is not stored. */
  async bundleText(versionId: string): Promise<string | undefined> {
    return guardStorage(async () => (await this.#db.modelBundles.get(versionId))?.text);
  }

  /** A version's bundle, read back strictly (its hash checked). */
  async bundle(versionId: string): Promise<ModelBundle> {
    const text = await this.bundleText(versionId);
    if (text === undefined)
      throw new AppError('storage', `The bundle of model version ${versionId} is not stored.`);
    return readBundle(text);
  }
}
