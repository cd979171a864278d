import { canonicalJson, hash64 } from './hash';
import type { CellId } from './ids';
import type { Cell } from './types';

/** Why a cell cannot run as the graph stands. */
export type GraphProblem =
  | { readonly kind: 'duplicate-output'; readonly table: string; readonly otherCell: CellId }
  | { readonly kind: 'cycle'; readonly cells: readonly CellId[] }
  | { readonly kind: 'self-reference'; readonly table: string };

export interface CellGraph {
  /** Topological; ties keep document order; cells in a cycle come last. */
  readonly order: readonly CellId[];
  readonly upstream: ReadonlyMap<CellId, readonly CellId[]>;
  readonly downstream: ReadonlyMap<CellId, readonly CellId[]>;
  readonly problems: ReadonlyMap<CellId, GraphProblem>;
}

/** The table a cell writes, or null. */
export function cellOutput(cell: Cell): string | null {
  return cell.kind === 'markdown' ? null : cell.config.output;
}

/** DuckDB identifiers are case-insensitive. */
const key = (table: string): string => table.toLowerCase();

/** The graph of cells by the tables they read (`reads`) and write (`output`). */
export function buildGraph(cells: readonly Cell[]): CellGraph {
  const producers = new Map<string, CellId>();
  const problems = new Map<CellId, GraphProblem>();
  for (const cell of cells) {
    const output = cellOutput(cell);
    if (output === null) continue;
    const other = producers.get(key(output));
    if (other === undefined) producers.set(key(output), cell.id);
    else problems.set(cell.id, { kind: 'duplicate-output', table: output, otherCell: other });
  }
  const upstream = new Map<CellId, CellId[]>();
  const downstream = new Map<CellId, CellId[]>(cells.map((c) => [c.id, []]));
  for (const cell of cells) {
    const ups: CellId[] = [];
    for (const table of cell.reads) {
      const producer = producers.get(key(table));
      if (producer === undefined) continue;
      if (producer === cell.id) {
        problems.set(cell.id, { kind: 'self-reference', table });
        continue;
      }
      if (!ups.includes(producer)) ups.push(producer);
    }
    upstream.set(cell.id, ups);
    for (const up of ups) downstream.get(up)?.push(cell.id);
  }
  const order = topologicalOrder(cells, upstream);
  const inCycle = cells.filter((c) => !order.includes(c.id)).map((c) => c.id);
  for (const id of inCycle) problems.set(id, { kind: 'cycle', cells: inCycle });
  return { order: [...order, ...inCycle], upstream, downstream, problems };
}

/** Kahn's algorithm; among ready cells the earliest in the document goes first. */
function topologicalOrder(
  cells: readonly Cell[],
  upstream: ReadonlyMap<CellId, readonly CellId[]>,
): CellId[] {
  const done = new Set<CellId>();
  const order: CellId[] = [];
  for (let progressed = true; progressed;) {
    progressed = false;
    for (const cell of cells) {
      if (done.has(cell.id)) continue;
      if ((upstream.get(cell.id) ?? []).every((up) => done.has(up))) {
        done.add(cell.id);
        order.push(cell.id);
        progressed = true;
        break;
      }
    }
  }
  return order;
}

/** Every cell that depends on `id`, directly or not, in graph order. */
export function transitiveDownstream(graph: CellGraph, id: CellId): CellId[] {
  const seen = new Set<CellId>();
  const visit = (cellId: CellId): void => {
    for (const down of graph.downstream.get(cellId) ?? []) {
      if (seen.has(down)) continue;
      seen.add(down);
      visit(down);
    }
  };
  visit(id);
  return graph.order.filter((cellId) => seen.has(cellId));
}

/** Every cell that `id` depends on, directly or not, in graph order. */
export function transitiveUpstream(graph: CellGraph, id: CellId): CellId[] {
  const seen = new Set<CellId>();
  const visit = (cellId: CellId): void => {
    for (const up of graph.upstream.get(cellId) ?? []) {
      if (seen.has(up)) continue;
      seen.add(up);
      visit(up);
    }
  };
  visit(id);
  return graph.order.filter((cellId) => seen.has(cellId));
}

/**
 * The fingerprint of what each cell would produce: its kind and config, and the fingerprints of
 * the cells it reads. A source's note is metadata and does not count; its file counts by SHA-256.
 */
export function fingerprints(cells: readonly Cell[], graph: CellGraph): Map<CellId, string> {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const result = new Map<CellId, string>();
  for (const id of graph.order) {
    const cell = byId.get(id);
    if (!cell) continue;
    const inputs = (graph.upstream.get(id) ?? []).map((up) => result.get(up) ?? 'cycle');
    result.set(id, hash64(canonicalJson({ kind: cell.kind, config: fingerprintedConfig(cell), inputs })));
  }
  return result;
}

function fingerprintedConfig(cell: Cell): unknown {
  if (cell.kind !== 'source') return cell.config;
  const { note: _note, file, ...rest } = cell.config;
  return { ...rest, file: file ? { sha256: file.sha256, format: file.format } : null };
}

/** Cells (not markdown) whose fingerprint differs from that of their last successful run. */
export function staleCells(
  cells: readonly Cell[],
  current: ReadonlyMap<CellId, string>,
  lastRun: ReadonlyMap<CellId, string>,
): Set<CellId> {
  const stale = new Set<CellId>();
  for (const cell of cells) {
    if (cell.kind === 'markdown') continue;
    if (current.get(cell.id) !== lastRun.get(cell.id)) stale.add(cell.id);
  }
  return stale;
}
