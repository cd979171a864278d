import { assertNever } from '../../lib/errors';
import { unitOf } from '../../cells/registry';
import type { LineageLinkOf, LineageView } from '../../cells/unit';
import { isBrief } from '../../notebook/brief';
import { cellFiles } from '../../notebook/cell';
import { cellOutput } from '../../notebook/graph';
import { exportKindName, type ExportRecord } from '../../notebook/exports';
import type { EvaluationRecord } from '../../notebook/evaluations';
import { METRIC_LABELS } from '../../notebook/metrics';
import type { LineageLink } from '../../notebook/runs';
import type { CellKind, CellOf, SourceFile } from '../../notebook/types';
import { layoutGraph, type Layout, type Link } from './elk-layout';
import type { RunRow } from './runs-view';

/*
 * A run's lineage as a graph: source files → tables (one per cell of the chain) → the run → its
 * model and its evaluations → the files exported with them (reports, workspace files, model
 * bundles), with an edge from each thing a cell reads. Built from the run's record, its
 * evaluation records and the export records that hold it.
 */

export type LineageNode =
  | {
      readonly kind: 'file';
      readonly id: string;
      readonly label: string;
      readonly file: SourceFile;
      /** Where the file came from, in the user's words ('' when not said). */
      readonly origin: string;
      readonly link: LineageLink;
    }
  | { readonly kind: 'cell'; readonly id: string; readonly label: string; readonly link: LineageLink }
  | { readonly kind: 'run'; readonly id: string; readonly label: string }
  | { readonly kind: 'model'; readonly id: string; readonly label: string }
  | { readonly kind: 'export'; readonly id: string; readonly label: string; readonly record: ExportRecord }
  | {
      readonly kind: 'evaluation';
      readonly id: string;
      readonly label: string;
      readonly record: EvaluationRecord;
    };

export interface LineageGraph {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly Link[];
}

export const RUN_NODE = 'run';
export const MODEL_NODE = 'model';
/** `file:<cell>`, then `file:<cell>:1`… for a cell that holds more than one file. */
const fileNode = (link: LineageLink, i: number): string =>
  i === 0 ? `file:${link.cell.id}` : `file:${link.cell.id}:${i}`;
const cellNode = (link: LineageLink): string => `cell:${link.cell.id}`;
const evaluationNode = (id: string): string => `evaluation:${id}`;

/** "churn", or the cell's kind where it writes no table ("brief"). */
export function tableName(link: LineageLink): string {
  const output = cellOutput(link.cell);
  return output === null || output.trim() === '' ? link.cell.kind : output;
}

/** What the run read directly: the table it trained on and the brief; the chain's ends if neither is found. */
function runInputs(row: RunRow): LineageLink[] {
  const { links } = row.batch.lineage;
  const input = row.batch.data.input.toLowerCase();
  const direct = links.filter((l) => isBrief(l.cell) || (cellOutput(l.cell) ?? '').toLowerCase() === input);
  if (direct.some((l) => !isBrief(l.cell))) return direct;
  const read = new Set(links.flatMap((l) => l.upstream));
  return links.filter((l) => !read.has(l.cell.id));
}

/** "ROC AUC 0.842", "RMSE —": what an evaluation node is labelled. */
function evaluationLabel(record: EvaluationRecord): string {
  const { metric, value } = record.evaluation;
  return `${METRIC_LABELS[metric]} ${value === null ? '—' : value.toFixed(3)}`;
}

/**
 * The graph of `row`'s run; `exports` are the export records that hold it, `evaluations` the
 * evaluation records of it. A report made from an evaluation hangs from that evaluation.
 */
