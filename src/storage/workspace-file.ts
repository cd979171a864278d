import * as v from 'valibot';
import { sha256OfBlob } from '../data/file-hash';
import type { EvaluationRecord } from '../notebook/evaluations';
import type { ExportRecord, WorkspaceExportContents } from '../notebook/exports';
import { asCaseId } from '../notebook/ids';
import type { RunNotes } from '../notebook/runs';
import type { Case } from '../notebook/types';
import type { BlobRecord, CaseRecord, CasebookDb } from './db';
import { guardStorage } from './errors';
import { encodeContainer, readContainer, refused, truncated, type Container } from './workspace-file-format';
import { validateEntries, type ArrayRef, type Entries, type RawEntries } from './workspace-file-validate';

/*
 * The whole workspace as one file, and back: cases (deleted ones too, with their revs), the
 * imported files' bytes, every run batch, run, model, score and note, the record of each run
 * deleted for good from a batch, the record of each export and of each evaluation. Session values are not
 * exported (DESIGN: the session is saved, never exported). The container is described in
 * `workspace-file-format.ts`; what an import accepts, in `workspace-file-validate.ts`.
 */

export interface ImportCounts {
  readonly added: number;
  /** Already in this browser (same id or hash): kept as they are here. */
  readonly kept: number;
}

export interface ImportSummary {
  readonly cases: ImportCounts;
  readonly files: ImportCounts;
  readonly runs: ImportCounts;
  readonly notes: ImportCounts;
  /** Model versions of the registry (with their bundles and stage history). */
  readonly models: ImportCounts;
  readonly exports: ImportCounts;
  /** Evaluation records of evaluate cells. */
  readonly evaluations: ImportCounts;
}

type NumberArray = Int32Array | Float32Array | Float64Array;

function arrayType(a: NumberArray): ArrayRef['type'] {
  return a instanceof Int32Array ? 'int32' : a instanceof Float32Array ? 'float32' : 'float64';
}

function copyBytes(a: NumberArray): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(a.byteLength);
  bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return bytes;
}

/** A workspace file and what it holds (for the record of its export). */
export interface WorkspaceExport {
  readonly file: Blob;
  readonly contents: WorkspaceExportContents;
}

/** Everything stored, as one file (`meta` is stamped on the header). */
export async function exportWorkspace(
  db: CasebookDb,
  meta: {
    readonly appVersion: string;
    readonly exportedAt: string;
    /** Open cases whose last edits could not be stored (a full disk): exported in place of the stored copy. */
    readonly unsaved?: readonly Case[];
  },
): Promise<WorkspaceExport> {
  const tables = [
    db.cases,
    db.blobs,
    db.runBatches,
    db.runs,
    db.runArtifacts,
    db.runNotes,
    db.modelVersions,
    db.modelBundles,
    db.stageEvents,
    db.runDeletions,
    db.exports,
    db.evaluations,
  ];
  const all = await guardStorage(() =>
    db.transaction('r', tables, async () => ({
      cases: await db.cases.toArray(),
      blobs: await db.blobs.toArray(),
      batches: await db.runBatches.toArray(),
      runs: await db.runs.toArray(),
      artifacts: await db.runArtifacts.toArray(),
      notes: await db.runNotes.toArray(),
      versions: await db.modelVersions.toArray(),
      bundles: await db.modelBundles.toArray(),
      events: await db.stageEvents.toArray(),
      deletions: await db.runDeletions.toArray(),
      exports: await db.exports.toArray(),
      evaluations: await db.evaluations.toArray(),
    })),
  );
  const parts: BlobPart[] = [];
  const sections: { offset: number; length: number }[] = [];
  let offset = 0;
  const add = (part: Blob | Uint8Array<ArrayBuffer>): number => {
    const length = part instanceof Blob ? part.size : part.byteLength;
    sections.push({ offset, length });
    parts.push(part);
    offset += length;
    return sections.length - 1;
  };
  const ref = (a: NumberArray): ArrayRef => ({
    section: add(copyBytes(a)),
    type: arrayType(a),
  });
  const files = all.blobs.map((b) => ({
    sha256: b.sha256,
    type: b.blob.type,
    sizeBytes: b.sizeBytes,
    storedAt: b.storedAt,
    section: add(b.blob),
  }));
  const runBatches = all.batches.map((b) => ({
    ...b,
    validationRowIds: ref(b.validationRowIds),
    validationTruth: ref(b.validationTruth),
  }));
  const runArtifacts = all.artifacts.map((a) => ({ ...a, scores: a.scores === null ? null : ref(a.scores) }));
  // A bundle can be megabytes of JSON: its text goes in the binary area, not into the header.
  const modelBundles = all.bundles.map((b) => ({
    versionId: b.versionId,
    sha256: b.sha256,
    section: add(new TextEncoder().encode(b.text)),
  }));
  const header = {
    format: 'casebook-workspace',
    appVersion: meta.appVersion,
    exportedAt: meta.exportedAt,
    sections,
    cases: withUnsaved(all.cases, meta.unsaved ?? []),
    files,
    runBatches,
    runs: all.runs,
    runArtifacts,
    runNotes: all.notes,
    modelVersions: all.versions,
    modelBundles,
    stageEvents: all.events,
    runDeletions: all.deletions,
    exports: all.exports,
    evaluations: all.evaluations,
  };
  const contents: WorkspaceExportContents = {
    kind: 'workspace',
    cases: all.cases.map((c) => ({ caseId: asCaseId(c.id), title: c.title, deleted: c.deletedAt !== null })),
    files: all.blobs.length,
    runIds: all.runs.map((r) => r.id),
  };
  return { file: encodeContainer(header, parts), contents };
}

