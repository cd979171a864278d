import type { CellGraph } from '../notebook/graph';
import type { CellId } from '../notebook/ids';

/**
 * The order in which a background build runs `pending` (the cells still to run or restore): the
 * cells the user can see (`wanted`) and every pending cell they read from, directly or not, first,
 * in graph order; then the rest, in graph order. Either part keeps each cell after its inputs, so
 * the whole is a valid run order. Nothing wanted (nothing on screen, or no view): graph order.
 * Cells not in `graph.order` are left out.
 */
export function buildOrder(
  graph: CellGraph,
  pending: Iterable<CellId>,
  wanted: ReadonlySet<CellId>,
): CellId[] {
  const todo = new Set(pending);
  // The wanted cells and their whole upstream closure, built or not (a built input may read a pending one).
  const seen = new Set<CellId>();
  const stack = [...wanted];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.upstream.get(id) ?? []));
  }
  const first = new Set([...seen].filter((id) => todo.has(id)));
  const inOrder = graph.order.filter((id) => todo.has(id));
  return [...inOrder.filter((id) => first.has(id)), ...inOrder.filter((id) => !first.has(id))];
}
