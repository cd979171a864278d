import type { SqlEngine } from '../data/engine';
import { pipelineScript, type PipelineStep } from '../data/pipeline';
import { isBrief } from '../notebook/brief';
import { buildGraph, cellOutput } from '../notebook/graph';
import type { CellId, RunId } from '../notebook/ids';
import type { RunBatch } from '../notebook/runs';
import type { Case, CellKind, CellOf } from '../notebook/types';
import { unitOf } from './registry';
import { fittedFeaturesSql } from './shared/features-table';

/**
 * The features a run trained on, to rebuild its exact matrix (issue 22, item 5): the Features
 * cell, the query it compiled with the values fitted on that run's training rows, and which run.
 */
export interface FittedFeatures {
  readonly cellId: CellId;
  readonly sql: string;
  /** For the comment above it: "the champion run r-1 (batch b-1)". */
  readonly label: string;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The query that rebuilds the features table a batch trained on, from its lineage: the Features
 * cell as it was, the values it fitted, and the brief of the chain; null when one is not recorded.
 */
function fittedOf(batch: RunBatch): { cellId: CellId; sql: string } | null {
  const { links } = batch.lineage;
  const features = links.find((l) => same(cellOutput(l.cell) ?? '', batch.data.input));
  const brief = links.find((l) => isBrief(l.cell))?.cell;
  if (features?.cell.kind !== 'features' || features.fitted === null || !brief || !isBrief(brief))
    return null;
  return {
    cellId: features.cell.id,
    sql: fittedFeaturesSql(features.cell.config, brief.config, features.fitted),
  };
}

/**
 * Per Features cell, the fitted query of one run that trained on its table: the run `chosen`
 * when it did, else the champion (`champion`, the run the registry's champion was promoted from),
 * else the best run of the newest batch that has one.
 */
export function chooseFittedFeatures(
  batches: readonly RunBatch[],
  champion: RunId | null,
  chosen: RunId | null = null,
): FittedFeatures[] {
  const byCell = new Map<CellId, { batch: RunBatch; sql: string }[]>();
  for (const batch of batches) {
    const fitted = fittedOf(batch);
    if (fitted) byCell.set(fitted.cellId, [...(byCell.get(fitted.cellId) ?? []), { batch, sql: fitted.sql }]);
  }
  return [...byCell].flatMap(([cellId, candidates]): FittedFeatures[] => {
    const holding = (runId: RunId | null) =>
      runId === null ? undefined : candidates.find((c) => c.batch.runIds.includes(runId));
    const pick = (run: RunId, c: { batch: RunBatch; sql: string }, who: string): FittedFeatures => ({
      cellId,
      sql: c.sql,
      label: `${who} ${run} (batch ${c.batch.id})`,
    });
    const byChoice = holding(chosen);
    if (chosen !== null && byChoice) return [pick(chosen, byChoice, 'the chosen run')];
    const byChampion = holding(champion);
    if (champion !== null && byChampion) return [pick(champion, byChampion, 'the champion run')];
    const newest = candidates
      .filter((c) => c.batch.best !== null)
      .sort((a, b) => b.batch.finishedAt.localeCompare(a.batch.finishedAt))[0];
    return newest?.batch.best ? [pick(newest.batch.best, newest, 'the best run')] : [];
  });
}

/**
 * The case's data preparation as one SQL script for native DuckDB, in the order the cell graph
 * runs it. Each kind writes its own statement (`script` of its unit). A Features cell's table is
 * built with the values fitted for one run (`features`, see `chooseFittedFeatures`), so that the
 * script rebuilds the exact matrix that run trained on. Cells that cannot run (a cycle, a
 * duplicated output) or whose statement cannot be written yet (no file, a clean cell whose input is
 * not there to compile against, a Features cell no stored run trained on), and the tables of
 * other modelling cells, are left out, and the script names them at the end.
 */
export async function caseScript(
  doc: Case,
  engine: SqlEngine,
  appVersion: string,
  exportedAt: string,
  features: readonly FittedFeatures[] = [],
): Promise<string> {
  const graph = buildGraph(doc.cells);
  const byId = new Map(doc.cells.map((c) => [c.id, c]));
  const fitted = new Map(features.map((f) => [f.cellId, f]));
  const steps: PipelineStep[] = [];
  const skipped: string[] = [];
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    const output = cellOutput(cell);
    const step = graph.problems.has(id) ? null : await stepOf(cell, engine, fitted.get(id));
    if (step) steps.push(step);
    else if (output !== null) skipped.push(output);
  }
  return pipelineScript({ caseTitle: doc.title, appVersion, exportedAt, leftOut: skipped }, steps);
}

function stepOf<K extends CellKind>(
  cell: CellOf<K>,
  engine: SqlEngine,
  fitted: FittedFeatures | undefined,
): Promise<PipelineStep | null> {
  const output = cellOutput(cell);
  if (cell.kind === 'features' && fitted && output !== null) {
    return Promise.resolve({
      kind: 'query',
      table: output,
      sql: fitted.sql,
      materialize: 'table',
      label: `Features cell: the values fitted for ${fitted.label}, on its training rows`,
    });
  }
  const script = unitOf(cell.kind).script;
  return script === null ? Promise.resolve(null) : script(cell, engine);
}
