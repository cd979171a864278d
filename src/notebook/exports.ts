import { assertNever } from '../lib/errors';
import type { CaseId, CellId, RunId } from './ids';

/*
 * Exports as lineage records: every file the app hands to the user (a report, a workspace file, a
 * model bundle) is recorded once, immutable, with the SHA-256 of its bytes and what it held, so
 * that the lineage answers "which report did the manager see, and which model was in it?". The
 * app builds them (`app/exports.ts`), the storage keeps them, the lineage view shows them. Types
 * and pure helpers only.
 */

export type ExportKind = 'report' | 'workspace' | 'model-bundle';

/** A run as an export names it: enough to find it, and to say what it was once it is deleted. */
export interface ExportedRun {
  readonly runId: RunId;
  readonly batchId: string;
  readonly cellId: CellId;
  /** "Logistic regression (C = 1)". */
  readonly label: string;
}

/** A cell a report showed. */
export interface ExportedCell {
  readonly cellId: CellId;
  /** The cell's kind when exported (text: a record outlives renamed kinds). */
  readonly kind: string;
  /** Its heading in the report. */
  readonly title: string;
}

/** A model version as a bundle names it (the registry's number and stage when exported). */
export interface ExportedModelVersion {
  readonly id: string;
  readonly version: number;
  readonly stage: string;
}

/** What a report held: the chosen cells, the runs its model and evaluation sections showed. */
export interface ReportExportContents {
  readonly kind: 'report';
  readonly caseId: CaseId;
  readonly caseTitle: string;
  readonly cells: readonly ExportedCell[];
  readonly runs: readonly ExportedRun[];
  /** The hashes printed in the report's provenance: source files and training data. */
  readonly fingerprints: readonly { readonly label: string; readonly value: string }[];
  /** The evaluation records its evaluation sections were made from (issue 22); absent when none. */
  readonly evaluations?: readonly string[];
}

/** What a workspace file held: every case (deleted ones too), file and run of the browser. */
export interface WorkspaceExportContents {
  readonly kind: 'workspace';
  readonly cases: readonly { readonly caseId: CaseId; readonly title: string; readonly deleted: boolean }[];
  readonly files: number;
  readonly runIds: readonly RunId[];
}

/** What a model bundle held: one run's model, and the version it was registered as. */
export interface ModelBundleExportContents {
  readonly kind: 'model-bundle';
  readonly caseId: CaseId;
  readonly caseTitle: string;
  readonly run: ExportedRun;
  /** Null when the run was exported without being registered. */
  readonly modelVersion: ExportedModelVersion | null;
}

export type ExportContents = ReportExportContents | WorkspaceExportContents | ModelBundleExportContents;

/** What the exporter knows; the recorder adds the id, the time, the size and the hash. */
export interface ExportFacts {
  readonly fileName: string;
  readonly contents: ExportContents;
}

/** One exported file. Written once and never changed. */
export interface ExportRecord {
  readonly id: string;
  readonly kind: ExportKind;
  /** ISO 8601. */
  readonly exportedAt: string;
  readonly appVersion: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** SHA-256 (hex) of the file's bytes, exactly as downloaded. */
  readonly sha256: string;
  /** Every case and run it holds (indexed: a run's lineage finds its exports by these). */
  readonly caseIds: readonly CaseId[];
  readonly runIds: readonly RunId[];
  readonly contents: ExportContents;
}

/**
 * Records an exported file (hashing its bytes) and returns the record. What the bundle exporter,
 * the report and the workspace export call; rejects with an AppError ('quota' when storage is full).
 */
export type ExportRecorder = (file: Blob, facts: ExportFacts) => Promise<ExportRecord>;

/** The cases and runs an export holds, as indexed. */
export function exportIndex(contents: ExportContents): Pick<ExportRecord, 'caseIds' | 'runIds'> {
  switch (contents.kind) {
    case 'report':
      return { caseIds: [contents.caseId], runIds: unique(contents.runs.map((r) => r.runId)) };
    case 'workspace':
      return { caseIds: unique(contents.cases.map((c) => c.caseId)), runIds: unique(contents.runIds) };
    case 'model-bundle':
      return { caseIds: [contents.caseId], runIds: [contents.run.runId] };
    default:
      return assertNever(contents);
  }
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** "Report", "Workspace file", "Model bundle". */
export function exportKindName(kind: ExportKind): string {
  switch (kind) {
    case 'report':
      return 'Report';
    case 'workspace':
      return 'Workspace file';
    case 'model-bundle':
      return 'Model bundle';
    default:
      return assertNever(kind);
  }
}
