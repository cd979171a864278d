import { assertNever, type Problem } from '../lib/errors';
import { briefCell, briefOf } from './brief';
import { canonicalJson, hash64 } from './hash';
import type { CellId } from './ids';
import { cellKindFacts, factsOf } from './kinds';
import type { BriefConfig, Cell, CellKind, CellOf } from './types';

/** Why a cell cannot run as the graph stands. */
export type GraphProblem =
  | { readonly kind: 'duplicate-output'; readonly table: string; readonly otherCell: CellId }
  | { readonly kind: 'cycle'; readonly cells: readonly CellId[] }
  | { readonly kind: 'self-reference'; readonly table: string };

export interface CellGraph {
  /**
   * Every cell, upstream before downstream, ties in document order. Cells that cannot be ordered
   * come last: each cycle in document order, followed by the cells that read from it.
   */
  readonly order: readonly CellId[];
  /** The cells whose tables a cell reads, in the order of its `reads`. */
  readonly upstream: ReadonlyMap<CellId, readonly CellId[]>;
  /** The cells that read a cell's table, in document order. */
  readonly downstream: ReadonlyMap<CellId, readonly CellId[]>;
  /** At most one per cell; a cycle outranks a self-reference (a duplicate output excludes both). */
  readonly problems: ReadonlyMap<CellId, GraphProblem>;
}

/** Why a cell cannot run, for people: what to change. */
export function graphProblem(problem: GraphProblem): Problem {
  switch (problem.kind) {
    case 'duplicate-output':
      return graph(
        `Another cell above already creates "${problem.table}". Give this cell's output another name.`,
      );
    case 'cycle':
      return graph('These cells read each other in a circle. Break the loop by renaming an output.');
    case 'self-reference':
      return graph(`This cell reads "${problem.table}", the table it creates. Read another table.`);
    default:
      return assertNever(problem);
  }
}

const graph = (message: string): Problem => ({ code: 'graph', message });

/** The table a cell writes, or null. */
export function cellOutput<K extends CellKind>(cell: CellOf<K>): string | null {
  return factsOf(cell.kind).output(cell.config);
}

/** DuckDB identifiers are case-insensitive. */
const tableKey = (table: string): string => table.toLowerCase();

/**
 * The graph of cells by the tables they read (`reads`) and write (`output`). A read that no cell
 * writes is left out (a DuckDB built-in, or a mistake the engine reports when the cell runs); a
 * blank output writes nothing (the engine reports it too).
 */
export function buildGraph(cells: readonly Cell[]): CellGraph {
  const problems = new Map<CellId, GraphProblem>();
  const producers = new Map<string, CellId>();
  for (const cell of cells) {
    const output = cellOutput(cell);
    if (output === null || output.trim() === '') continue;
    const other = producers.get(tableKey(output));
    if (other === undefined) producers.set(tableKey(output), cell.id);
    else problems.set(cell.id, { kind: 'duplicate-output', table: output, otherCell: other });
  }
  const upstream = new Map<CellId, CellId[]>();
  const downstream = new Map<CellId, CellId[]>(cells.map((c) => [c.id, []]));
  const brief = briefCell(cells);
  for (const cell of cells) {
    const ups: CellId[] = brief && readsBrief(cell) ? [brief.id] : [];
    for (const table of cell.reads) {
      const producer = producers.get(tableKey(table));
      if (producer === cell.id) problems.set(cell.id, { kind: 'self-reference', table });
      else if (producer !== undefined && !ups.includes(producer)) ups.push(producer);
    }
    upstream.set(cell.id, ups);
    for (const up of ups) downstream.get(up)?.push(cell.id);
  }
  const { order, cycles } = orderCells(cells, upstream);
  for (const cycle of cycles) for (const id of cycle) problems.set(id, { kind: 'cycle', cells: cycle });
  return { order, upstream, downstream, problems };
}

/** Cells whose kind reads the case's brief (target, task, metric, values): its first brief cell is upstream of them. */
export function readsBrief(cell: Cell): boolean {
  return cellKindFacts[cell.kind].readsBrief;
}

/**
 * Kahn's algorithm, earliest in the document first. What it cannot order (cycles and what reads
 * from them) is ordered after, by the same algorithm over strongly connected components.
 */
function orderCells(
  cells: readonly Cell[],
  upstream: ReadonlyMap<CellId, readonly CellId[]>,
): { order: CellId[]; cycles: CellId[][] } {
  const position = new Map(cells.map((c, i) => [c.id, i]));
  const preds = cells.map((c) => (upstream.get(c.id) ?? []).flatMap((up) => position.get(up) ?? []));
  const first = kahn(preds);
  const done = new Set(first);
  const rest = cells.map((_, i) => i).filter((i) => !done.has(i));
  const components = stronglyConnected(rest, preds);
  const componentOf = new Map<number, number>();
  components.forEach((members, k) => members.forEach((i) => componentOf.set(i, k)));
  const componentPreds = components.map((members, k) => {
    const from = members.flatMap((i) => preds[i] ?? []).map((p) => componentOf.get(p) ?? k);
    return [...new Set(from)].filter((p) => p !== k);
  });
  const idAt = (i: number): CellId[] => (cells[i] ? [cells[i].id] : []);
  const order = [...first, ...kahn(componentPreds).flatMap((k) => components[k] ?? [])].flatMap(idAt);
  const cycles = components.filter((members) => members.length > 1).map((members) => members.flatMap(idAt));
  return { order, cycles };
}