export function lineageGraph(
  row: RunRow,
  exports: readonly ExportRecord[] = [],
  evaluations: readonly EvaluationRecord[] = [],
): LineageGraph {
  const { links } = row.batch.lineage;
  const inChain = new Set(links.map((l) => l.cell.id));
  const nodes: LineageNode[] = [];
  const edges: Link[] = [];
  for (const link of links) {
    cellFiles(link.cell).forEach(({ file, origin }, i) => {
      nodes.push({ kind: 'file', id: fileNode(link, i), label: file.name, file, origin, link });
      edges.push({ from: fileNode(link, i), to: cellNode(link) });
    });
    nodes.push({ kind: 'cell', id: cellNode(link), label: tableName(link), link });
    for (const up of link.upstream)
      if (inChain.has(up)) edges.push({ from: `cell:${up}`, to: cellNode(link) });
  }
  nodes.push({ kind: 'run', id: RUN_NODE, label: row.run.label });
  for (const link of runInputs(row)) edges.push({ from: cellNode(link), to: RUN_NODE });
  nodes.push({ kind: 'model', id: MODEL_NODE, label: row.run.spec?.kind ?? 'rule' });
  edges.push({ from: RUN_NODE, to: MODEL_NODE });
  const judged = new Set<string>();
  for (const record of evaluations) {
    if (record.runId !== row.run.id) continue;
    judged.add(record.id);
    nodes.push({ kind: 'evaluation', id: evaluationNode(record.id), label: evaluationLabel(record), record });
    edges.push({ from: RUN_NODE, to: evaluationNode(record.id) });
  }
  for (const record of exports) {
    if (!record.runIds.includes(row.run.id)) continue;
    const id = `export:${record.id}`;
    nodes.push({ kind: 'export', id, label: record.fileName, record });
    // A bundle holds the model; a report its evaluations (else the run); a workspace file the run.
    const from =
      record.contents.kind === 'report'
        ? (record.contents.evaluations ?? []).filter((e) => judged.has(e)).map(evaluationNode)
        : [];
    if (from.length === 0) from.push(record.kind === 'model-bundle' ? MODEL_NODE : RUN_NODE);
    for (const source of from) edges.push({ from: source, to: id });
  }
  return { nodes, edges };
}

/** The accessible name of a node's button: "Source file customers.csv", "Table churn (sql)". */
export function nodeName(node: LineageNode): string {
  switch (node.kind) {
    case 'file':
      return `Source file ${node.label}`;
    case 'cell':
      return cellOutput(node.link.cell) === null
        ? `Cell ${node.label}`
        : `Table ${node.label} (${node.link.cell.kind})`;
    case 'run':
      return `Run: ${node.label}`;
    case 'model':
      return `Model: ${node.label}`;
    case 'export':
      return `${exportKindName(node.record.kind)} ${node.label}`;
    case 'evaluation':
      return `Evaluation: ${node.label}, ${node.record.evaluatedAt}`;
    default:
      return assertNever(node);
  }
}

/** The caption above a node's label: "file", "sql", "run", "model", "report". */
export function nodeCaption(node: LineageNode): string {
  if (node.kind === 'export') return node.record.kind === 'model-bundle' ? 'bundle' : node.record.kind;
  return node.kind === 'cell' ? node.link.cell.kind : node.kind;
}

/** What a link's kind shows of its cell beyond the settings (its SQL, its steps), and the link for it; null for nothing. */
export function lineageViewOf<K extends CellKind>(
  link: LineageLink,
  cell: CellOf<K>,
): { readonly View: LineageView<K>; readonly link: LineageLinkOf<K> } | null {
  const View = unitOf(cell.kind).lineageView;
  return View === null ? null : { View, link: { ...link, cell } };
}

/** The nodes `id` reads: what made it, in the order of the edges. */
export function inputsOf(graph: LineageGraph, id: string): LineageNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.edges.flatMap((e) => {
    const node = e.to === id ? byId.get(e.from) : undefined;
    return node ? [node] : [];
  });
}

/** At most `max` characters, with an ellipsis where cut (the full label is in the node's name). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 38;
// 12px monospace is about 7.2px a character: 18 fit a node beside its 8px inset.
export const LABEL_CHARS = 18;

export function layoutLineage(graph: LineageGraph): Promise<Layout> {
  return layoutGraph(
    graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    graph.edges,
  );
}

/** The size of a stored model as JSON text (UTF-8 bytes); typed arrays count as arrays of numbers. */
export function modelBytes(model: unknown): number {
  const text = JSON.stringify(model, (_key, value: unknown) =>
    value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array
      ? Array.from(value)
      : value,
  );
  return new TextEncoder().encode(text).length;
}
