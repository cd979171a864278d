import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import type { ExportRecord } from '../notebook/exports';
import { asCaseId, asCellId } from '../notebook/ids';
import { newCell } from '../notebook/ops';
import { sampleCase } from '../notebook/test-helpers';
import type { ReportInput } from '../report';
import { runBundle } from '../storage/test-runs';
import { exportRecorder, recordOrWarn, reportContents } from './exports';

// FIPS 180-2, appendix B.1: SHA-256("abc").
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

const contents = {
  kind: 'model-bundle' as const,
  caseId: asCaseId('case-1'),
  caseTitle: 'Churn',
  run: { runId: runBundle().runs[1]!.id, batchId: 'batch-1', cellId: asCellId('t1'), label: 'Logistic' },
  modelVersion: { id: 'mv-1', version: 2, stage: 'champion' },
};

describe('exportRecorder', () => {
  it('stores what, when, the SHA-256 of the bytes and what the file held, and returns it', async () => {
    const stored: ExportRecord[] = [];
    const record = exportRecorder({
      log: { record: async (e) => void stored.push(e) },
      appVersion: '0.1.0',
      now: () => '2026-04-02T10:00:00.000Z',
      newId: () => 'export-1',
    });
    const made = await record(new Blob(['abc']), { fileName: 'model.zip', contents });
    expect(made).toEqual({
      id: 'export-1',
      kind: 'model-bundle',
      exportedAt: '2026-04-02T10:00:00.000Z',
      appVersion: '0.1.0',
      fileName: 'model.zip',
      sizeBytes: 3,
      sha256: ABC_SHA256,
      caseIds: ['case-1'],
      runIds: [contents.run.runId],
      contents,
    });
    expect(stored).toEqual([made]);
  });

  it('says, without throwing, that an export could not be recorded', async () => {
    const record = exportRecorder({
      log: { record: () => Promise.reject(new AppError('quota', 'The browser refused to store more data.')) },
      appVersion: '0.1.0',
    });
    const warning = await recordOrWarn(record, new Blob(['abc']), { fileName: 'x', contents });
    expect(warning).toMatch(/could not be recorded in the lineage \(The browser refused/);
  });
});

describe('reportContents', () => {
  it('names the cells chosen and the runs the report showed, with the batch and cell of each', () => {
    const bundle = runBundle();
    const train = newCell('train', asCellId('t1'), new Set());
    const doc = { ...sampleCase(), cells: [...sampleCase().cells, train] };
    const shown = [bundle.runs[0]!.id, bundle.runs[1]!.id];
    const input: ReportInput = {
      title: doc.title,
      summary: '',
      sections: [],
      stamp: {
        caseId: doc.id,
        appVersion: '0.1.0',
        exportedAt: '2026-04-02T10:00:00.000Z',
        runIds: shown,
        fingerprints: [{ label: 'Training data features', value: 'd'.repeat(64) }],
      },
    };
    const made = reportContents(doc, [train.id], new Map([[train.id, bundle]]), input);
    expect(made).toMatchObject({ kind: 'report', caseId: 'case-1', caseTitle: doc.title });
    expect(made.cells).toEqual([{ cellId: 't1', kind: 'train', title: expect.any(String) }]);
    expect(made.runs).toEqual([
      { runId: shown[0], batchId: 'batch-1', cellId: 't1', label: 'Baseline' },
      { runId: shown[1], batchId: 'batch-1', cellId: 't1', label: 'Logistic regression (C = 1)' },
    ]);
    expect(made.fingerprints).toEqual(input.stamp.fingerprints);
  });
});
