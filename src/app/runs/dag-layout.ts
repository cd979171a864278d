/*
 * A small layered layout for a directed acyclic graph, drawn left to right (after Sugiyama et
 * al., 1981): each node's layer is its longest path from a source; an edge that spans several
 * layers passes through a point in each (a "dummy"), so that it bends around the nodes between;
 * within a layer, nodes are ordered by the barycenter of their neighbours, sweeping down and up,
 * and the order with the fewest crossings wins. Pure and deterministic: ties keep input order.
 */

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

export interface PlacedNode {
  readonly id: string;
  readonly layer: number;
  /** Its position among the nodes and edge bends of its layer, top first. */
  readonly order: number;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  /** From the middle of `from`'s right side to the middle of `to`'s left side, through its bends. */
  readonly points: readonly Point[];
}

export interface Layout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

export interface Spacing {
  /** Between the right of one layer and the left of the next. */
  readonly layerGap: number;
  /** Between two nodes of a layer. */
  readonly nodeGap: number;
  /** The height an edge bend takes in a layer. */
  readonly bendHeight: number;
}

const DEFAULT_SPACING: Spacing = { layerGap: 48, nodeGap: 14, bendHeight: 4 };
const SWEEPS = 4;

/**
 * Each node's layer: 0 for a node nothing points to, else one past the highest of its
 * predecessors. An edge that would close a cycle is ignored (a lineage has none; this only
 * keeps a bad input from looping).
 */
export function longestPathLayers(ids: readonly string[], edges: readonly LayoutEdge[]): Map<string, number> {
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (preds.has(e.from)) preds.get(e.to)?.push(e.from);
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = layers.get(id);
    if (known !== undefined) return known;
    visiting.add(id);
    let layer = 0;
    for (const p of preds.get(id) ?? []) if (!visiting.has(p)) layer = Math.max(layer, visit(p) + 1);
    visiting.delete(id);
    layers.set(id, layer);
    return layer;
  };
  for (const id of ids) visit(id);
  return layers;
}

/** How many pairs of edges cross between consecutive layers, with the rows in this order. */
export function countCrossings(rows: readonly (readonly string[])[], links: readonly LayoutEdge[]): number {
  let total = 0;
  for (let l = 0; l + 1 < rows.length; l++) {
    const top = new Map((rows[l] ?? []).map((k, i) => [k, i]));
    const bottom = new Map((rows[l + 1] ?? []).map((k, i) => [k, i]));
    const segments = links.flatMap((e) => {
      const [a, b] = [top.get(e.from), bottom.get(e.to)];
      return a === undefined || b === undefined ? [] : [[a, b] as const];
    });
    for (let i = 0; i < segments.length; i++)
      for (let j = i + 1; j < segments.length; j++) {
        const [s, t] = [segments[i], segments[j]];
        if (s && t && (s[0] - t[0]) * (s[1] - t[1]) < 0) total++;
      }
  }
  return total;
}

/** Reorders one layer by the mean position of its neighbours in `fixed`; ties and loners keep their place. */
function reorder(
  layer: readonly string[],
  fixed: readonly string[],
  neighbours: Map<string, string[]>,
): string[] {
  const position = new Map(fixed.map((k, i) => [k, i]));
  return layer
    .map((key, i) => {
      const near = (neighbours.get(key) ?? []).flatMap((n) => {
        const p = position.get(n);
        return p === undefined ? [] : [p];
      });
      const center = near.length === 0 ? i : near.reduce((a, b) => a + b, 0) / near.length;
      return { key, i, center };
    })
    .sort((a, b) => a.center - b.center || a.i - b.i)
    .map((x) => x.key);
}

