import * as v from 'valibot';
import { AppError, assertNever, errorMessage } from '../lib/errors';
import { evaluationRecordSchema, type EvaluationRecord } from '../notebook/evaluations';
import { parseExportRecord } from '../notebook/export-validate';
import type { ExportRecord } from '../notebook/exports';
import { asRunId } from '../notebook/ids';
import { migrateCase, restoreCase } from '../notebook/restore';
import {
  parseArtifactModel,
  parseLineage,
  parseRecord,
  runBatchSchema,
  runDeletionSchema,
  runNotesSchema,
  storedRunSchema,
} from '../notebook/run-validate';
import { readBundle } from '../notebook/bundle/read';
import {
  checkHistory,
  modelVersionSchema,
  stageEventSchema,
  type ModelVersion,
  type StageEvent,
  type StoredBundle,
} from '../notebook/registry';
import type { RunArtifact, RunBatch, RunNotes, StoredRun } from '../notebook/runs';
import type { CaseRecord } from './db';
import { bundlesOf, unique, type BatchEntry } from './workspace-file-bundles';
import { refused } from './workspace-file-format';

/*
 * What an imported workspace file must hold, checked entry by entry and across entries (every
 * run in its batch or recorded as deleted from it, every artifact and note for a stored run, arrays
 * of the batch's length), so
 * that what is written afterwards is exactly what a Casebook wrote. Every problem is refused with
 * the path of the field; nothing is written until all of it passed.
 */

export interface ArrayRef {
  readonly section: number;
  readonly type: 'int32' | 'float32' | 'float64';
}

export interface RawEntries {
  readonly cases: readonly unknown[];
  readonly files: readonly unknown[];
  readonly runBatches: readonly unknown[];
  readonly runs: readonly unknown[];
  readonly runArtifacts: readonly unknown[];
  readonly runNotes: readonly unknown[];
  readonly modelVersions: readonly unknown[];
  readonly modelBundles: readonly unknown[];
  readonly stageEvents: readonly unknown[];
  readonly runDeletions: readonly unknown[];
  readonly exports: readonly unknown[];
  readonly evaluations: readonly unknown[];
}

export interface FileEntry {
  readonly sha256: string;
  /** A slice of the imported file: its bytes are read when hashed and when stored. */
  readonly blob: Blob;
  readonly sizeBytes: number;
  readonly storedAt: string;
}

export type { BatchEntry };

export interface Entries {
  readonly cases: readonly CaseRecord[];
  readonly files: readonly FileEntry[];
  readonly bundles: readonly BatchEntry[];
  readonly notes: readonly RunNotes[];
  /** The model registry: versions, their bundle files (read and hash-checked), the stage history. */
  readonly registry: {
    readonly versions: readonly ModelVersion[];
    readonly bundles: readonly StoredBundle[];
    readonly events: readonly StageEvent[];
  };
  readonly exports: readonly ExportRecord[];
  readonly evaluations: readonly EvaluationRecord[];
}

/** A section of the file's binary area as a Blob (with a MIME type for files). */
export type SectionReader = (index: number, type?: string) => Blob;

const whole = v.pipe(
  v.number('is not a number'),
  v.integer('is not a whole number'),
  v.minValue(0, 'is negative'),
);
const shortText = v.pipe(v.string('is not text'), v.maxLength(200, 'is too long'));
const arrayRef = v.object({
  section: whole,
  type: v.picklist(['int32', 'float32', 'float64'], 'is not an array type'),
});

const caseRecord = v.object({
  id: v.pipe(shortText, v.nonEmpty('is empty')),
  title: v.pipe(v.string('is not text'), v.maxLength(10_000, 'is too long')),
  updatedAt: shortText,
  deletedAt: v.nullable(shortText),
  rev: v.pipe(whole, v.minValue(1, 'is below 1')),
  doc: v.unknown(),
});

const fileEntry = v.object({
  sha256: v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex')),
  type: shortText,
  sizeBytes: whole,
  storedAt: shortText,
  section: whole,
});

const artifactEntry = v.object({
  runId: v.pipe(shortText, v.nonEmpty('is empty'), v.transform(asRunId)),
  model: v.unknown(),
  scores: v.nullable(arrayRef),
});

const batchArrays = v.object({ validationRowIds: arrayRef, validationTruth: arrayRef });

