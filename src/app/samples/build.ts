import { sha256OfBlob } from '../../data/file-hash';
import { newCaseId, newCellId } from '../../notebook/ids';
import { addCell, createCase, newCell, outputsOf, updateConfig } from '../../notebook/ops';
import type { Case, Cell } from '../../notebook/types';
import type { SampleCase, SampleCell, SampleFileStep } from './types';

export interface SampleFile {
  readonly sha256: string;
  readonly blob: Blob;
}

/**
 * Builds a sample case from its steps and the files shipped in `public/sample/<folder>`. `store`
 * keeps each file's bytes before the case refers to them.
 */
export async function buildSample(
  sample: SampleCase,
  fetchFile: (path: string) => Promise<Blob>,
  store: (file: SampleFile) => Promise<void>,
  now: string,
): Promise<Case> {
  let doc = createCase(newCaseId(), sample.title, now);
  for (const step of sample.steps) {
    doc =
      step.kind === 'file'
        ? await addFile(doc, sample.folder, step, fetchFile, store, now)
        : addSampleCell(doc, step, now);
  }
  return doc;
}

async function addFile(
  doc: Case,
  folder: string,
  step: SampleFileStep,
  fetchFile: (path: string) => Promise<Blob>,
  store: (file: SampleFile) => Promise<void>,
  now: string,
): Promise<Case> {
  const blob = await fetchFile(`sample/${folder}/${step.file}`);
  const sha256 = await sha256OfBlob(blob);
  await store({ sha256, blob });
  const cell = newCell('source', newCellId(), outputsOf(doc));
  const added = addCell(doc, cell, doc.cells.length, now);
  return updateConfig(
    added,
    cell.id,
    'source',
    {
      output: step.table,
      note: step.note,
      file: { sha256, name: step.file, sizeBytes: blob.size, format: step.format, importedAt: now },
    },
    now,
  );
}

/** A cell of any kind with the sample's config, appended at the end. */
export function addSampleCell(doc: Case, step: SampleCell, now: string): Case {
  const cell: Cell = { ...step, id: newCellId(), reads: step.reads ?? [] };
  return addCell(doc, cell, doc.cells.length, now);
}
