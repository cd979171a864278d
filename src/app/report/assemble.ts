import { evaluateStoredBatch } from '../../cells/evaluate/stored';
import type { EvaluateResult } from '../../cells/evaluate/result';
import { cellTitle } from '../../cells/registry';
import type { CellOutput } from '../../cells/types';
import type { ChartData, ChartSpec } from '../../data/chart';
import { assertNever } from '../../lib/errors';
import type { CellId } from '../../notebook/ids';
import type { RunBatchBundle } from '../../notebook/runs';
import type { BriefConfig, Case, Cell } from '../../notebook/types';
import type { ReportFigure, ReportInput, ReportSection, SvgNode } from '../../report';
import {
  briefSection,
  cleanSection,
  evaluationSection,
  featuresSection,
  modelsSection,
  profileSection,
  sourceSection,
  sqlSection,
} from './sections';

/** Charts drawn for the report (in the page: Plot needs a document), as plain SVG data. */
export interface ReportCharts {
  chart(spec: ChartSpec, data: ChartData): SvgNode;
  evaluation(result: EvaluateResult): ReportFigure[];
}

/** What the report is made from: the case, what its cells produced in this tab, its stored runs. */
export interface ReportSources {
  readonly doc: Case;
  /** The last output of a cell in this tab; null when it has not run. */
  output(id: CellId): CellOutput | null;
  /** Per train cell: the stored batch the report shows (the one on screen, else the newest). */
  readonly batches: ReadonlyMap<CellId, RunBatchBundle>;
  readonly charts: ReportCharts;
}

export interface ReportChoice {
  readonly cellIds: readonly CellId[];
  readonly summary: string;
  /** ISO 8601 */
  readonly exportedAt: string;
  readonly appVersion: string;
}

/** The train cell whose predictions table an evaluate cell reads. */
function trainCellFor(doc: Case, table: string): CellId | null {
  const lower = table.toLowerCase();
  return doc.cells.find((c) => c.kind === 'train' && c.config.output.toLowerCase() === lower)?.id ?? null;
}

const briefOf = (doc: Case): BriefConfig | null => doc.cells.find((c) => c.kind === 'brief')?.config ?? null;

/**
 * The section a cell makes, or null when it has nothing to show (an empty markdown cell, a chart
 * not drawn, a train cell with no stored runs). Models and evaluation come from stored runs.
 */
export function cellSection(sources: ReportSources, cell: Cell): ReportSection | null {
  const heading = cellTitle(cell);
  const output = sources.output(cell.id);
  switch (cell.kind) {
    case 'markdown':
      return cell.config.text.trim() === ''
        ? null
        : { kind: 'markdown', heading: firstHeading(cell.config.text) ?? 'Notes', text: cell.config.text };
    case 'source':
      return cell.config.file === null ? null : sourceSection(cell, heading, output);
    case 'sql':
      return cell.config.sql.trim() === '' ? null : sqlSection(cell, heading, output);
    case 'clean':
      return cell.config.steps.length === 0 ? null : cleanSection(cell, heading, output);
    case 'profile':
      return output?.kind === 'profile' ? profileSection(heading, output) : null;
    case 'chart':
      return output?.kind === 'chart'
        ? {
            kind: 'chart',
            heading,
            figure: { caption: heading, svg: sources.charts.chart(output.spec, output.data) },
            note: null,
          }
        : null;
    case 'brief':
      return briefSection(cell, heading, output);
    case 'features':
      return cell.config.features.length === 0 ? null : featuresSection(cell, heading, output);
    case 'train': {
      const bundle = sources.batches.get(cell.id);
      return bundle ? modelsSection(heading, bundle) : null;
    }
    case 'evaluate': {
      const train = trainCellFor(sources.doc, cell.config.input);
      const bundle = train === null ? undefined : sources.batches.get(train);
      const brief = briefOf(sources.doc);
      if (!bundle || !brief) return null;
      const result = evaluateStoredBatch(bundle, brief, cell.config);
      return evaluationSection(heading, result, bundle.batch.id, sources.charts.evaluation(result));
    }
    default:
      return assertNever(cell);
  }
}

/** A markdown cell's first heading, as the section's name. */
function firstHeading(text: string): string | null {
  const match = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(text);
  return match?.[1] ?? null;
}

/** The cells that have something to show, in document order: what the report offers. */
export function reportableCells(sources: ReportSources): CellId[] {
  return sources.doc.cells.filter((c) => isReportable(sources, c)).map((c) => c.id);
}

function isReportable(sources: ReportSources, cell: Cell): boolean {
  switch (cell.kind) {
    case 'profile':
    case 'chart':
      return sources.output(cell.id)?.kind === cell.kind;
    case 'train':
      return sources.batches.has(cell.id);
    case 'evaluate': {
      const train = trainCellFor(sources.doc, cell.config.input);
      return train !== null && sources.batches.has(train) && briefOf(sources.doc) !== null;
    }
    default:
      // Cheap for the other kinds: they are built from the document.
      return cellSection(sources, cell) !== null;
  }
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
  const runIds = sections.flatMap((s) =>
    s.kind === 'models' || s.kind === 'evaluation' ? s.runs.map((r) => r.id) : [],
  );
  const fingerprints = [
    ...doc.cells.flatMap((c) =>
      c.kind === 'source' && c.config.file
        ? [{ label: `Source ${c.config.file.name}`, value: c.config.file.sha256 }]
        : [],
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
      fingerprints,
    },
  };
}