const bundleEntry = v.strictObject({
  versionId: v.pipe(shortText, v.nonEmpty('is empty')),
  sha256: v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex')),
  section: whole,
});

/** Every entry checked, then how they fit together. */
export async function validateEntries(raw: RawEntries, section: SectionReader): Promise<Entries> {
  const check = <T>(task: () => T): T => {
    try {
      return task();
    } catch (e: unknown) {
      if (e instanceof AppError && e.message.endsWith('Nothing was imported.')) throw e;
      throw refused(`The file cannot be imported: ${errorMessage(e)}`.replace(/\.?$/, '.'), e);
    }
  };
  const cases = raw.cases.map((c, i) => check(() => caseOf(c, `cases[${i}]`)));
  const files = raw.files.map((f, i) => check(() => fileOf(f, `files[${i}]`, section)));
  const runs = raw.runs.map((r, i) => check(() => parseRecord(storedRunSchema, r, `runs[${i}]`)));
  const notes = raw.runNotes.map((n, i) => check(() => parseRecord(runNotesSchema, n, `runNotes[${i}]`)));
  const deletions = raw.runDeletions.map((d, i) =>
    check(() => parseRecord(runDeletionSchema, d, `runDeletions[${i}]`)),
  );
  const exports = raw.exports.map((e, i) => check(() => parseExportRecord(e, `exports[${i}]`)));
  const evaluations = raw.evaluations.map((e, i) =>
    check(() => parseRecord(evaluationRecordSchema, e, `evaluations[${i}]`)),
  );
  const batches: RunBatch[] = [];
  for (const [i, b] of raw.runBatches.entries())
    batches.push(await batchOf(b, `runBatches[${i}]`, section, check));
  const artifacts: RunArtifact[] = [];
  for (const [i, a] of raw.runArtifacts.entries()) {
    artifacts.push(await artifactOf(a, `runArtifacts[${i}]`, section, check));
  }
  unique(
    cases.map((c) => c.id),
    'cases',
    'case id',
  );
  unique(
    files.map((f) => f.sha256),
    'files',
    'SHA-256',
  );
  unique(
    notes.map((n) => n.runId),
    'runNotes',
    'run id',
  );
  unique(
    exports.map((e) => e.id),
    'exports',
    'export id',
  );
  unique(
    evaluations.map((e) => e.id),
    'evaluations',
    'evaluation id',
  );
  const registry = await registryOf(raw, section, new Set(cases.map((c) => c.id)), check);
  return {
    cases,
    files,
    bundles: bundlesOf(batches, runs, artifacts, deletions),
    notes: notesFor(notes, runs),
    registry,
    exports,
    evaluations,
  };
}

/**
 * The registry of the file: every record checked; each version with exactly one bundle, read
 * strictly (its hash checked) and matching the version; the history consistent (numbered, one
 * champion at a time); every version of a case the file holds.
 */
async function registryOf(
  raw: RawEntries,
  section: SectionReader,
  caseIds: ReadonlySet<string>,
  check: <T>(task: () => T) => T,
): Promise<Entries['registry']> {
  const versions = raw.modelVersions.map((x, i) =>
    check(() => parseRecord(modelVersionSchema, x, `modelVersions[${i}]`)),
  );
  const events = raw.stageEvents.map((e, i) =>
    check(() => parseRecord(stageEventSchema, e, `stageEvents[${i}]`)),
  );
  unique(
    versions.map((x) => x.id),
    'modelVersions',
    'version id',
  );
  unique(
    events.map((e) => e.id),
    'stageEvents',
    'event id',
  );
  const byId = new Map(versions.map((x) => [x.id, x]));
  const bundles: StoredBundle[] = [];
  for (const [i, b] of raw.modelBundles.entries()) {
    const path = `modelBundles[${i}]`;
    const entry = check(() => parseRecord(bundleEntry, b, path));
    const version = byId.get(entry.versionId);
    if (!version) throw refused(`The file cannot be imported: ${path} belongs to no model version.`);
    const text = await section(entry.section).text();
    let bundle;
    try {
      bundle = await readBundle(text);
    } catch (e: unknown) {
      throw refused(`The file cannot be imported: ${path}: ${errorMessage(e)}`, e);
    }
    if (
      bundle.sha256 !== entry.sha256 ||
      bundle.sha256 !== version.bundleSha256 ||
      bundle.model.version !== version.version
    ) {
      throw refused(
        `The file cannot be imported: ${path} is not the bundle of v${version.version} that it says.`,
      );
    }
    bundles.push({ versionId: entry.versionId, sha256: entry.sha256, text });
  }
  unique(
    bundles.map((b) => b.versionId),
    'modelBundles',
    'version id',
  );
  const bare = versions.find((x) => !bundles.some((b) => b.versionId === x.id));
  if (bare) throw refused(`The file cannot be imported: model version ${bare.id} has no bundle.`);
  const orphan = versions.find((x) => !caseIds.has(x.caseId));
  if (orphan)
    throw refused(
      `The file cannot be imported: model version ${orphan.id} belongs to a case the file does not hold.`,
    );
  check(() => checkHistory(versions, events));
  return { versions, bundles, events };
}

