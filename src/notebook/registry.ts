import * as v from 'valibot';
import { AppError } from '../lib/errors';
import { evaluationSchema } from './bundle/schema';
import type { ModelEvaluation } from './bundle/types';
import { asCaseId, asRunId, type CaseId, type RunId } from './ids';
import type { ModelKind } from './model-types';
import type { Task } from './types';

/*
 * The model registry of a case: versions (v1, v2, …) of models promoted from runs or imported as
 * bundles, and the history of their stages as events that are appended, never edited. A
 * version's stage is its latest event's; at most one version of a case is champion at a time.
 * Types, the rules and the validation of imported records; storage/registry.ts keeps them.
 */

export type ModelStage = 'candidate' | 'champion' | 'retired';
export const MODEL_STAGES: readonly ModelStage[] = ['candidate', 'champion', 'retired'];

/** One version of a case's model. Written once, never changed; its bundle is stored beside it. */
export interface ModelVersion {
  readonly id: string;
  readonly caseId: CaseId;
  /** 1, 2, … within the case, in the order they were registered. */
  readonly version: number;
  /** ISO 8601. */
  readonly createdAt: string;
  /** Promoted from one of this workspace's runs, or imported from a bundle file. */
  readonly source: 'promoted' | 'imported';
  /** The run it was promoted from; null when imported. */
  readonly runId: RunId | null;
  readonly name: string;
  readonly kind: ModelKind;
  readonly task: Task;
  /** SHA-256 of its bundle (as stored, with this version's number in it). */
  readonly bundleSha256: string;
  /** An imported bundle as it came: its own hash and version number; null when promoted here. */
  readonly importedFrom: { readonly sha256: string; readonly version: number | null } | null;
}

/** A stage a version entered: who did it, when, why, and the evaluation that justified it. */
export interface StageEvent {
  readonly id: string;
  readonly caseId: CaseId;
  readonly versionId: string;
  /** 1, 2, … within the case: the order of the history (times can tie). */
  readonly seq: number;
  readonly stage: ModelStage;
  /** ISO 8601. */
  readonly at: string;
  /** Free text: a name, an e-mail. */
  readonly by: string;
  readonly why: string;
  readonly evaluation: ModelEvaluation | null;
}

/** A version's bundle file, apart so that listing versions stays cheap. */
export interface StoredBundle {
  readonly versionId: string;
  readonly sha256: string;
  /** The bundle file's text (canonical JSON). */
  readonly text: string;
}

/** A version with its current stage (its latest event). */
export interface VersionState {
  readonly version: ModelVersion;
  readonly stage: ModelStage;
  readonly since: StageEvent;
}

export const MAX_BY = 200;
export const MAX_WHY = 10_000;

/** Each version's latest event, by version id. */
export function currentStages(events: readonly StageEvent[]): Map<string, StageEvent> {
  const latest = new Map<string, StageEvent>();
  for (const event of events) {
    const seen = latest.get(event.versionId);
    if (!seen || event.seq > seen.seq) latest.set(event.versionId, event);
  }
  return latest;
}

/**
 * Refuses a history that breaks the registry's rules: events of one case numbered 1, 2, … without
 * gaps or repeats, every event about a version of its case, every version with an event, and at
 * most one champion at every point of the history.
 */
export function checkHistory(versions: readonly ModelVersion[], events: readonly StageEvent[]): void {
  const byId = new Map(versions.map((version) => [version.id, version]));
  const cases = new Set([...versions.map((x) => x.caseId), ...events.map((e) => e.caseId)]);
  for (const caseId of cases) {
    const own = events.filter((e) => e.caseId === caseId).sort((a, b) => a.seq - b.seq);
    own.forEach((e, i) => {
      if (e.seq !== i + 1)
        throw broken(
          `the stage events of case ${caseId} are not numbered 1, 2, … (event ${e.id} is ${e.seq})`,
        );
      if (byId.get(e.versionId)?.caseId !== caseId)
        throw broken(`event ${e.id} is about a version that case ${caseId} does not have`);
    });
    const numbers = versions
      .filter((x) => x.caseId === caseId)
      .map((x) => x.version)
      .sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1))
      throw broken(`the versions of case ${caseId} are not numbered 1, 2, …`);
    const stage = new Map<string, ModelStage>();
    for (const e of own) {
      stage.set(e.versionId, e.stage);
      const champions = [...stage.values()].filter((s) => s === 'champion').length;
      if (champions > 1) throw broken(`case ${caseId} has two champions after event ${e.seq}`);
    }
  }
  const stray = versions.find((x) => !events.some((e) => e.versionId === x.id));
  if (stray) throw broken(`version ${stray.id} has no stage`);
}

function broken(message: string): AppError {
  return new AppError('invalid-document', `The model registry is not consistent: ${message}.`);
}

const text = (max: number) =>
  v.pipe(v.string('is not text'), v.maxLength(max, `is longer than ${max} characters`));
const id = v.pipe(text(200), v.nonEmpty('is empty'));
const sha256 = v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'));
const whole = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));

export const modelVersionSchema = v.strictObject({
  id,
  caseId: v.pipe(id, v.transform(asCaseId)),
  version: whole(1),
  createdAt: text(40),
  source: v.picklist(['promoted', 'imported'], 'is not promoted or imported'),
  runId: v.nullable(v.pipe(id, v.transform(asRunId))),
  name: text(1_000),
  kind: v.picklist(['mlp', 'baseline', 'logistic', 'linear', 'tree', 'gbdt'], 'is not a model kind'),
  task: v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression'),
  bundleSha256: sha256,
  importedFrom: v.nullable(v.strictObject({ sha256, version: v.nullable(whole(1)) })),
});

export const stageEventSchema = v.strictObject({
  id,
  caseId: v.pipe(id, v.transform(asCaseId)),
  versionId: id,
  seq: whole(1),
  stage: v.picklist(MODEL_STAGES, 'is not candidate, champion or retired'),
  at: text(40),
  by: text(MAX_BY),
  why: text(MAX_WHY),
  evaluation: v.nullable(evaluationSchema),
});
