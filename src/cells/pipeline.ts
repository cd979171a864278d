import type { SqlEngine } from '../data/engine';
import { pipelineScript, type PipelineStep } from '../data/pipeline';
import { buildGraph, cellOutput } from '../notebook/graph';
import type { Case, CellKind, CellOf } from '../notebook/types';
import { unitOf } from './registry';

/**
 * The case's data preparation as one SQL script for native DuckDB, in the order the cell graph
 * runs it. Each kind writes its own statement (`script` of its unit). Cells that cannot run (a
 * cycle, a duplicated output) or whose statement cannot be written yet (no file, a clean cell
 * whose input is not there to compile against), and the tables of modelling cells, are left out,
 * and the script names them at the end.
 */
export async function caseScript(
  doc: Case,
  engine: SqlEngine,
  appVersion: string,
  exportedAt: string,
): Promise<string> {
  const graph = buildGraph(doc.cells);
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const steps: PipelineStep[] = [];
  const skipped: string[] = [];
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    const step = graph.problems.has(id) ? null : await stepOf(cell, engine);
    const output = cellOutput(cell);
    if (step) steps.push(step);
    else if (output !== null) skipped.push(output);
  }
  return pipelineScript({ caseTitle: doc.title, appVersion, exportedAt, leftOut: skipped }, steps);
}

function stepOf<K extends CellKind>(cell: CellOf<K>, engine: SqlEngine): Promise<PipelineStep | null> {
  const script = unitOf(cell.kind).script;
  return script === null ? Promise.resolve(null) : script(cell, engine);
}
