import { unitOf, type CellOutput } from '../../cells/registry';
import type { EvaluationRecord } from '../../notebook/evaluations';
import type { CellId } from '../../notebook/ids';
import type { RunBatchBundle } from '../../notebook/runs';
import type { CellKind, CellOf } from '../../notebook/types';
import { renderReport } from '../../report';
import { downloadFile, safeFileName } from '../../ui/download';
import type { CaseSession } from '../case-session.svelte';
import { recordOrWarn, reportContents } from '../exports';
import { APP_VERSION } from '../version';
import { assembleReport, type ReportSources } from './assemble';
import { loadBatches } from './load';

/** The last output of a cell in this tab, or null. */
function outputOf(session: CaseSession): (id: CellId) => CellOutput | null {
  return (id) => {
    const status = session.runtime.status(id);
    return status.state === 'done' ? status.output : null;
  };
}

/** The stored batch a cell shows in this tab, as its kind tells; null for none. */
function shownBatch<K extends CellKind>(session: CaseSession, cell: CellOf<K>): string | null {
  const status = session.runtime.statusOf(cell);
  return status.state === 'done' ? unitOf(cell.kind).report.shownBatch(status.output) : null;
}

/** Reads the stored batches the report shows; the rest comes from the case as it is at export. */
export function loadReportBatches(session: CaseSession): Promise<Map<CellId, RunBatchBundle>> {
  return loadBatches(session.runs, session.doc, (cell) => shownBatch(session, cell));
}

/** The case's evaluation records, which the report's evaluation sections name. */
export function loadReportEvaluations(session: CaseSession): Promise<EvaluationRecord[]> {
  return session.evaluations.forCase(session.doc.id);
}

export function reportSources(
  session: CaseSession,
  batches: ReadonlyMap<CellId, RunBatchBundle>,
  evaluations: readonly EvaluationRecord[] = [],
): ReportSources {
  return { doc: session.doc, output: outputOf(session), batches, evaluations, document };
}

/**
 * Renders the chosen cells, records the export in the lineage (the SHA-256 of these bytes, the
 * cells and runs shown), then downloads it as `<case title>.html`. Returns its size in bytes, and
 * a warning when the record could not be stored (the file is downloaded all the same).
 */
export async function exportReport(
  session: CaseSession,
  batches: ReadonlyMap<CellId, RunBatchBundle>,
  choice: { readonly cellIds: readonly CellId[]; readonly summary: string },
  evaluations: readonly EvaluationRecord[] = [],
): Promise<{ readonly sizeBytes: number; readonly warning: string | null }> {
  const input = assembleReport(reportSources(session, batches, evaluations), {
    ...choice,
    exportedAt: new Date().toISOString(),
    appVersion: APP_VERSION,
  });
  const file = new Blob([renderReport(input)], { type: 'text/html;charset=utf-8' });
  const fileName = safeFileName(session.doc.title, 'html');
  const contents = reportContents(session.doc, choice.cellIds, batches, input);
  const warning = await recordOrWarn(session.recordExport, file, { fileName, contents });
  downloadFile(fileName, file, file.type);
  return { sizeBytes: file.size, warning };
}