/**
 * Topological order of nodes 0..n-1 given each node's predecessors; among ready nodes the lowest
 * number goes first. Nodes on or behind a cycle are left out.
 */
function kahn(preds: readonly (readonly number[])[]): number[] {
  const waiting = preds.map((p) => p.length);
  const succs = preds.map((): number[] => []);
  preds.forEach((p, node) => p.forEach((pred) => succs[pred]?.push(node)));
  const ready = waiting.flatMap((count, node) => (count === 0 ? [node] : []));
  const order: number[] = [];
  for (let node = ready.shift(); node !== undefined; node = ready.shift()) {
    order.push(node);
    for (const next of succs[node] ?? []) {
      const count = (waiting[next] ?? 0) - 1;
      waiting[next] = count;
      if (count === 0) ready.splice(insertionPoint(ready, next), 0, next);
    }
  }
  return order;
}

function insertionPoint(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The strongly connected components of the subgraph on `nodes` (ascending), each in ascending
 * order, listed by their first node. Two nodes share a component when each reaches the other;
 * this is quadratic in `nodes`, which holds only the few cells that Kahn's algorithm left over.
 */
function stronglyConnected(nodes: readonly number[], preds: readonly (readonly number[])[]): number[][] {
  const inSet = new Set(nodes);
  const reaches = new Map(nodes.map((n) => [n, reachableFrom(n, preds, inSet)]));
  const assigned = new Set<number>();
  const components: number[][] = [];
  for (const n of nodes) {
    if (assigned.has(n)) continue;
    const members = nodes.filter((m) => m === n || (reaches.get(n)?.has(m) && reaches.get(m)?.has(n)));
    members.forEach((m) => assigned.add(m));
    components.push(members);
  }
  return components;
}

/** The nodes of `within` that `start` reads from, directly or not. */
function reachableFrom(
  start: number,
  preds: readonly (readonly number[])[],
  within: ReadonlySet<number>,
): Set<number> {
  const seen = new Set<number>();
  const stack = [start];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const pred of preds[node] ?? []) {
      if (within.has(pred) && !seen.has(pred)) {
        seen.add(pred);
        stack.push(pred);
      }
    }
  }
  return seen;
}

/** Every cell that reads from `id`, directly or not, in graph order, without `id`. */
export function transitiveDownstream(graph: CellGraph, id: CellId): CellId[] {
  return closure(graph, graph.downstream, id);
}

/** Every cell that `id` reads from, directly or not, in graph order, without `id`. */
export function transitiveUpstream(graph: CellGraph, id: CellId): CellId[] {
  return closure(graph, graph.upstream, id);
}

function closure(graph: CellGraph, edges: ReadonlyMap<CellId, readonly CellId[]>, id: CellId): CellId[] {
  const seen = new Set<CellId>();
  const stack = [id];
  for (let cellId = stack.pop(); cellId !== undefined; cellId = stack.pop()) {
    for (const next of edges.get(cellId) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return graph.order.filter((cellId) => cellId !== id && seen.has(cellId));
}

/** What of the model registry a cell's result may depend on: the champion's version id, null when none. */
export interface RegistryInputs {
  readonly champion: string | null;
}

const NO_CHAMPION: RegistryInputs = { champion: null };

/**
 * The fingerprint of what each cell would produce: hash64 of its kind, its config and the
 * fingerprints of the cells it reads, the champion for a cell that reads it (only then, so
 * that no other fingerprint, nor a table cache key, changes with the registry), and the part of
 * the brief a kind reads without having the brief upstream (`briefPart`). Same inputs, same
 * fingerprint.
 */
export function fingerprints(
  cells: readonly Cell[],
  graph: CellGraph,
  registry: RegistryInputs = NO_CHAMPION,
): Map<CellId, string> {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const brief = briefOf(cells);
  const result = new Map<CellId, string>();
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    // Inside a cycle an input may not have one yet: the cell cannot run anyway.
    const inputs = (graph.upstream.get(id) ?? []).map((up) => result.get(up) ?? 'cycle');
    const champion = readsChampion(cell) ? { champion: registry.champion } : {};
    const part = briefPartOf(cell, brief);
    result.set(
      id,
      hash64(
        canonicalJson({ kind: cell.kind, config: fingerprintedConfig(cell), inputs, ...champion, ...part }),
      ),
    );
  }
  return result;
}

function readsChampion<K extends CellKind>(cell: CellOf<K>): boolean {
  return factsOf(cell.kind).readsChampion(cell.config);
}

/** The part of the brief a cell reads without having it upstream, keyed for its fingerprint; {} for none (no key). */
function briefPartOf<K extends CellKind>(cell: CellOf<K>, brief: BriefConfig | null): { brief?: unknown } {
  const part = factsOf(cell.kind).briefPart;
  return part ? { brief: part(cell.config, brief) } : {};
}

/** What of a config decides the cell's result (a source's file counts by its bytes, not its name). */
function fingerprintedConfig<K extends CellKind>(cell: CellOf<K>): unknown {
  return factsOf(cell.kind).fingerprint(cell.config);
}

/** Cells that run (not notes) and never ran, or whose fingerprint changed since their last successful run. */
export function staleCells(
  cells: readonly Cell[],
  fps: ReadonlyMap<CellId, string>,
  lastRun: ReadonlyMap<CellId, string>,
): Set<CellId> {
  const stale = new Set<CellId>();
  for (const cell of cells) {
    if (!cellKindFacts[cell.kind].runs) continue;
    const last = lastRun.get(cell.id);
    if (last === undefined || fps.get(cell.id) !== last) stale.add(cell.id);
  }
  return stale;
}
