import { exportIndex, type ExportContents, type ExportRecord } from '../notebook/exports';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';

/** Test helper: an export record of `contents` (a report of case-1 showing run-1 by default). */
export function exportRecord(
  options: { id?: string; sha256?: string; exportedAt?: string; contents?: ExportContents } = {},
): ExportRecord {
  const contents: ExportContents = options.contents ?? {
    kind: 'report',
    caseId: asCaseId('case-1'),
    caseTitle: 'Churn',
    cells: [{ cellId: asCellId('t1'), kind: 'train', title: 'Train on features' }],
    runs: [
      {
        runId: asRunId('run-1'),
        batchId: 'batch-1',
        cellId: asCellId('t1'),
        label: 'Logistic regression (C = 1)',
      },
    ],
    fingerprints: [{ label: 'Training data features', value: 'd'.repeat(64) }],
  };
  return {
    id: options.id ?? 'export-1',
    kind: contents.kind,
    exportedAt: options.exportedAt ?? '2026-04-02T00:00:00.000Z',
    appVersion: '0.1.0',
    fileName: 'Churn.html',
    sizeBytes: 1234,
    sha256: options.sha256 ?? 'a'.repeat(64),
    ...exportIndex(contents),
    contents,
  };
}
