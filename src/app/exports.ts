import { cellTitle } from '../notebook/cell';
import { sha256OfBlob } from '../data/file-hash';
import { errorMessage } from '../lib/errors';
import {
  exportIndex,
  type ExportedRun,
  type ExportRecord,
  type ExportRecorder,
  type ReportExportContents,
} from '../notebook/exports';
import type { CellId } from '../notebook/ids';
import type { RunBatchBundle } from '../notebook/runs';
import type { Case } from '../notebook/types';
import type { ReportInput } from '../report';
import { randomId } from '../lib/random-id';

/*
 * Every file the app hands to the user is recorded before it is handed over: its SHA-256, its size
 * and what it held (see notebook/exports.ts). The report and the workspace export call this; the
 * model bundle's exporter calls `CaseSession.recordExport` (the same recorder) with
 * `{ kind: 'model-bundle', … }` contents.
 */

export interface RecorderDeps {
  readonly log: { record(entry: ExportRecord): Promise<void> };
  readonly appVersion: string;
  readonly now?: () => string;
  readonly hash?: (file: Blob) => Promise<string>;
  readonly newId?: () => string;
}

/** Hashes the file's bytes and stores the record (strict durability), then returns it. */
export function exportRecorder(deps: RecorderDeps): ExportRecorder {
  const now = deps.now ?? (() => new Date().toISOString());
  const hash = deps.hash ?? sha256OfBlob;
  const newId = deps.newId ?? (() => `export-${randomId()}`);
  return async (file, facts) => {
    const record: ExportRecord = {
      id: newId(),
      kind: facts.contents.kind,
      exportedAt: now(),
      appVersion: deps.appVersion,
      fileName: facts.fileName,
      sizeBytes: file.size,
      sha256: await hash(file),
      ...exportIndex(facts.contents),
      contents: facts.contents,
    };
    await deps.log.record(record);
    return record;
  };
}

/**
 * Records an export, and says (rather than throws) when it could not: the file is still handed
 * over, since a full disk is exactly when a user exports to make room. Null when recorded.
 */
export async function recordOrWarn(
  record: ExportRecorder,
  file: Blob,
  facts: Parameters<ExportRecorder>[1],
): Promise<string | null> {
  try {
    await record(file, facts);
    return null;
  } catch (e: unknown) {
    return `The file was made, but its export could not be recorded in the lineage (${errorMessage(e)}).`;
  }
}

/** What a report held: its cells, the runs its model and evaluation sections showed, its hashes. */
export function reportContents(
  doc: Case,
  cellIds: readonly CellId[],
  batches: ReadonlyMap<CellId, RunBatchBundle>,
  input: ReportInput,
): ReportExportContents {
  const shown = new Set(input.stamp.runIds);
  const runs: ExportedRun[] = [...batches.values()].flatMap(({ batch, runs: kept }) =>
    kept
      .filter((r) => shown.has(r.id))
      .map((r) => ({ runId: r.id, batchId: batch.id, cellId: batch.cellId, label: r.label })),
  );
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const cells = cellIds.flatMap((cellId) => {
    const cell = byId.get(cellId);
    return cell ? [{ cellId, kind: cell.kind, title: cellTitle(cell) }] : [];
  });
  return {
    kind: 'report',
    caseId: doc.id,
    caseTitle: doc.title,
    cells,
    runs,
    fingerprints: input.stamp.fingerprints.map((f) => ({ label: f.label, value: f.value })),
    ...(input.stamp.evaluationIds ? { evaluations: [...input.stamp.evaluationIds] } : {}),
  };
}
