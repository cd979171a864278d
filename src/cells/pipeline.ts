import { pipelineScript, type PipelineStep } from '../data/pipeline';
import { assertNever } from '../lib/errors';
import { buildGraph } from '../notebook/graph';
import type { Case, Cell } from '../notebook/types';

/**
 * The case's data preparation as one SQL script for native DuckDB, in the order the cell graph
 * runs it. Cells that cannot run (no file yet, a cycle, a duplicated output) are left out, and
 * the script names them at the end.
 */
export function caseScript(doc: Case, appVersion: string, exportedAt: string): string {
  const graph = buildGraph(doc.cells);
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const steps: PipelineStep[] = [];
  const skipped: string[] = [];
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    const step = graph.problems.has(id) ? null : stepOf(cell);
    if (step) steps.push(step);
    else if (cell.kind !== 'markdown') skipped.push(cell.config.output);
  }
  return pipelineScript({ caseTitle: doc.title, appVersion, exportedAt, leftOut: skipped }, steps);
}

function stepOf(cell: Cell): PipelineStep | null {
  switch (cell.kind) {
    case 'markdown':
      return null;
    case 'source': {
      const { file, output, note, csv } = cell.config;
      if (!file) return null;
      return {
        kind: 'source',
        table: output,
        fileName: file.name,
        format: file.format,
        sha256: file.sha256,
        note,
        csv,
      };
    }
    case 'sql':
      return {
        kind: 'query',
        table: cell.config.output,
        sql: cell.config.sql,
        materialize: cell.config.materialize,
        label: 'SQL cell',
      };
    default:
      return assertNever(cell);
  }
}
