import { pipelineScript, type PipelineStep } from '../data/pipeline';
import { assertNever } from '../lib/errors';
import { buildGraph, cellOutput } from '../notebook/graph';
import type { CellId } from '../notebook/ids';
import type { Case, Cell } from '../notebook/types';

/**
 * The case's data preparation as one SQL script for native DuckDB, in the order the cell graph
 * runs it. Cells that cannot run (no file yet, a cycle, a duplicated output, a clean cell whose
 * input is not there to compile against: `cleanSql` holds the others) are left out, and the
 * script names them at the end.
 */
export function caseScript(
  doc: Case,
  appVersion: string,
  exportedAt: string,
  cleanSql: ReadonlyMap<CellId, string> = new Map(),
): string {
  const graph = buildGraph(doc.cells);
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const steps: PipelineStep[] = [];
  const skipped: string[] = [];
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    const step = graph.problems.has(id) ? null : stepOf(cell, cleanSql);
    const output = cellOutput(cell);
    if (step) steps.push(step);
    else if (output !== null) skipped.push(output);
  }
  return pipelineScript({ caseTitle: doc.title, appVersion, exportedAt, leftOut: skipped }, steps);
}

function stepOf(cell: Cell, cleanSql: ReadonlyMap<CellId, string>): PipelineStep | null {
  switch (cell.kind) {
    case 'markdown':
    case 'profile':
    case 'chart':
    case 'brief':
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
    case 'clean': {
      const sql = cleanSql.get(cell.id);
      if (sql === undefined) return null;
      const enabled = cell.config.steps.filter((s) => s.enabled).length;
      return {
        kind: 'query',
        table: cell.config.output,
        sql,
        materialize: 'table',
        label: `Clean cell: ${enabled} ${enabled === 1 ? 'step' : 'steps'} on ${cell.config.input}`,
      };
    }
    case 'features':
    case 'train':
    case 'evaluate':
      // Modelling, not preparation: the features SQL needs the values a run learned.
      return null;
    default:
      return assertNever(cell);
  }
}