const envelope = v.object({
  format: v.literal('casebook-workspace', 'is not "casebook-workspace"'),
  appVersion: v.pipe(v.string('is not text'), v.maxLength(100, 'is too long')),
  exportedAt: v.pipe(v.string('is not text'), v.maxLength(40, 'is too long')),
  sections: v.array(
    v.object({
      offset: v.pipe(v.number(), v.integer('is not a whole number'), v.minValue(0, 'is negative')),
      length: v.pipe(v.number(), v.integer('is not a whole number'), v.minValue(0, 'is negative')),
    }),
    'is not a list',
  ),
  cases: v.array(v.unknown(), 'is not a list'),
  files: v.array(v.unknown(), 'is not a list'),
  runBatches: v.array(v.unknown(), 'is not a list'),
  runs: v.array(v.unknown(), 'is not a list'),
  runArtifacts: v.array(v.unknown(), 'is not a list'),
  runNotes: v.array(v.unknown(), 'is not a list'),
  // Absent from files exported before the registry existed.
  modelVersions: v.optional(v.array(v.unknown(), 'is not a list'), []),
  modelBundles: v.optional(v.array(v.unknown(), 'is not a list'), []),
  stageEvents: v.optional(v.array(v.unknown(), 'is not a list'), []),
  // Added later in format 1: a file written before them has none.
  runDeletions: v.optional(v.array(v.unknown(), 'is not a list'), []),
  exports: v.optional(v.array(v.unknown(), 'is not a list'), []),
  evaluations: v.optional(v.array(v.unknown(), 'is not a list'), []),
});

/**
 * Reads and checks a whole workspace file without writing anything: what an import writes, and
 * what the command line's `run` reads a case from.
 */
export async function readWorkspaceFile(file: Blob): Promise<Entries> {
  const container = await readContainer(file);
  const parsed = v.safeParse(envelope, container.header);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = (issue.path ?? []).map((p) => String(p.key)).join('.');
    throw refused(
      `The file is not a Casebook workspace: header${where ? `.${where}` : ''} ${issue.message}.`,
    );
  }
  const { sections, ...raw } = parsed.output;
  const end = Math.max(0, ...sections.map((s) => s.offset + s.length));
  if (end > container.binaryLength) throw truncated(container.binaryStart + end, file.size);
  return validateEntries(raw satisfies RawEntries, sectionReader(file, container, sections));
}

function sectionReader(
  file: Blob,
  container: Container,
  sections: readonly { offset: number; length: number }[],
) {
  return (index: number, type?: string): Blob => {
    const section = sections[index];
    if (!section) throw refused(`The file is damaged: it names section ${index}, which it does not have.`);
    const start = container.binaryStart + section.offset;
    return file.slice(start, start + section.length, type);
  };
}

/**
 * Imports a workspace file: everything is read and checked first (a malformed or hostile file is
 * refused with what is wrong, and nothing changes); then one transaction adds what this browser
 * does not have. Nothing here is overwritten: a case, file, batch or note already stored under
 * the same id is kept as it is.
 */
export async function importWorkspace(
  db: CasebookDb,
  file: Blob,
  options: { hash?: (blob: Blob) => Promise<string> } = {},
): Promise<ImportSummary> {
  const entries = await readWorkspaceFile(file);
  const hash = options.hash ?? ((blob: Blob) => sha256OfBlob(blob));
  // Hashed before the transaction: awaiting anything but IndexedDB inside one commits it.
  for (const [i, f] of entries.files.entries()) {
    const actual = await hash(f.blob);
    if (actual !== f.sha256) {
      throw refused(
        `files[${i}] does not match its SHA-256 (the file says ${f.sha256.slice(0, 12)}…, its bytes give ${actual.slice(0, 12)}…): the file is damaged.`,
      );
    }
  }
  return guardStorage(() => write(db, entries));
}

