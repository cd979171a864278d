import { assertNever } from '../../lib/errors';
import type { LineageGraph, LineageNode } from './lineage-graph';
import { nodeName } from './lineage-graph';
import type { RunRow } from './runs-view';

/*
 * Finding things in a lineage graph: nodes by name or by any hash they carry, and the part of the
 * graph a node belongs to (what made it, and what was made from it).
 */

/** The texts a node is found by: its label and name, and every id and hash it carries. */
export function nodeKeys(node: LineageNode, row: RunRow): string[] {
  const named = [node.label, nodeName(node)];
  switch (node.kind) {
    case 'file':
      return [...named, node.file.sha256, node.link.fingerprint];
    case 'cell':
      return [...named, node.link.fingerprint, node.link.cell.id];
    case 'run':
      return [
        ...named,
        row.run.id,
        row.batch.id,
        row.batch.data.fingerprint,
        row.batch.data.splitFingerprint,
      ];
    case 'model':
      return [...named, row.run.id];
    case 'export':
      return [...named, node.record.sha256, node.record.id];
    case 'evaluation':
      return [...named, node.record.id];
    default:
      return assertNever(node);
  }
}

/** The ids of the nodes whose name or a hash contains `query` (any case); none for a blank query. */
export function findNodes(graph: LineageGraph, row: RunRow, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  return graph.nodes
    .filter((n) => nodeKeys(n, row).some((k) => k.toLowerCase().includes(q)))
    .map((n) => n.id);
}

/** `id`, everything it was made from (ancestors) and everything made from it (descendants). */
export function lineageOf(graph: LineageGraph, id: string): Set<string> {
  const walk = (next: (edge: { from: string; to: string }) => [string, string]): Set<string> => {
    const seen = new Set([id]);
    const queue = [id];
    for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
      for (const e of graph.edges) {
        const [here, there] = next(e);
        if (here === at && !seen.has(there)) {
          seen.add(there);
          queue.push(there);
        }
      }
    }
    return seen;
  };
  return new Set([...walk((e) => [e.to, e.from]), ...walk((e) => [e.from, e.to])]);
}

/** The graph cut down to `keep` (and the edges between kept nodes). */
export function subgraph(graph: LineageGraph, keep: ReadonlySet<string>): LineageGraph {
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}