/** Lays out `nodes` (in the order ties should keep) and the `edges` between them; unknown ends are dropped. */
export function layoutDag(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  spacing: Spacing = DEFAULT_SPACING,
): Layout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kept = edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to);
  const layerOf = longestPathLayers(
    nodes.map((n) => n.id),
    kept,
  );
  const layerCount = Math.max(0, ...layerOf.values()) + 1;
  // A row per layer: node ids, and a key per edge bend (NUL-prefixed: no node id can equal one).
  const rows: string[][] = Array.from({ length: nodes.length === 0 ? 0 : layerCount }, () => []);
  for (const n of nodes) rows[layerOf.get(n.id) ?? 0]?.push(n.id);

  // Each edge as a chain of unit links through one bend per layer it crosses.
  const chains: string[][] = [];
  const links: LayoutEdge[] = [];
  kept.forEach((e, index) => {
    const [from, to] = [layerOf.get(e.from) ?? 0, layerOf.get(e.to) ?? 0];
    const chain = [e.from];
    for (let l = from + 1; l < to; l++) {
      const key = `\u0000${index}:${l}`;
      rows[l]?.push(key);
      chain.push(key);
    }
    chain.push(e.to);
    chains.push(chain);
    for (let i = 0; i + 1 < chain.length; i++) links.push({ from: chain[i] ?? '', to: chain[i + 1] ?? '' });
  });

  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const { from, to } of links) {
    preds.set(to, [...(preds.get(to) ?? []), from]);
    succs.set(from, [...(succs.get(from) ?? []), to]);
  }
  let order: string[][] = rows;
  let best = order;
  let fewest = countCrossings(order, links);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    const down = sweep % 2 === 0;
    const next = [...order];
    const indices = [...next.keys()];
    for (const l of down ? indices.slice(1) : indices.reverse().slice(1)) {
      next[l] = reorder(next[l] ?? [], next[down ? l - 1 : l + 1] ?? [], down ? preds : succs);
    }
    order = next;
    const crossings = countCrossings(order, links);
    if (crossings < fewest) [best, fewest] = [order, crossings];
  }
  return place(best, byId, chains, kept, spacing);
}

function place(
  rows: readonly (readonly string[])[],
  byId: ReadonlyMap<string, LayoutNode>,
  chains: readonly string[][],
  edges: readonly LayoutEdge[],
  spacing: Spacing,
): Layout {
  const heightOf = (key: string): number => byId.get(key)?.height ?? spacing.bendHeight;
  const columnWidth = rows.map((row) => Math.max(0, ...row.map((k) => byId.get(k)?.width ?? 0)));
  const rowHeight = rows.map((row) =>
    row.reduce((sum, k, i) => sum + heightOf(k) + (i > 0 ? spacing.nodeGap : 0), 0),
  );
  const height = Math.max(0, ...rowHeight);
  const boxes = new Map<string, PlacedNode>();
  let x = 0;
  rows.forEach((row, layer) => {
    // Each layer centred on the tallest; nodes centred in their column.
    let y = (height - (rowHeight[layer] ?? 0)) / 2;
    const column = columnWidth[layer] ?? 0;
    row.forEach((key, order) => {
      const node = byId.get(key);
      const [w, h] = [node?.width ?? 0, heightOf(key)];
      boxes.set(key, { id: key, layer, order, x: x + (column - w) / 2, y, width: w, height: h });
      y += h + spacing.nodeGap;
    });
    x += column + spacing.layerGap;
  });
  const middle = (b: PlacedNode | undefined, side: 'left' | 'right' | 'center'): Point =>
    b === undefined
      ? { x: 0, y: 0 }
      : { x: b.x + (side === 'left' ? 0 : side === 'right' ? b.width : b.width / 2), y: b.y + b.height / 2 };
  const placedEdges = edges.map((e, i): PlacedEdge => {
    const chain = chains[i] ?? [];
    const points = chain.map((key, j) =>
      middle(boxes.get(key), j === 0 ? 'right' : j === chain.length - 1 ? 'left' : 'center'),
    );
    return { from: e.from, to: e.to, points };
  });
  return {
    nodes: [...boxes.values()].filter((b) => byId.has(b.id)),
    edges: placedEdges,
    width: Math.max(0, x - spacing.layerGap),
    height,
  };
}