async function write(db: CasebookDb, entries: Entries): Promise<ImportSummary> {
  const tables = [
    db.cases,
    db.blobs,
    db.runBatches,
    db.runs,
    db.runArtifacts,
    db.runNotes,
    db.modelVersions,
    db.modelBundles,
    db.stageEvents,
    db.runDeletions,
    db.exports,
    db.evaluations,
  ];
  return db.transaction('rw', tables, async () => {
    const cases = await addMissing<CaseRecord>(db.cases, entries.cases, (c) => c.id);
    const blobs: BlobRecord[] = entries.files.map((f) => ({
      sha256: f.sha256,
      blob: f.blob,
      sizeBytes: f.sizeBytes,
      storedAt: f.storedAt,
    }));
    const files = await addMissing<BlobRecord>(db.blobs, blobs, (b) => b.sha256);
    let runsAdded = 0;
    let runsKept = 0;
    for (const { bundle, deletions } of entries.bundles) {
      if (await db.runBatches.get(bundle.batch.id)) {
        runsKept += bundle.runs.length;
        continue;
      }
      const clash = (await db.runs.bulkGet(bundle.runs.map((r) => r.id))).find((r) => r !== undefined);
      if (clash) {
        throw refused(
          `Run ${clash.id} of the file is already stored here in another batch; the file does not fit this workspace.`,
        );
      }
      await db.runBatches.add(bundle.batch);
      await db.runs.bulkAdd([...bundle.runs]);
      await db.runArtifacts.bulkAdd([...bundle.artifacts]);
      await db.runDeletions.bulkAdd([...deletions]);
      runsAdded += bundle.runs.length;
    }
    // Notes only for runs stored here now: a run this browser deleted for good stays deleted.
    const stored = await db.runs.bulkGet(entries.notes.map((n) => n.runId));
    const notes = await addMissing<RunNotes>(
      db.runNotes,
      entries.notes.filter((_, i) => stored[i] !== undefined),
      (n) => n.runId,
    );
    const models = await writeRegistry(db, entries.registry);
    const exports = await addMissing<ExportRecord>(db.exports, entries.exports, (e) => e.id);
    // Evaluations too only of runs stored here now.
    const judged = await db.runs.bulkGet(entries.evaluations.map((e) => e.runId));
    const evaluations = await addMissing<EvaluationRecord>(
      db.evaluations,
      entries.evaluations.filter((_, i) => judged[i] !== undefined),
      (e) => e.id,
    );
    return { cases, files, runs: { added: runsAdded, kept: runsKept }, notes, models, exports, evaluations };
  });
}

/**
 * A case's registry comes in whole or not at all: added when this browser has none for the case,
 * kept when it already has every version and event of the file (the same history), and refused
 * otherwise — two histories of one case cannot be merged without rewriting one of them.
 */
async function writeRegistry(db: CasebookDb, registry: Entries['registry']): Promise<ImportCounts> {
  let added = 0;
  let kept = 0;
  for (const caseId of new Set(registry.versions.map((x) => x.caseId))) {
    const versions = registry.versions.filter((x) => x.caseId === caseId);
    const events = registry.events.filter((e) => e.caseId === caseId);
    const local = await db.modelVersions.where('caseId').equals(caseId).toArray();
    if (local.length === 0) {
      await db.modelVersions.bulkAdd([...versions]);
      await db.modelBundles.bulkAdd(
        registry.bundles.filter((b) => versions.some((x) => x.id === b.versionId)),
      );
      await db.stageEvents.bulkAdd([...events]);
      added += versions.length;
      continue;
    }
    const localEvents = new Set(
      (await db.stageEvents.where('caseId').equals(caseId).toArray()).map((e) => e.id),
    );
    const localIds = new Set(local.map((x) => x.id));
    if (!versions.every((x) => localIds.has(x.id)) || !events.every((e) => localEvents.has(e.id))) {
      throw refused(
        `The models of case ${caseId} here and in the file have different histories; a registry cannot be merged.`,
      );
    }
    kept += versions.length;
  }
  return { added, kept };
}

interface Table<T> {
  bulkGet(keys: string[]): Promise<(T | undefined)[]>;
  bulkAdd(items: readonly T[]): Promise<unknown>;
}

async function addMissing<T>(
  table: Table<T>,
  items: readonly T[],
  key: (item: T) => string,
): Promise<ImportCounts> {
  const existing = await table.bulkGet(items.map(key));
  const missing = items.filter((_, i) => existing[i] === undefined);
  if (missing.length > 0) await table.bulkAdd(missing);
  return { added: missing.length, kept: items.length - missing.length };
}

/**
 * The stored cases with the unsaved edits of open ones in place (their rev one past the stored
 * one): "Export workspace" is the way out of a full disk, so it must carry what the disk refused.
 */
function withUnsaved(cases: readonly CaseRecord[], unsaved: readonly Case[]): CaseRecord[] {
  const byId = new Map<string, Case>(unsaved.map((doc) => [doc.id, doc]));
  return cases.map((record) => {
    const doc = record.deletedAt === null ? byId.get(record.id) : undefined;
    return doc ? { ...record, title: doc.title, updatedAt: doc.updatedAt, doc, rev: record.rev + 1 } : record;
  });
}
