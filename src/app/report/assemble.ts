import { isOutputOf, unitOf, type CellOutput, type OutputOf } from '../../cells/registry';
import type { ReportContext } from '../../cells/unit';
import { cellFiles, cellTitle } from '../../notebook/cell';
import type { EvaluationRecord } from '../../notebook/evaluations';
import type { CellId } from '../../notebook/ids';
import type { RunBatchBundle } from '../../notebook/runs';
import type { Case, CellKind, CellOf } from '../../notebook/types';
import type { ReportInput, ReportSection } from '../../report';

/*
 * The report of a case: each cell's section comes from its kind (`report` of its unit, in
 * src/cells/<kind>/), from the case, what the cell produced in this tab and the stored runs.
 */

/** What the report is made from: the case, what its cells produced in this tab, its stored runs. */
export interface ReportSources {
  readonly doc: Case;
  /** The last output of a cell in this tab; null when it has not run. */
  output(id: CellId): CellOutput | null;
  /** Stored run batches, by the cell that saved them: the one each shows, else its newest. */
  readonly batches: ReadonlyMap<CellId, RunBatchBundle>;
  /** The case's stored evaluation records. */
  readonly evaluations: readonly EvaluationRecord[];
  /** Where the report's charts are drawn (Plot needs a document). */
  readonly document: Document;
}

export interface ReportChoice {
  readonly cellIds: readonly CellId[];
  readonly summary: string;
  /** ISO 8601 */
  readonly exportedAt: string;
  readonly appVersion: string;
}

function contextOf<K extends CellKind>(sources: ReportSources, cell: CellOf<K>): ReportContext<OutputOf<K>> {
  const output = sources.output(cell.id);
  return {
    doc: sources.doc,
    output: output !== null && isOutputOf(cell.kind, output) ? output : null,
    batches: sources.batches,
    evaluations: sources.evaluations,
    heading: cellTitle(cell),
    document: sources.document,
  };
}

/**
 * The section a cell makes, or null when it has nothing to show (an empty markdown cell, a chart
 * not drawn, a train cell with no stored runs).
 */
export function cellSection<K extends CellKind>(
  sources: ReportSources,
  cell: CellOf<K>,
): ReportSection | null {
  return unitOf(cell.kind).report.section(cell, contextOf(sources, cell));
}

function isReportable<K extends CellKind>(sources: ReportSources, cell: CellOf<K>): boolean {
  return unitOf(cell.kind).report.has(cell, contextOf(sources, cell));
}

/** The cells that have something to show, in document order: what the report offers. */
export function reportableCells(sources: ReportSources): CellId[] {
  return sources.doc.cells.filter((c) => isReportable(sources, c)).map((c) => c.id);
}

/** The report's input: the chosen cells in the chosen order, stamped with what makes it traceable. */
export function assembleReport(sources: ReportSources, choice: ReportChoice): ReportInput {
  const { doc } = sources;
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const sections = choice.cellIds.flatMap((id) => {
    const cell = byId.get(id);
    const section = cell ? cellSection(sources, cell) : null;
    return section ? [section] : [];
  });
  const evaluationIds = sections.flatMap((s) => (s.kind === 'evaluation' && s.record ? [s.record.id] : []));
  const runIds = sections.flatMap((s) =>
    s.kind === 'models' || s.kind === 'evaluation' ? s.runs.map((r) => r.id) : [],
  );
  const fingerprints = [
    ...doc.cells.flatMap((c) =>
      cellFiles(c).map(({ file }) => ({ label: `Source ${file.name}`, value: file.sha256 })),
    ),
    ...[...sources.batches.values()].map((b) => ({
      label: `Training data ${b.batch.data.input}`,
      value: b.batch.data.fingerprint,
    })),
  ];
  return {
    title: doc.title,
    summary: choice.summary,
    sections,
    stamp: {
      caseId: doc.id,
      appVersion: choice.appVersion,
      exportedAt: choice.exportedAt,
      runIds: [...new Set(runIds)],
      ...(evaluationIds.length > 0 ? { evaluationIds: [...new Set(evaluationIds)] } : {}),
      fingerprints,
    },
  };
}