function caseOf(raw: unknown, path: string): CaseRecord {
  const record = parseRecord(caseRecord, raw, path);
  const { case: doc, warnings } = restoreCase(migrateCase(record.doc));
  // A case Casebook saved restores as it is: one that needs repairs was written by something else,
  // and repairing it here would import what no one saved (a dropped cell, a new id) without a word.
  if (warnings.length > 0) {
    throw new AppError(
      'invalid-document',
      `${path}.doc is not a case as Casebook saves it (${warnings[0]}).`,
    );
  }
  if (doc.id !== record.id)
    throw new AppError('invalid-document', `${path}.doc has the id ${doc.id}, not ${record.id}.`);
  return { ...record, doc };
}

function fileOf(raw: unknown, path: string, section: SectionReader): FileEntry {
  const entry = parseRecord(fileEntry, raw, path);
  const blob = section(entry.section, entry.type);
  if (blob.size !== entry.sizeBytes) {
    throw new AppError(
      'invalid-document',
      `${path} says ${entry.sizeBytes} bytes, its section holds ${blob.size}.`,
    );
  }
  return { sha256: entry.sha256, blob, sizeBytes: entry.sizeBytes, storedAt: entry.storedAt };
}

async function arrayOf(ref: ArrayRef, path: string, section: SectionReader) {
  const buffer = await section(ref.section).arrayBuffer();
  const size = ref.type === 'float64' ? 8 : 4;
  if (buffer.byteLength % size !== 0)
    throw refused(`The file is damaged: ${path} is not whole ${ref.type} values.`);
  switch (ref.type) {
    case 'int32':
      return new Int32Array(buffer);
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    default:
      return assertNever(ref.type);
  }
}

async function batchOf(
  raw: unknown,
  path: string,
  section: SectionReader,
  check: <T>(task: () => T) => T,
): Promise<RunBatch> {
  const fields = check(() => parseRecord(runBatchSchema, raw, path));
  const refs = check(() => parseRecord(batchArrays, raw, path));
  const lineage = check(() => parseLineage(fields.lineage.links, `${path}.lineage`));
  const rowIds = await arrayOf(refs.validationRowIds, `${path}.validationRowIds`, section);
  const truth = await arrayOf(refs.validationTruth, `${path}.validationTruth`, section);
  if (rowIds instanceof Float32Array || !(truth instanceof Float32Array) || truth.length !== rowIds.length) {
    throw refused(`The file cannot be imported: ${path} has validation rows of the wrong type or length.`);
  }
  return { ...fields, lineage, validationRowIds: rowIds, validationTruth: truth };
}

async function artifactOf(
  raw: unknown,
  path: string,
  section: SectionReader,
  check: <T>(task: () => T) => T,
): Promise<RunArtifact> {
  const entry = check(() => parseRecord(artifactEntry, raw, path));
  const model = entry.model === null ? null : check(() => parseArtifactModel(entry.model, `${path}.model`));
  const scores = entry.scores === null ? null : await arrayOf(entry.scores, `${path}.scores`, section);
  if (scores !== null && !(scores instanceof Float32Array)) {
    throw refused(`The file cannot be imported: ${path}.scores are not float32.`);
  }
  return { runId: entry.runId, model, scores };
}

function notesFor(notes: readonly RunNotes[], runs: readonly StoredRun[]): RunNotes[] {
  const ids = new Set<string>(runs.map((r) => r.id));
  const stray = notes.find((n) => !ids.has(n.runId));
  if (stray)
    throw refused(
      `The file cannot be imported: it has notes for run ${stray.runId}, which it does not hold.`,
    );
  return [...notes];
}
